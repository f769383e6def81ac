import { solveWithJsLpSolver, type LpSolve } from '../rebalance/lp-adapter.js';
import type { Problem } from '../input/problem.js';
import type { PlanWarning, SolverChoice } from '../types.js';
import type { Solved } from './solve-problem.js';

/** The LP backends by name, as a worker thread receives them (a function cannot cross the thread boundary). */
export type LpSolverName = 'javascript-lp-solver' | 'highs';

/**
 * The LP backend called `name`, with `budget` applied (see `withLpBudget`) when given. HiGHS is loaded
 * lazily; where it cannot be loaded, javascript-lp-solver stands in (the caller decided on HiGHS only after
 * loading it, so this happens only if a worker cannot).
 * @example (await lpSolverByName('javascript-lp-solver')) === solveWithJsLpSolver // => true
 */
export async function lpSolverByName(name: LpSolverName, budget?: LpBudget): Promise<LpSolve> {
  return withLpBudget((name === 'highs' ? await loadHighs() : null) ?? solveWithJsLpSolver, budget);
}

/** What an `LpGaveUp` error's message starts with, so that one thrown in a worker thread is known here too. */
const GAVE_UP = 'javascript-lp-solver gave up on an LP';
/** `GAVE_UP` and the status in an error's message (one passed on from a worker thread included). */
const GAVE_UP_STATUS = new RegExp(`${GAVE_UP} \\('([a-z-]+)'\\)`);

/** The message of an `LpGaveUp` with this status. */
function gaveUp(status: string): string {
  return `${GAVE_UP} ('${status}')`;
}

/** Thrown by a budgeted `solve` (see `withLpBudget`) to stop the run so that HiGHS can take it. */
export class LpGaveUp extends Error {
  constructor(readonly status: string) {
    super(gaveUp(status));
    this.name = 'LpGaveUp';
  }
}

/** A work budget per LP, and until when giving up on one is still worth a second run. */
export interface LpBudget {
  /** Work limit per LP (`LpSolveOptions.workLimit`). */
  work: number;
  /** Epoch ms after which an LP that gives up is reported as failed (the usual fallback), not thrown. */
  retryUntil: number;
}

/**
 * `solve` with every LP given `budget.work` as its work limit; an LP that then gives up (stops at that limit;
 * returns values that fail the re-check; throws) throws `LpGaveUp` until `budget.retryUntil`, and after it
 * comes back failed, as it would without a budget: a run whose second half has begun keeps what it has.
 * Unchanged when there is no budget.
 */
export function withLpBudget(solve: LpSolve, budget: LpBudget | undefined): LpSolve {
  if (budget === undefined) return solve;
  return (lp, options) => {
    const result = solve(lp, { ...options, workLimit: budget.work });
    const failed = result.workLimited === true || result.status === 'check-failed' || result.status === 'error';
    if (failed && Date.now() < budget.retryUntil) throw new LpGaveUp(result.status);
    return result;
  };
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
 * Work one LP may do (pivots x model columns x model rows, `LpSolveOptions.workLimit`) when `'auto'` picked
 * javascript-lp-solver and HiGHS is installed; past it, or on an LP whose answer fails the re-check, the run
 * is solved again with HiGHS (`withHighsRetry`). javascript-lp-solver 1.0.3 can pivot for ever on a
 * degenerate model (fuzz case `duplicates-3290x49`: a 1,199-variable LP HiGHS solves in 90 ms ran past 300 s)
 * and sometimes returns values outside their bounds. On 30 ordinary runs (1,000-4,900 accounts x 10-49 reps,
 * uniform, clustered and ZIP, 2 seeds: 125 LPs) the most work any LP did was about 8e8 (6,999 pivots on 292
 * columns x 388 rows, 1.8 s); 6e9 is about 3 s on this 2-core EPYC, and the runaway LP reaches it in about
 * 5,400 pivots. A work limit, not a time limit: a plan must not depend on how busy the machine is (a 3 s
 * wall-clock budget did: a fuzz run beside another job saw one of two orders of the same input go to HiGHS).
 */
export const AUTO_JS_LP_WORK = 6e9;

/** The LP backend a run uses. */
export interface LpChoice {
  name: LpSolverName;
  solve: LpSolve;
  warnings: PlanWarning[];
  /** Work limit per LP (see `AUTO_JS_LP_WORK`): set only on javascript-lp-solver under `'auto'` below the
   *  HiGHS threshold, with the highs package installed, so that an LP giving up sends the run to HiGHS. */
  budget?: number;
}

/**
 * The LP backend for a run: the one asked for, or for `'auto'` HiGHS from `AUTO_HIGHS_MIN_ACCOUNTS` accounts
 * (`AUTO_HIGHS_MIN_REALIGN_ACCOUNTS` on a realignment) where it loads (javascript-lp-solver otherwise,
 * silently: `'auto'` promises the best backend available).
 * Asking for HiGHS where it is not installed falls back to javascript-lp-solver with a warning.
 * @example (await chooseLpSolver('javascript-lp-solver', problem)).name // => 'javascript-lp-solver'
 */
export async function chooseLpSolver(choice: SolverChoice, problem: Problem): Promise<LpChoice> {
  const pureJs: LpChoice = { name: 'javascript-lp-solver', solve: solveWithJsLpSolver, warnings: [] };
  if (choice === 'javascript-lp-solver') return pureJs;
  if (choice === 'auto') {
    const worth = problem.n >= (problem.realign ? AUTO_HIGHS_MIN_REALIGN_ACCOUNTS : AUTO_HIGHS_MIN_ACCOUNTS);
    const highs = worth ? await loadHighs() : null;
    if (highs) return highsChoice(highs);
    // HiGHS was wanted but did not load: there is nothing to fall back on.
    if (worth) return pureJs;
    // Below the threshold, javascript-lp-solver on a budget, with HiGHS (if installed) to fall back on.
    return (await highsInstalled()) ? { ...pureJs, budget: AUTO_JS_LP_WORK } : pureJs;
  }
  const highs = await loadHighs();
  if (highs) return highsChoice(highs);
  return {
    name: 'javascript-lp-solver',
    solve: solveWithJsLpSolver,
    warnings: [{ code: 'solver-fallback', message: "options.solver is 'highs' but the optional package 'highs' could not be loaded (npm install highs); javascript-lp-solver ran instead" }],
  };
}

/**
 * `run`; when the backend was javascript-lp-solver on a budget (`'auto'`, HiGHS installed) and one of its LPs
 * gave up in the first half of the run's time (`LpGaveUp`, which stops that run at once: the plan would
 * otherwise rest on repairs alone), `run`
 * again with HiGHS, and a warning says so. Should HiGHS not load after all, javascript-lp-solver runs again
 * without the budget. Returns the plan and the backend that drew it (for later stages). `load` is for tests.
 * @example const { solved, backend } = await withHighsRetry(lp, (b) => solveAll(b));
 */
export async function withHighsRetry(
  lp: LpChoice,
  run: (backend: LpChoice) => Promise<Solved>,
  load: () => Promise<LpSolve | null> = loadHighs,
): Promise<{ solved: Solved; backend: LpChoice }> {
  const started = Date.now();
  try {
    return { solved: await run(lp), backend: lp };
  } catch (error) {
    // In a worker thread the error arrives as its message.
    const message = error instanceof Error ? error.message : String(error);
    if (lp.budget === undefined || !message.includes(GAVE_UP)) throw error;
    const status = GAVE_UP_STATUS.exec(message)?.[1] ?? 'error';
    const highs = await load();
    const backend: LpChoice = highs ? highsChoice(highs) : { ...lp, budget: undefined };
    const solved = await run(backend);
    const then = highs ? 'solved again with HiGHS' : 'HiGHS did not load, so it was solved again with javascript-lp-solver without a work limit per LP';
    const warning: PlanWarning = { code: 'solver-fallback', message: `${gaveUp(status)} after ${Date.now() - started} ms; the plan was ${then}` };
    return { solved: { ...solved, warnings: [warning, ...solved.warnings] }, backend };
  }
}

/** HiGHS as the run's backend. */
function highsChoice(solve: LpSolve): LpChoice {
  return { name: 'highs', solve, warnings: [] };
}

/** Whether the optional HiGHS package can be imported (its runtime is not loaded). */
async function highsInstalled(): Promise<boolean> {
  const { highsInstalled: installed } = await import('../rebalance/highs-adapter.js');
  return installed();
}

/** HiGHS through its adapter, loaded on first use; null where the optional package is missing. */
async function loadHighs(): Promise<LpSolve | null> {
  const { loadHighsSolver } = await import('../rebalance/highs-adapter.js');
  return loadHighsSolver();
}
