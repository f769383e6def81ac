import type { Problem } from './input/problem.js';
import type { Assignment, DesignOptions, PlanWarning, SafeResult, TerritoryInput, TerritoryPlan } from './types.js';
import { validateInput } from './input/validate-input.js';
import { normalizeInput } from './input/normalize-input.js';
import { delaunayGraph, delaunayGraphAsync } from './geo/delaunay-graph.js';
import { computeMetrics } from './metrics/compute-metrics.js';
import { planWarnings } from './metrics/plan-warnings.js';
import { oversizedAccounts } from './metrics/targets.js';
import { solveProblem, type Solved, type SolveSettings } from './scale/solve-problem.js';
import { runInProcess, solveByRegions } from './scale/solve-by-regions.js';
import { solveRegion } from './scale/solve-region.js';
import { availableThreads, workerRunner, workerTriangulator } from './scale/run-in-workers.js';
import { chooseLpSolver, withHighsRetry, withLpBudget, type LpChoice } from './scale/lp-solvers.js';
import { ProgressTracker, within } from './util/progress.js';
import { withinMoveCap } from './realign/move-cap.js';
import { narrowWidest } from './rebalance/narrow-widest.js';
import { redrawWidest } from './rebalance/redraw-widest.js';
import { planBounds } from './scale/plan-bounds.js';

/** Largest number of reps solved as one problem; above it the reps are split into regions of at most this many
 *  (not in a realignment: see `useRegions`). */
const REGION_REPS = 25;
/**
 * Whether the problem is large enough for the scale path (and has no account too big for a band). Never a
 * realignment, at any size: it needs no clustering (the step regions make affordable), and regions cut by
 * geography rather than today's territories force moves (`npx tsx bench/realign.ts --n N --k K --families
 * uniform --no-exact`, 2026-12-01, against the code before): removing one of 500 reps on 100,000 accounts
 * moved 2.2-2.7x its accounts in about 1 s whole, 132-145x and out of band in ~100 s through regions; one
 * of 2,000 on 1,000,000, 1.9-2.5x in 12-27 s against 131-141x, out of band at the 120 s limit. (Until then
 * regions took realignments above 200 reps.) Measured up to 2,000 reps; the chains' Dijkstra over
 * territories is O(k^2) a chain, so far more reps would slow it.
 */
function useRegions(problem: Problem): boolean {
  if (problem.realign) return false;
  return problem.k > REGION_REPS && oversizedAccounts(problem).length === 0;
}

/** Time the metrics and hulls take per account, reserved out of `timeLimitMs` for them (measured: 300 ms at
 *  100,000 accounts). */
const METRICS_MS_PER_ACCOUNT = 0.003;
/** Time the widest-territory pass is given per account, reserved out of `timeLimitMs` after the solve's
 *  deadline (measured: 0.1-0.5 s at 100,000 accounts, about 1 s at 1,000,000, most of it setting up). */
const NARROW_MS_PER_ACCOUNT = 0.0015;
/** From this many accounts (and unless `workers` is 1) the Delaunay triangulation runs on a worker thread:
 *  delaunator is one call, 1.0-1.2 s without a progress report at 1,000,000 accounts, about 0.25 s here. */
const WORKER_TRIANGULATION_MIN_ACCOUNTS = 250_000;
/** Time below which starting worker threads is not worth it: they would start after the deadline. */
const WORKER_START_MS = 1000;
/** With `workers` left at 0 (auto), regions go to worker threads only from this many accounts. Each worker
 *  loads the engine and HiGHS and warms up its own JIT (its first region ran 2-4x slower than the rest), and
 *  two busy threads on this 2-core EPYC each ran 1.5x slower than one alone, so workers paid only on big
 *  inputs: 20,000 x 100 (4 regions) 2.2 s in this thread against 2.7 s on 2 workers, 50,000 x 250 3.6 s against
 *  4.0 s, 100,000 x 500 6.7 s against 6.3 s (uniform, built package, cold process). */
const AUTO_WORKERS_MIN_ACCOUNTS = 80_000;

/**
 * Designs sales territories: every account to exactly one rep, each rep's book inside the band around its
 * target on every balanced measure, territories compact and non-overlapping.
 *
 * Pipeline (DESIGN.md): validate and normalise -> Delaunay graph of the accounts -> seed centres (rep homes,
 * else weighted k-means++) -> isolate accounts no band can hold -> price-adjusted Lloyd clustering -> LP
 * rebalancing (account-level, or territory-level rounds then account-level on the border) -> whole-account
 * repair and contiguity repair -> metrics. With `disruption` (a realignment) today's plan replaces the seeds
 * and clustering, every step pays for moves, and `maxMovedShare` may re-solve with dearer moves.
 *
 * @param input accounts and reps (never mutated)
 * @param options see `DesignOptions`; defaults in `defaultOptions`
 * @returns the plan; an unreachable band is reported in `metrics.feasible` and `warnings`, never thrown
 * @throws TerritoryInputError when the input or options are invalid (each issue names its path and value)
 * @example
 * const plan = await designTerritories({ accounts, reps }, { balance: ['potential', 'workload'], seed: 42 });
 * plan.metrics.feasible // => true
 */
export async function designTerritories(input: TerritoryInput, options?: DesignOptions): Promise<TerritoryPlan> {
  const started = Date.now();
  const timings: Record<string, number> = {};
  let mark = performance.now();
  const lap = (stage: string) => {
    const now = performance.now();
    timings[stage] = Math.round((now - mark) * 10) / 10;
    mark = now;
  };

  // The tracker starts as soon as the options are known good, so that checking a million accounts reports too.
  let early: ProgressTracker | undefined;
  const { input: valid, options: resolved } = validateInput(input, options, (o) => (early = new ProgressTracker(o.onProgress, o.signal)).span('input', 0, 0.004, 'checking the input'));
  const progress = early ?? new ProgressTracker(resolved.onProgress, resolved.signal);
  progress.report('input', 0.004, 'input checked');
  const problem = normalizeInput(valid, resolved, progress.span('input', 0.004, 0.01, 'normalising the input'));
  lap('input');
  progress.report('input', 0.01, 'input normalised');
  // On big inputs the triangulation (one library call, about 1 s at 1,000,000 accounts) runs on a worker
  // thread, so that this thread goes on reporting progress and loads the LP solver meanwhile.
  const geoCheckpoint = progress.span('geo', 0.01, 0.05, 'Delaunay graph');
  const triangulator = problem.n >= WORKER_TRIANGULATION_MIN_ACCOUNTS && resolved.workers !== 1 ? await workerTriangulator(within(geoCheckpoint, 0.25, 0.55)) : null;
  const graphReady = triangulator ? delaunayGraphAsync(problem.xyz, problem.n, geoCheckpoint, triangulator) : Promise.resolve(delaunayGraph(problem.xyz, problem.n, geoCheckpoint));
  const lpReady = chooseLpSolver(resolved.solver, problem);
  // Awaited below; should the graph fail first (an abort), a failed load must not surface as unhandled.
  lpReady.catch(() => {});
  const graph = await graphReady;
  lap('geo');
  progress.report('geo', 0.05, `Delaunay graph of ${problem.n} accounts`);
  await progress.pause();

  const lp = await lpReady;
  // Loading HiGHS takes 0.25-0.35 s, mostly in this thread.
  progress.report('solve', 0.05, `LP solver ${lp.name} ready`);
  // The backend comes in through `using`: a run javascript-lp-solver gives up on is drawn again with HiGHS.
  const settings: Omit<SolveSettings, 'solve' | 'solver'> = {
    seed: resolved.seed,
    candidates: resolved.candidates,
    exactLpMaxAccounts: resolved.exactLpMaxAccounts,
    contiguity: resolved.contiguity,
    // The solve stops early enough to leave the narrowing pass and the metrics and hulls their time (about
    // 4.5 µs an account on a 2-core EPYC), so the whole run, not only the solve, ends near timeLimitMs.
    deadline: started + resolved.timeLimitMs - Math.min(resolved.timeLimitMs / 2, (NARROW_MS_PER_ACCOUNT + METRICS_MS_PER_ACCOUNT) * problem.n),
  };
  // An LP that gives up sends the run to HiGHS only while a second run has time (the first half of it).
  const retryUntil = (started + settings.deadline) / 2;
  const using = (backend: LpChoice): SolveSettings => {
    const lpBudget = backend.budget === undefined ? undefined : { work: backend.budget, retryUntil };
    return { ...settings, solve: withLpBudget(backend.solve, lpBudget), solver: backend.name, lpBudget };
  };
  // Above REGION_REPS reps, regions of reps with their accounts are solved apart (on worker threads where
  // there are any), then stitched; below, the whole problem is one.
  const solve = async (p: Problem, settings: SolveSettings): Promise<Solved> => {
    if (!useRegions(p)) {
      const checkpoint = progress.span('solve', 0.05, 0.9, 'clustering and rebalancing');
      // With a signal to honour, the problem is solved on a worker thread where there is one: solving here
      // is synchronous and notices an abort only between stages (seconds apart on big inputs), while this
      // thread, left idle, checks the signal every 200 ms and stops the worker. The same `solveRegion` runs
      // either way, so the plan is the same.
      const runner = resolved.signal && resolved.workers !== 1 ? await workerRunner(1) : null;
      if (!runner) return solveProblem(p, graph, { ...settings, checkpoint });
      const whole = Int32Array.from({ length: p.n }, (_, i) => i);
      const reps = Int32Array.from({ length: p.k }, (_, j) => j);
      const [solved] = await runner(1, () => ({ region: 0, problem: p, graph, accounts: whole, reps, seed: settings.seed }), { ...settings, checkpoint });
      return solved;
    }
    // With a signal, workers whatever the size: in this thread an abort waits for a whole region's solve.
    const threads = resolved.workers > 0 ? resolved.workers : p.n >= AUTO_WORKERS_MIN_ACCOUNTS || resolved.signal ? await availableThreads() : 1;
    // Starting workers costs 300-800 ms (measured by bench/limits.ts); with less time than that left, the
    // regions run here instead. The plan is the same either way (see `workerRunner`).
    const roomForWorkers = settings.deadline - Date.now() > WORKER_START_MS;
    const run = (threads > 1 && roomForWorkers ? await workerRunner(threads) : null) ?? runInProcess(solveRegion, () => progress.pause());
    const byRegions = await solveByRegions(p, graph, { ...settings, checkpoint: progress.span('solve', 0.05, 0.85, 'solving regions') }, REGION_REPS, run, progress.span('stitch', 0.85, 0.9, 'stitching regions, then one LP pass across their borders'), () => progress.pause());
    Object.assign(timings, byRegions.timings);
    return byRegions;
  };
  // A realignment with a cap on moves re-solves with dearer moves until it fits (see `withinMoveCap`).
  const cap = resolved.disruption ? { share: resolved.disruption.maxMovedShare, per: resolved.disruption.per } : { share: 1, per: 'account' as const };
  // With 'auto' on a small problem, a javascript-lp-solver LP that gives up sends the run to HiGHS.
  const { solved, backend } = await withHighsRetry(lp, (backend) => withinMoveCap(problem, cap, (p) => solve(p, using(backend)), settings.deadline));
  // Past the solve's deadline, some stage stopped early (the deadline leaves the metrics their share).
  const cutShort = Date.now() > settings.deadline;
  lap('cluster+rebalance');
  // The widest territories narrowed, over the whole plan (regions' borders included), in the time kept for
  // it; not in a realignment, where every move is a customer who changes rep, nor when the solve was cut short.
  let assign = solved.assign;
  if (!problem.realign && !cutShort) {
    const checkpoint = progress.span('narrow', 0.9, 0.92, 'narrowing the widest territory');
    checkpoint(0);
    const deadline = settings.deadline + NARROW_MS_PER_ACCOUNT * problem.n;
    // The bounds hold for both passes: neither moves a fixed account (a lock or an isolated rep's).
    const bounds = planBounds(problem, assign, solved.isolated);
    assign = narrowWidest(problem, assign, { graph, closed: solved.isolated, ...bounds, deadline, checkpoint }).assign;
    // A territory the greedy pass could not narrow because it is a strip among round neighbours: redrawn.
    // No budget here: the plan is drawn, and a javascript-lp-solver LP that gives up only leaves a territory as it is.
    assign = redrawWidest(problem, assign, { graph, closed: solved.isolated, ...bounds, settings: using({ ...backend, budget: undefined }), deadline, checkpoint: () => checkpoint(1) }).assign;
  }
  lap('narrow');
  await progress.pause();

  const { territories, metrics } = computeMetrics(problem, assign, {
    graph,
    hulls: resolved.hulls,
    isolated: solved.isolated,
    timings,
    checkpoint: progress.span('metrics', 0.92, 0.99, 'metrics and hulls'),
  });
  lap('metrics');
  timings.total = Math.round((Date.now() - started) * 10) / 10;

  const warnings: PlanWarning[] = [...lp.warnings, ...solved.warnings, ...planWarnings(problem, territories, metrics, [])];
  if (resolved.disruption && !problem.realign) {
    warnings.push({ code: 'no-current-reps', message: 'disruption was given but no account has a currentRepId: the plan is drawn from a blank map' });
  }
  if (cutShort || Date.now() > started + resolved.timeLimitMs) {
    warnings.push({ code: 'time-limit', message: `the run reached timeLimitMs ${resolved.timeLimitMs} (it took ${Date.now() - started} ms); later stages were cut short` });
  }
  progress.report('done', 1, 'plan ready');
  // In the caller's order: the problem holds the accounts in id order (see `normalizeInput`).
  const assignments: Assignment[] = new Array(problem.n);
  for (let i = 0; i < problem.n; i++) assignments[problem.inputIndex[i]] = { accountId: problem.accountIds[i], repId: problem.repIds[assign[i]] };
  return { assignments, territories, metrics, warnings };
}

/**
 * `designTerritories` that never throws: bad input comes back as `{ success: false, error }` (a
 * `TerritoryInputError`), like zod's `safeParse`.
 * @example (await safeDesignTerritories({ accounts: [], reps: [] })).success // => false
 */
export async function safeDesignTerritories(input: TerritoryInput, options?: DesignOptions): Promise<SafeResult<TerritoryPlan>> {
  try {
    return { success: true, data: await designTerritories(input, options) };
  } catch (error) {
    return { success: false, error: error instanceof Error ? error : new Error(String(error)) };
  }
}
