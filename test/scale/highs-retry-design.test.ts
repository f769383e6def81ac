import { describe, expect, it, vi } from 'vitest';
import { designTerritories } from '../../src/index.js';
import { uniformInstance } from '../support/instances.js';
import { recomputeBalance } from '../support/check-plan.js';
import { highsInstalled } from '../support/highs-installed.js';

// As on the fuzz case duplicates-3290x49: javascript-lp-solver returns values outside their bounds. Here on
// every LP, so that the retry is what makes the plan.
vi.mock('../../src/rebalance/lp-adapter.js', async (original) => {
  const actual = await original<typeof import('../../src/rebalance/lp-adapter.js')>();
  return {
    ...actual,
    solveWithJsLpSolver: (lp: { numVars: number }) => ({ status: 'check-failed', objective: NaN, values: new Float64Array(lp.numVars), violation: NaN, message: 'variable 8 = 1.00003404 outside [0, 1]', ms: 1 }),
  };
});

describe.runIf(highsInstalled())("solver 'auto' below AUTO_HIGHS_MIN_ACCOUNTS, when javascript-lp-solver gives up", () => {
  const input = uniformInstance({ n: 400, k: 4, seed: 5 });

  it('solves the run again with HiGHS: a plan in band, one warning saying so, none left from the failed run', async () => {
    const plan = await designTerritories(input, { balance: ['potential', 'workload'], seed: 1 });
    const fallbacks = plan.warnings.filter((w) => w.code === 'solver-fallback');
    expect(fallbacks).toEqual([{ code: 'solver-fallback', message: expect.stringContaining("javascript-lp-solver gave up on an LP ('check-failed')") }]);
    expect(fallbacks[0].message).toContain('solved again with HiGHS');
    expect(plan.metrics.feasible).toBe(true);
    for (const b of recomputeBalance(input, plan, ['potential', 'workload'])) expect(b.maxDeviation).toBeLessThanOrEqual(0.05 + 1e-9);
  });

  it("leaves an explicit 'javascript-lp-solver' alone: its failed LPs fall back to repairs, as asked", async () => {
    const plan = await designTerritories(input, { balance: ['potential', 'workload'], seed: 1, solver: 'javascript-lp-solver' });
    const fallbacks = plan.warnings.filter((w) => w.code === 'solver-fallback');
    expect(fallbacks.length).toBeGreaterThan(0);
    expect(fallbacks.every((w) => w.message.includes("LP ended 'check-failed'"))).toBe(true);
  });
});
