import { describe, expect, it, vi } from 'vitest';
import { AUTO_HIGHS_MIN_ACCOUNTS, AUTO_JS_LP_WORK, chooseLpSolver } from '../../src/scale/lp-solvers.js';
import { solveWithJsLpSolver } from '../../src/rebalance/lp-adapter.js';
import { uniformInstance } from '../support/instances.js';
import { makeProblem } from '../rebalance/problems.js';

// As where the optional package is not installed (or, with `installed` set, where its JavaScript imports but
// its WebAssembly fails to start).
const highs = vi.hoisted(() => ({ installed: false }));
vi.mock('../../src/rebalance/highs-adapter.js', () => ({ loadHighsSolver: async () => null, highsInstalled: async () => highs.installed }));

describe('options.solver without HiGHS', () => {
  const problem = { ...makeProblem(uniformInstance({ n: 50, k: 2, seed: 1 }), { balance: ['potential'] }), n: AUTO_HIGHS_MIN_ACCOUNTS };

  it("'auto' runs javascript-lp-solver silently, at any size, realignments too, with no time budget per LP (there is nothing to fall back on)", async () => {
    for (const p of [problem, { ...problem, realign: true }]) {
      const chosen = await chooseLpSolver('auto', p);
      expect(chosen).toEqual({ name: 'javascript-lp-solver', solve: solveWithJsLpSolver, warnings: [] });
    }
  });

  it("'highs' runs javascript-lp-solver and says why in a solver-fallback warning", async () => {
    const chosen = await chooseLpSolver('highs', problem);
    expect(chosen.name).toBe('javascript-lp-solver');
    expect(chosen.warnings).toEqual([{ code: 'solver-fallback', message: expect.stringContaining("'highs' could not be loaded") }]);
  });

  it("'auto' where the package imports but HiGHS does not start: no budget where HiGHS was wanted (nothing to fall back on)", async () => {
    highs.installed = true;
    try {
      expect(await chooseLpSolver('auto', problem)).toEqual({ name: 'javascript-lp-solver', solve: solveWithJsLpSolver, warnings: [] });
      // Below the threshold the runtime is not started, so the budget stands; a retry that finds no HiGHS
      // runs javascript-lp-solver again without it (highs-retry.test.ts).
      expect((await chooseLpSolver('auto', { ...problem, n: 100 })).budget).toBe(AUTO_JS_LP_WORK);
    } finally {
      highs.installed = false;
    }
  });
});
