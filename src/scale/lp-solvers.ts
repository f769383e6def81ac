import { solveWithJsLpSolver, type LpSolve } from '../rebalance/lp-adapter.js';
import type { Problem } from '../input/problem.js';
import type { PlanWarning, SolverChoice } from '../types.js';

/** The LP backends by name, as a worker thread receives them (a function cannot cross the thread boundary). */
export type LpSolverName = 'javascript-lp-solver' | 'highs';

/**
 * The LP backend called `name`. HiGHS is loaded lazily; where it cannot be loaded, javascript-lp-solver
 * stands in (the caller decided on HiGHS only after loading it, so this happens only if a worker cannot).
 * @example (await lpSolverByName('javascript-lp-solver')) === solveWithJsLpSolver // => true
 */
export async function lpSolverByName(name: LpSolverName): Promise<LpSolve> {
  return (name === 'highs' ? await loadHighs() : null) ?? solveWithJsLpSolver;
}

/**
 * The LP backend for a run: the one asked for, or for `'auto'` the one measured to be faster at this size.
 * Asking for HiGHS where it is not installed falls back to javascript-lp-solver with a warning.
 * @example (await chooseLpSolver('javascript-lp-solver', problem)).name // => 'javascript-lp-solver'
 */
export async function chooseLpSolver(choice: SolverChoice, _problem: Problem): Promise<{ name: LpSolverName; solve: LpSolve; warnings: PlanWarning[] }> {
  if (choice === 'javascript-lp-solver' || choice === 'auto') return { name: 'javascript-lp-solver', solve: solveWithJsLpSolver, warnings: [] };
  const highs = await loadHighs();
  if (highs) return { name: 'highs', solve: highs, warnings: [] };
  return {
    name: 'javascript-lp-solver',
    solve: solveWithJsLpSolver,
    warnings: [{ code: 'solver-fallback', message: "options.solver is 'highs' but the optional package 'highs' could not be loaded (npm install highs); javascript-lp-solver ran instead" }],
  };
}

/** HiGHS through its adapter, loaded on first use; null where the optional package is missing. */
async function loadHighs(): Promise<LpSolve | null> {
  const { loadHighsSolver } = await import('../rebalance/highs-adapter.js');
  return loadHighsSolver();
}
