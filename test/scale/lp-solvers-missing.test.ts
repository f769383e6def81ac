import { describe, expect, it, vi } from 'vitest';
import { AUTO_HIGHS_MIN_ACCOUNTS, chooseLpSolver } from '../../src/scale/lp-solvers.js';
import { solveWithJsLpSolver } from '../../src/rebalance/lp-adapter.js';
import { uniformInstance } from '../support/instances.js';
import { makeProblem } from '../rebalance/problems.js';

// As where the optional package is not installed (or its WebAssembly fails to start).
vi.mock('../../src/rebalance/highs-adapter.js', () => ({ loadHighsSolver: async () => null, highsInstalled: async () => false }));

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
});
