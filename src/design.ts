import type { DesignOptions, PlanWarning, SafeResult, TerritoryInput, TerritoryPlan } from './types.js';
import { validateInput } from './input/validate-input.js';
import { normalizeInput } from './input/normalize-input.js';
import { delaunayGraph } from './geo/delaunay-graph.js';
import { seedCenters } from './cluster/seed-centers.js';
import { clusterTerritories } from './cluster/cluster-territories.js';
import { isolateOversized } from './rebalance/isolate-oversized.js';
import { rebalancePlan } from './rebalance/rebalance-plan.js';
import { solveWithJsLpSolver } from './rebalance/lp-adapter.js';
import { computeTargets } from './metrics/targets.js';
import { computeMetrics } from './metrics/compute-metrics.js';
import { planWarnings } from './metrics/plan-warnings.js';
import { mulberry32 } from './util/random.js';
import { BandState } from './rebalance/band-state.js';
import { objective } from './rebalance/objective.js';

/** Share of the user's tolerance the LPs aim for, so that rounding split accounts stays inside the band. */
const LP_BAND_SHARE = 0.6;
/** Problems up to this many accounts are solved from several starts. */
const SMALL_PROBLEM = 200;
/** Problems up to this many accounts take 24 starts (each costs milliseconds). */
const TINY_PROBLEM = 50;

/**
 * Designs sales territories: every account to exactly one rep, each rep's book inside the band around its
 * target on every balanced measure, territories compact and non-overlapping.
 *
 * Pipeline (DESIGN.md): validate and normalise -> Delaunay graph of the accounts -> seed centres (rep homes,
 * else weighted k-means++) -> isolate accounts no band can hold -> price-adjusted Lloyd clustering -> LP
 * rebalancing (account-level, or territory-level rounds then account-level on the border) -> whole-account
 * repair and contiguity repair -> metrics.
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

  const { input: valid, options: resolved } = validateInput(input, options);
  const problem = normalizeInput(valid, resolved);
  lap('input');
  const graph = delaunayGraph(problem.xyz, problem.n);
  lap('geo');

  // Small problems are cheap to solve, and their optimum is sensitive to the seeding: start from several
  // seeded k-means++ draws and keep the most compact plan that holds the most bands.
  const starts = problem.n <= TINY_PROBLEM ? 24 : problem.n <= SMALL_PROBLEM ? 8 : 1;
  const rand = mulberry32(resolved.seed);
  const band = Float64Array.from(problem.measures, (m) => m.tolerance);
  const lpBand = band.map((t) => t * LP_BAND_SHARE);
  let best: { assign: Int32Array; score: [number, number]; warnings: PlanWarning[]; pinning: ReturnType<typeof isolateOversized> } | null = null;
  for (let start = 0; start < starts; start++) {
    const seeds = seedCenters(problem, rand);
    const pinning = isolateOversized(problem, seeds);
    const targets = computeTargets(problem, pinning.closed, pinning.fixed);
    const clustered = clusterTerritories(problem, {
      centers: seeds,
      targets,
      fixed: pinning.fixed,
      closed: pinning.closed,
      // Twice the LP's candidates in the early rounds: with only the 4 nearest centres, a town holding more
      // than its centres' share cannot shed accounts to farther ones (10,000 clustered accounts x 50: prices
      // stalled at 98% deviation; 35% with 8 candidates and 30 rounds of 60 steps, 37 s -> 7 s overall).
      // The later rounds go back to 4, or a rep pinned at a remote home keeps a stretched territory (the US
      // example's Seattle rep reached 4,484 km across with 8 throughout, 1,847 km with 4).
      candidates: 2 * resolved.candidates,
      finalCandidates: resolved.candidates,
      band: lpBand,
    });
    const rebalanced = rebalancePlan(problem, clustered.assign, {
      centers: clustered.centers,
      graph,
      fixed: pinning.fixed,
      closed: pinning.closed,
      targets,
      band,
      lpBand,
      solve: solveWithJsLpSolver,
      candidates: resolved.candidates,
      exactLpMaxAccounts: resolved.exactLpMaxAccounts,
      contiguity: resolved.contiguity,
      deadline: started + resolved.timeLimitMs,
    });
    const score: [number, number] = [
      new BandState(problem, rebalanced.assign, targets, band).total(),
      objective(problem, rebalanced.assign, rebalanced.centers),
    ];
    if (!best || score[0] < best.score[0] - 1e-12 || (Math.abs(score[0] - best.score[0]) <= 1e-12 && score[1] < best.score[1])) {
      best = { assign: rebalanced.assign, score, warnings: rebalanced.warnings, pinning };
    }
  }
  const { assign, pinning } = best!;
  lap('cluster+rebalance');

  const { territories, metrics } = computeMetrics(problem, assign, {
    graph,
    hulls: resolved.hulls,
    isolated: pinning.closed,
    timings,
  });
  lap('metrics');
  timings.total = Math.round((Date.now() - started) * 10) / 10;

  const warnings: PlanWarning[] = [...pinning.warnings, ...best!.warnings, ...planWarnings(problem, territories, metrics, [])];
  if (Date.now() > started + resolved.timeLimitMs) {
    warnings.push({ code: 'time-limit', message: `the run took ${Date.now() - started} ms, over timeLimitMs ${resolved.timeLimitMs}; later stages were cut short` });
  }
  const assignments = problem.accountIds.map((accountId, i) => ({ accountId, repId: problem.repIds[assign[i]] }));
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
