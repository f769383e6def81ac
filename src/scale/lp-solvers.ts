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
 * Accounts from which `solver: 'auto'` runs HiGHS (where the optional package loads). Measured on 2 cores
 * (README Performance; `npm run bench:lp`, and the bench's `ours:highs` / `ours:js-lp-solver` contenders):
 * HiGHS solves every territory and border LP the engine builds 2-60x faster (median 9.5 ms against 224 ms at
 * 800-1,600 nonzeros) to the same or a lower objective, but loading it costs 0.3-0.4 s per thread. At 1,000
 * accounts that load is the whole difference (+0.35 s on 0.3-0.6 s runs); at 10,000 x 50 it costs 0.45-0.7 s
 * on uniform and ZIP geography and saves 3-3.8 s on clustered towns (6.2-6.9 s -> 3.1 s); at 100,000 x 200
 * on clustered towns it saves 10 s and the javascript-lp-solver run ended with a failed LP. Between them
 * (one process per run, 2026-11-30): at 3,000 x 15 HiGHS costs 0.3-0.7 s on uniform and ZIP and breaks even
 * on clustered towns (1.2-1.5 s either way); at 5,000 x 25 it costs 0.3-0.5 s on uniform and ZIP (0.6-1.0 s
 * -> 1.1-1.3 s) and saves 1.4-4.6 s on clustered towns (3.2-6.2 s -> 1.6-1.8 s), where in 2 of 4 seeds its
 * plan was also 20-26% more compact (its 25 territory-level rounds against 4). Hence 5,000.
 */
export const AUTO_HIGHS_MIN_ACCOUNTS = 5_000;

/**
 * Accounts from which `solver: 'auto'` runs HiGHS on a realignment (`currentRepId` with a disruption charge,
 * and the what-if helpers). Its LPs charge every move, which javascript-lp-solver's simplex finds hard:
 * removing or adding one of 20 reps (uniform, the same plans either way) took 0.6-1.1 s against 0.07-0.13 s
 * on 200 accounts, 0.5-4.9 s against 0.2-0.5 s on 1,000, and 1.8-4.7 s against 0.5-2.2 s on 2,000.
 */
export const AUTO_HIGHS_MIN_REALIGN_ACCOUNTS = 200;

/**
 * The LP backend for a run: the one asked for, or for `'auto'` HiGHS from `AUTO_HIGHS_MIN_ACCOUNTS` accounts
 * (`AUTO_HIGHS_MIN_REALIGN_ACCOUNTS` on a realignment) where it loads (javascript-lp-solver otherwise,
 * silently: `'auto'` promises the best backend available).
 * Asking for HiGHS where it is not installed falls back to javascript-lp-solver with a warning.
 * @example (await chooseLpSolver('javascript-lp-solver', problem)).name // => 'javascript-lp-solver'
 */
export async function chooseLpSolver(choice: SolverChoice, problem: Problem): Promise<{ name: LpSolverName; solve: LpSolve; warnings: PlanWarning[] }> {
  const pureJs = { name: 'javascript-lp-solver' as const, solve: solveWithJsLpSolver, warnings: [] };
  if (choice === 'javascript-lp-solver') return pureJs;
  if (choice === 'auto') {
    const worth = problem.n >= (problem.realign ? AUTO_HIGHS_MIN_REALIGN_ACCOUNTS : AUTO_HIGHS_MIN_ACCOUNTS);
    const highs = worth ? await loadHighs() : null;
    return highs ? { name: 'highs', solve: highs, warnings: [] } : pureJs;
  }
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
