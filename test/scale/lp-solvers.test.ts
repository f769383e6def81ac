import { describe, expect, it } from 'vitest';
import { designTerritories } from '../../src/index.js';
import { AUTO_HIGHS_MIN_ACCOUNTS, AUTO_HIGHS_MIN_REALIGN_ACCOUNTS, AUTO_JS_LP_WORK, chooseLpSolver } from '../../src/scale/lp-solvers.js';
import { solveWithJsLpSolver } from '../../src/rebalance/lp-adapter.js';
import { uniformInstance } from '../support/instances.js';
import { recomputeBalance } from '../support/check-plan.js';
import { makeProblem } from '../rebalance/problems.js';
import { highsInstalled } from '../support/highs-installed.js';

const installed = highsInstalled();

describe('options.solver', () => {
  const problem = makeProblem(uniformInstance({ n: 50, k: 2, seed: 1 }), { balance: ['potential'] });

  it("'javascript-lp-solver', and 'auto' below AUTO_HIGHS_MIN_ACCOUNTS, run the pure-JS simplex, with no warning", async () => {
    const below = { ...problem, n: AUTO_HIGHS_MIN_ACCOUNTS - 1 };
    const smallRealign = { ...problem, realign: true, n: AUTO_HIGHS_MIN_REALIGN_ACCOUNTS - 1 };
    const bigRealign = { ...problem, realign: true, n: AUTO_HIGHS_MIN_ACCOUNTS };
    for (const [choice, p] of [['auto', problem], ['auto', below], ['auto', smallRealign], ['javascript-lp-solver', problem], ['javascript-lp-solver', bigRealign]] as const) {
      const chosen = await chooseLpSolver(choice, p);
      expect(chosen.name).toBe('javascript-lp-solver');
      expect(chosen.solve).toBe(solveWithJsLpSolver);
      expect(chosen.warnings).toEqual([]);
    }
  });

  it.runIf(installed)("'auto' gives javascript-lp-solver a time budget per LP, with HiGHS installed to fall back on; 'javascript-lp-solver' asked for has none", async () => {
    expect((await chooseLpSolver('auto', problem)).budget).toBe(AUTO_JS_LP_WORK);
    expect((await chooseLpSolver('javascript-lp-solver', problem)).budget).toBeUndefined();
    expect((await chooseLpSolver('auto', { ...problem, n: AUTO_HIGHS_MIN_ACCOUNTS })).budget).toBeUndefined();
  });

  it.runIf(installed)("'auto' runs HiGHS on 5,000 accounts (clustered 5,000 x 25 took 3.2-6.2 s on the pure-JS simplex, 1.6-1.8 s on HiGHS)", async () => {
    expect((await chooseLpSolver('auto', { ...problem, n: 5000 })).name).toBe('highs');
  });

  it.runIf(installed)("'auto' runs HiGHS from AUTO_HIGHS_MIN_ACCOUNTS accounts on, with no warning", async () => {
    const chosen = await chooseLpSolver('auto', { ...problem, n: AUTO_HIGHS_MIN_ACCOUNTS });
    expect(chosen.name).toBe('highs');
    expect(chosen.solve).not.toBe(solveWithJsLpSolver);
    expect(chosen.warnings).toEqual([]);
  });

  it.runIf(installed)("'auto' runs HiGHS on a realignment from AUTO_HIGHS_MIN_REALIGN_ACCOUNTS accounts on", async () => {
    expect(AUTO_HIGHS_MIN_REALIGN_ACCOUNTS).toBeLessThan(AUTO_HIGHS_MIN_ACCOUNTS);
    const realign = { ...problem, realign: true, n: AUTO_HIGHS_MIN_REALIGN_ACCOUNTS };
    expect((await chooseLpSolver('auto', realign)).name).toBe('highs');
    // The same size designed on a blank map stays on the pure-JS simplex.
    expect((await chooseLpSolver('auto', { ...realign, realign: false })).name).toBe('javascript-lp-solver');
  });

  it.runIf(installed)("'highs' loads HiGHS and designs a plan inside the band, region by region on worker threads too", async () => {
    const chosen = await chooseLpSolver('highs', problem);
    expect(chosen.name).toBe('highs');
    expect(chosen.solve).not.toBe(solveWithJsLpSolver);
    const small = uniformInstance({ n: 600, k: 6, seed: 3 });
    const big = uniformInstance({ n: 3000, k: 30, seed: 4 });
    for (const input of [small, big]) {
      const plan = await designTerritories(input, { balance: ['potential', 'workload'], tolerance: 0.05, seed: 1, hulls: false, solver: 'highs', workers: 2 });
      expect(plan.warnings.filter((w) => w.code === 'solver-fallback')).toEqual([]);
      expect(plan.metrics.feasible).toBe(true);
      for (const m of recomputeBalance(input, plan, ['potential', 'workload'])) expect(m.maxDeviation).toBeLessThanOrEqual(0.05 + 1e-9);
    }
  });
});
