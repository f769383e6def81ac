import type { Problem } from '../input/problem.js';
import type { PlanWarning } from '../types.js';
import type { NeighborGraph } from '../geo/delaunay-graph.js';
import type { LpSolve } from '../rebalance/lp-adapter.js';
import type { LpBudget, LpSolverName } from './lp-solvers.js';
import { seedCenters } from '../cluster/seed-centers.js';
import { clusterTerritories } from '../cluster/cluster-territories.js';
import { incumbentCenters, incumbentStart } from '../cluster/incumbent-start.js';
import { isolateOversized } from '../rebalance/isolate-oversized.js';
import { rebalancePlan } from '../rebalance/rebalance-plan.js';
import { computeTargets } from '../metrics/targets.js';
import { mulberry32 } from '../util/random.js';
import { BandState } from '../rebalance/band-state.js';
import { objective } from '../rebalance/objective.js';

/** Share of the user's tolerance the LPs aim for, so that rounding split accounts stays inside the band. */
const LP_BAND_SHARE = 0.6;
/** Territory-level LP rounds at most with HiGHS, where a round of 25 territories takes 10-35 ms (the gains:
 *  `FAR_FROM_BAND` in rebalance-plan.ts). javascript-lp-solver keeps the default 4: its rounds took 0.1-0.7 s
 *  and more of them gave worse plans (clustered 5,000 x 25, 4 seeds: objective +5%). */
const HIGHS_TERRITORY_ROUNDS = 25;
/** Problems up to this many accounts are solved from several starts. */
const SMALL_PROBLEM = 200;
/** Problems up to this many accounts take 24 starts (each costs milliseconds). */
const TINY_PROBLEM = 50;

/** How one problem (the whole input, or one region of it) is solved. */
export interface SolveSettings {
  seed: number;
  candidates: number;
  exactLpMaxAccounts: number;
  contiguity: boolean;
  /** Date.now() after which no further LP or stage is started. */
  deadline: number;
  solve: LpSolve;
  /** The name of `solve`, for a worker thread to load the same backend. */
  solver: LpSolverName;
  /** The budget per LP `solve` already applies (`withLpBudget`), for a worker thread to apply too. */
  lpBudget?: LpBudget;
  /** Called between stages with the fraction done in [0, 1]; it may throw to abort the run. */
  checkpoint?: (fraction: number) => void;
}

/** The assignment of one solved problem and what it has to say. */
export interface Solved {
  assign: Int32Array;
  /** Reps set aside around an account no band can hold (1 = isolated), length k. */
  isolated: Uint8Array;
  warnings: PlanWarning[];
}

/**
 * Stages 2-5 of DESIGN.md on one problem: seed centres (rep homes, else weighted k-means++) -> isolate accounts
 * no band can hold -> price-adjusted Lloyd clustering -> LP rebalancing and whole-account repair. A
 * realignment (`problem.realign`) starts from today's plan instead of seeds and clustering (`incumbentStart`),
 * and every later step pays the move charges in `accountCost`. Small
 * problems are cheap, and their optimum is sensitive to the seeding, so they are solved from several seeded
 * starts and the plan that holds the most bands, then is most compact, is kept.
 * @example solveProblem(problem, delaunayGraph(problem.xyz, problem.n), settings).assign.length // => problem.n
 */
export function solveProblem(problem: Problem, graph: NeighborGraph, settings: SolveSettings): Solved {
  // A realignment has one start: today's plan.
  const starts = problem.realign ? 1 : problem.n <= TINY_PROBLEM ? 24 : problem.n <= SMALL_PROBLEM ? 8 : 1;
  const rand = mulberry32(settings.seed);
  const band = Float64Array.from(problem.measures, (m) => m.tolerance);
  const lpBand = band.map((t) => t * LP_BAND_SHARE);
  const checkpoint = settings.checkpoint ?? (() => {});
  let best: { assign: Int32Array; score: [number, number]; warnings: PlanWarning[]; isolated: Uint8Array } | null = null;
  // Later starts only while there is time: the first alone gives a whole plan.
  for (let start = 0; start < starts && (start === 0 || Date.now() < settings.deadline); start++) {
    const seeds = problem.realign ? incumbentCenters(problem, graph) : seedCenters(problem, rand);
    const pinning = isolateOversized(problem, seeds);
    const targets = computeTargets(problem, pinning.closed, pinning.fixed);
    checkpoint((start + 0.1) / starts);
    // Realignment starts from today's territories; clustering would redraw the map from scratch.
    const clustered = problem.realign ? incumbentStart(problem, { centers: seeds, graph, fixed: pinning.fixed, closed: pinning.closed, candidates: 2 * settings.candidates, targets, band }) : clusterTerritories(problem, {
      centers: seeds,
      targets,
      fixed: pinning.fixed,
      closed: pinning.closed,
      // Twice the LP's candidates in the early rounds: with only the 4 nearest centres, a town holding more
      // than its centres' share cannot shed accounts to farther ones (10,000 clustered accounts x 50: prices
      // stalled at 98% deviation; 35% with 8 candidates and 30 rounds of 60 steps, 37 s -> 7 s overall).
      // The later rounds go back to 4, or a rep pinned at a remote home keeps a stretched territory (the US
      // example's Seattle rep reached 4,484 km across with 8 throughout, 1,847 km with 4).
      candidates: 2 * settings.candidates,
      finalCandidates: settings.candidates,
      band: lpBand,
      deadline: settings.deadline,
      graph,
      rand,
      checkpoint: (f) => checkpoint((start + 0.1 + 0.4 * f) / starts),
    });
    checkpoint((start + 0.5) / starts);
    const rebalanced = rebalancePlan(problem, clustered.assign, {
      centers: clustered.centers,
      graph,
      fixed: pinning.fixed,
      closed: pinning.closed,
      targets,
      band,
      lpBand,
      solve: settings.solve,
      territoryRounds: settings.solver === 'highs' ? HIGHS_TERRITORY_ROUNDS : undefined,
      candidates: settings.candidates,
      exactLpMaxAccounts: settings.exactLpMaxAccounts,
      contiguity: settings.contiguity,
      deadline: settings.deadline,
      checkpoint: (f) => checkpoint((start + 0.5 + 0.5 * f) / starts),
    });
    const score: [number, number] = [
      new BandState(problem, rebalanced.assign, targets, band).total(),
      objective(problem, rebalanced.assign, rebalanced.centers),
    ];
    if (!best || score[0] < best.score[0] - 1e-12 || (Math.abs(score[0] - best.score[0]) <= 1e-12 && score[1] < best.score[1])) {
      best = { assign: rebalanced.assign, score, warnings: [...pinning.warnings, ...rebalanced.warnings], isolated: pinning.closed };
    }
    checkpoint((start + 1) / starts);
  }
  return { assign: best!.assign, isolated: best!.isolated, warnings: best!.warnings };
}
