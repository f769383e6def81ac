import type { Problem } from '../input/problem.js';
import type { BalanceContext } from './plan-context.js';
import type { PlanWarning } from '../types.js';
import { computeCenters } from '../geo/centers.js';
import { candidateCosts } from '../cluster/cluster-territories.js';
import { nearestCenters } from '../cluster/nearest-centers.js';
import { solveAccountLp } from './account-lp.js';
import { BandState } from './band-state.js';
import type { LpSolve } from './lp-adapter.js';
import { reattachFragments } from './reattach-fragments.js';
import { repairBalance } from './repair-balance.js';
import { chainRepair } from './chain-repair.js';
import { seedEmptyReps } from '../cluster/incumbent-start.js';
import { fewerMoves } from './fewer-moves.js';
import { territoryLpRound } from './territory-lp.js';
import { objective } from './objective.js';
import { accountCost } from './account-cost.js';
import { localSearch } from './local-search.js';
import { territoryComponents } from '../geo/components.js';

/** An LP's time limit: what is left before the deadline, at least 100 ms (a 1 s floor let `timeLimitMs`
 *  overrun by seconds; bench/limits.ts). */
function lpTimeLeft(deadline: number): number {
  return Math.max(100, deadline - Date.now());
}

/**
 * Total band violation (`BandState.total`, in targets' worth of load outside the band, on the LPs' band) above
 * which the territory-level LP rounds go on past the fourth. Each round moves only the accounts touching a
 * border, so a plan the clustering left far out of band (a town holding several reps' worth of accounts)
 * needs many rounds; near the band, the account-level LP and the repairs take over with fewer moves. Measured
 * with HiGHS (warm, one thread): clustered 5,000 x 25 (8 seeds) objective -12% and 8/8 plans in band instead
 * of 7/8; 12,500 x 25 (3 seeds) -8%, 28% faster, every territory contiguous instead of 96%; 2,000 x 20
 * (12 seeds) -2%; ZIP and uniform plans unchanged. Rounds past the fourth without the threshold broke 3 of 20
 * clustered 2,000 x 20 plans into pieces. javascript-lp-solver keeps 4 rounds (see `HIGHS_TERRITORY_ROUNDS`).
 * The threshold is a total over territories, calibrated on regions of up to 25 reps.
 */
const FAR_FROM_BAND = 1;

/** Problems up to this many accounts get the exact-objective local search (its swaps are O(n^2)). */
const LOCAL_SEARCH_MAX_ACCOUNTS = 200;

/** Inputs of the rebalancing stage. */
export interface RebalanceContext extends BalanceContext {
  /** The user's band per measure. */
  band: Float64Array;
  /** The tighter band the LPs aim for, so that rounding stays inside the user's. */
  lpBand: Float64Array;
  solve: LpSolve;
  candidates: number;
  exactLpMaxAccounts: number;
  contiguity: boolean;
  /** Territory-level LP rounds at most (default 4); rounds past the fourth run only while the plan is far
   *  from the band (`FAR_FROM_BAND`). */
  territoryRounds?: number;
  /** Date.now() after which no further LP is started. */
  deadline: number;
  /**
   * Progress and cancellation hook: called before and after every LP solve and every few hundred repair
   * moves with the share of the stage done, in [0, 1]. It may throw to abort; the error is not caught.
   */
  checkpoint?: (fraction: number) => void;
}

/** What the rebalancing stage returns. */
export interface RebalanceResult {
  assign: Int32Array;
  centers: Float64Array;
  warnings: PlanWarning[];
  /** Counters for explanation and tuning. */
  stats: { lpSolves: number; lpMs: number; split: number; territoryRounds: number; repairMoves: number; fragmentsMoved: number; movesTakenBack: number };
}

/**
 * The LP step and the repairs (DESIGN.md stages 4-5), in order:
 * 1. the LP: the exact account-level LP when the movable accounts are few enough for javascript-lp-solver,
 *    otherwise territory-level LP rounds (moves between adjacent territories, re-centred after each) followed
 *    by the account-level LP on the accounts closest to a border (smallest regret), the rest fixed;
 * 2. whole-account repair of every band rounding broke;
 * 3. contiguity: detached fragments rejoin a neighbour, then balance is repaired again without cutting
 *    territories (or, if that cannot reach the band, with cuts allowed: balance comes first).
 * A realignment (`problem.realign`) first runs `chainRepair` (fewest border moves, territories kept whole) and
 * stops there when that reaches the band; whatever path it takes, it ends with `fewerMoves`, which takes back
 * every move balance does not need.
 * An LP that fails (time, infeasible, bad values) leaves the plan as it was and is reported in `warnings`.
 */
export function rebalancePlan(problem: Problem, assignIn: Int32Array, ctx: RebalanceContext): RebalanceResult {
  const warnings: PlanWarning[] = [];
  // The stage's share done so far: the LPs own [0, 0.6], the repairs [0.6, 1].
  let done = 0;
  const report = (fraction: number) => {
    done = Math.max(done, Math.min(1, fraction));
    ctx.checkpoint?.(done);
  };
  const lpShare = (solve: LpSolve): LpSolve => (model, options) => {
    report(done);
    const result = solve(model, options);
    report(Math.min(0.6, done + 0.1));
    return result;
  };
  const solve = ctx.checkpoint ? lpShare(ctx.solve) : ctx.solve;
  const stats = { lpSolves: 0, lpMs: 0, split: 0, territoryRounds: 0, repairMoves: 0, fragmentsMoved: 0, movesTakenBack: 0 };
  let assign: Int32Array = Int32Array.from(assignIn);
  let centers: Float64Array = ctx.centers;
  const movable: number[] = [];
  for (let i = 0; i < problem.n; i++) if (ctx.fixed[i] < 0) movable.push(i);
  const violationAt = (a: Int32Array, band: Float64Array) => new BandState(problem, a, ctx.targets, band).total();
  const fallback = (what: string, status: string, message?: string, then = 'repaired by whole-account moves') =>
    warnings.push({ code: 'solver-fallback', message: `${what} LP ended '${status}'${message ? ` (${message})` : ''}; kept the plan before it and ${then}` });

  const limited = problem.maxChord2.some((c) => c !== Infinity);
  const exact = movable.length > 0 && movable.length <= ctx.exactLpMaxAccounts;
  if (problem.realign) {
    // A realignment moves as few accounts as it can: chains of border moves first; the LPs below only see
    // what the chains could not fix. A plan already inside the band stops here having moved nothing (the
    // LPs, aiming for their tighter band, would move accounts to tighten a band that already holds).
    const chained = chainRepair(problem, assign, { ...ctx, deadline: ctx.deadline, checkpoint: ctx.checkpoint && ((f) => report(0.3 * f)) });
    assign = chained.assign;
    stats.repairMoves += chained.moves;
    centers = computeCenters(problem, assign, centers);
    if (violationAt(assign, ctx.band) <= 1e-12) {
      assign = takeBackMoves(problem, assign, ctx, stats);
      return { assign, centers: computeCenters(problem, assign, centers), warnings, stats };
    }
  }
  if (exact && Date.now() < ctx.deadline) {
    const result = solveAccountLp(problem, { assign, free: movable, centers, candidates: ctx.candidates, closed: ctx.closed, targets: ctx.targets, band: ctx.lpBand, solve, timeLimitMs: lpTimeLeft(ctx.deadline) });
    stats.lpSolves++;
    stats.lpMs += result.lp.ms;
    if (result.lp.status === 'optimal') {
      assign = result.assign;
      stats.split = result.split;
    } else fallback('account-level', result.lp.status, result.lp.message);
  } else if (movable.length > 0) {
    let violation = violationAt(assign, ctx.lpBand);
    const rounds = ctx.territoryRounds ?? 4;
    const more = (round: number) => round < rounds && (round < 4 || violation > FAR_FROM_BAND);
    for (let round = 0; more(round) && violation > 1e-9 && Date.now() < ctx.deadline; round++) {
      const result = territoryLpRound(problem, assign, { centers, graph: ctx.graph, fixed: ctx.fixed, closed: ctx.closed, targets: ctx.targets, band: ctx.lpBand, solve, timeLimitMs: lpTimeLeft(ctx.deadline) });
      stats.lpSolves++;
      stats.lpMs += result.lp.ms;
      if (result.lp.status !== 'optimal') {
        fallback('territory-level', result.lp.status, result.lp.message);
        break;
      }
      const next = violationAt(result.assign, ctx.lpBand);
      if (result.moved === 0 || next >= violation) break;
      assign = result.assign;
      violation = next;
      centers = computeCenters(problem, assign, centers);
      stats.territoryRounds++;
      // No cut-off on a slow round's wall time (there was one, at 1.5 s): it made plans depend on how busy
      // the machine was (regions against the whole problem, clustered 5,000 x 50: 1.020 of the whole's cost
      // idle, 1.092 loaded). The rounds are bounded by their count and by the deadline instead.
    }
    if (Date.now() < ctx.deadline) {
      const free = borderAccounts(problem, assign, centers, ctx, ctx.exactLpMaxAccounts);
      const result = solveAccountLp(problem, { assign, free, centers, candidates: ctx.candidates, closed: ctx.closed, targets: ctx.targets, band: ctx.lpBand, solve, timeLimitMs: lpTimeLeft(ctx.deadline) });
      stats.lpSolves++;
      stats.lpMs += result.lp.ms;
      if (result.lp.status === 'optimal') {
        if (violationAt(result.assign, ctx.band) <= violationAt(assign, ctx.band) + 1e-12) {
          assign = result.assign;
          stats.split = result.split;
        }
      } else fallback('account-level border', result.lp.status, result.lp.message);
    }
  }
  // A new rep the LPs left empty (its centre near no account they freed: adding one rep to 199 on 12,000
  // accounts) gets the account at its centre, and chains grow it from there.
  if (problem.realign && seedEmptyReps(problem, assign, { centers, fixed: ctx.fixed, closed: ctx.closed, graph: ctx.graph }) > 0) {
    const chained = chainRepair(problem, assign, { ...ctx, centers, deadline: ctx.deadline });
    assign = chained.assign;
    stats.repairMoves += chained.moves;
  }
  centers = computeCenters(problem, assign, centers);
  report(0.6);
  const repair = (a: Int32Array, keepContiguous: boolean, allowBeyondLimit = false) => {
    const result = repairBalance(problem, a, { centers, targets: ctx.targets, band: ctx.band, graph: ctx.graph, fixed: ctx.fixed, closed: ctx.closed, keepContiguous, allowBeyondLimit, checkpoint: ctx.checkpoint && (() => report(done)), deadline: ctx.deadline });
    stats.repairMoves += result.moves;
    return result;
  };
  // Reps' distance limits are hard and contiguity is not: a territory may be cut before an account goes
  // beyond its rep's limit. The limit gives way only when the band cannot be met within it, and then from the
  // plan the repair started from (`whole`). 80 x 4 with homes, 13 seeds where some plan keeps every limit:
  // 3 plans broke one when the limit gave way before contiguity, 2 now.
  const lastResort = (stuck: ReturnType<typeof repair>, whole: Int32Array) => {
    if (stuck.violation <= 1e-12 || !limited) return stuck;
    let beyond = repair(whole, ctx.contiguity, true);
    if (beyond.violation > 1e-12 && ctx.contiguity) beyond = repair(beyond.assign, false, true);
    return beyond.violation < stuck.violation ? beyond : stuck;
  };
  // Chains of border moves (never cutting a territory) reach bands the single-move repair gets stuck short
  // of: 2,000 x 20 reattached to whole territories ended 0.04% out of band under the repair alone, and
  // kept 9 territories in pieces for it.
  const chainThenRepair = (a: Int32Array) => {
    const chained = chainRepair(problem, a, { ...ctx, centers, band: ctx.band, deadline: ctx.deadline });
    stats.repairMoves += chained.moves;
    return repair(chained.assign, true);
  };
  let repaired = repair(assign, ctx.contiguity);
  if (repaired.violation > 1e-12 && ctx.contiguity) repaired = repair(repaired.assign, false);
  repaired = lastResort(repaired, assign);
  assign = repaired.assign;

  if (ctx.contiguity) {
    for (let pass = 0; pass < 3 && Date.now() < ctx.deadline; pass++) {
      const attached = reattachFragments(problem, assign, { centers, graph: ctx.graph, fixed: ctx.fixed, closed: ctx.closed });
      if (attached.moved === 0) break;
      stats.fragmentsMoved += attached.moved;
      let next = repair(attached.assign, true);
      // Not in a realignment, where a chain's extra moves are disruption (removing one of 20 reps moved 1.85x
      // its accounts with chains here, 1.5x without), nor under reps' distance limits, where the chain's
      // route left the repair only beyond-limit moves more often (80 x 4 with homes, 13 seeds where some plan
      // keeps every limit: 3 broke a limit with chains, 2 without).
      if (next.violation > 1e-12 && !problem.realign && !limited) next = chainThenRepair(next.assign);
      if (next.violation > 1e-12) next = lastResort(repair(next.assign, false), attached.assign);
      // A realignment goes without chains only while the reattachment holds without them: given up, it would
      // leave every fragment where it is (removing one of 20 reps, uniform 2,000 x 20, left 18 of 19
      // territories in pieces to save 22 moves).
      if (next.violation > repaired.violation + 1e-12 && problem.realign && !limited) {
        const viaChains = chainThenRepair(attached.assign);
        if (viaChains.violation <= repaired.violation + 1e-12) next = viaChains;
      }
      // Keep the reattachment only if balance is no worse than before it.
      if (next.violation > repaired.violation + 1e-12) break;
      assign = next.assign;
      repaired = next;
      centers = computeCenters(problem, assign, centers);
    }
  }
  report(0.8);
  if (movable.length <= ctx.exactLpMaxAccounts && repaired.violation <= 1e-12 && Date.now() < ctx.deadline) {
    // Its repairs report the stage's share so far: their own (moves over maxMoves) would run the stage backwards.
    ({ assign, centers } = polish(problem, assign, { ...ctx, solve, checkpoint: ctx.checkpoint && (() => report(done)) }, stats, fallback));
  }
  if (problem.realign) assign = takeBackMoves(problem, assign, ctx, stats);
  report(1);
  return { assign, centers: computeCenters(problem, assign, centers), warnings, stats };
}

/** A realignment's last step: `fewerMoves`, when the plan is inside the band (it keeps it there). */
function takeBackMoves(problem: Problem, assign: Int32Array, ctx: RebalanceContext, stats: RebalanceResult['stats']): Int32Array {
  if (new BandState(problem, assign, ctx.targets, ctx.band).total() > 1e-12) return assign;
  const result = fewerMoves(problem, assign, { ...ctx, centers: computeCenters(problem, assign, ctx.centers), keepContiguous: ctx.contiguity });
  stats.movesTakenBack += result.undone;
  return result.assign;
}

/**
 * Lloyd with an exact allocation, for problems small enough for the account-level LP: re-centre, solve the
 * LP over every movable account against the new centres, round, repair; keep the result while the objective
 * falls and every band holds. Each pass is the location-allocation step of Hess et al. (1965) with the
 * balance constraints exact, so it cannot make the plan worse. At most 6 passes.
 */
function polish(
  problem: Problem,
  assignIn: Int32Array,
  ctx: RebalanceContext,
  stats: RebalanceResult['stats'],
  fallback: (what: string, status: string, message: string | undefined, then: string) => void,
): { assign: Int32Array; centers: Float64Array } {
  let assign = assignIn;
  let centers = computeCenters(problem, assign, ctx.centers);
  let best = objective(problem, assign, centers);
  const pieces = (a: Int32Array) => territoryComponents(a, problem.k, ctx.graph).reduce((s, c) => s + Math.max(0, c.length - 1), 0);
  const movable: number[] = [];
  for (let i = 0; i < problem.n; i++) if (ctx.fixed[i] < 0) movable.push(i);
  for (let pass = 0; pass < 6 && Date.now() < ctx.deadline; pass++) {
    const lp = solveAccountLp(problem, { assign, free: movable, centers, candidates: ctx.candidates, closed: ctx.closed, targets: ctx.targets, band: ctx.lpBand, solve: ctx.solve, timeLimitMs: lpTimeLeft(ctx.deadline) });
    stats.lpSolves++;
    stats.lpMs += lp.lp.ms;
    if (lp.lp.status !== 'optimal') {
      // The plan before the pass is kept (it holds every band), but a failed solve is still reported: with a
      // backend failing only some calls, this was the one failure that went unsaid.
      fallback('polish account-level', lp.lp.status, lp.lp.message, 'stopped polishing');
      break;
    }
    const repaired = repairBalance(problem, lp.assign, { centers, targets: ctx.targets, band: ctx.band, graph: ctx.graph, fixed: ctx.fixed, closed: ctx.closed, keepContiguous: ctx.contiguity, checkpoint: ctx.checkpoint });
    if (repaired.violation > 1e-12) break;
    // A pass may not split a territory the plan before it kept whole.
    if (ctx.contiguity && pieces(repaired.assign) > pieces(assign)) break;
    const nextCenters = computeCenters(problem, repaired.assign, centers);
    const value = objective(problem, repaired.assign, nextCenters);
    if (!(value < best * (1 - 1e-9))) break;
    best = value;
    assign = repaired.assign;
    centers = nextCenters;
  }
  if (problem.n <= LOCAL_SEARCH_MAX_ACCOUNTS) {
    // Keep the local search's plan only if it splits no territory the plan before it kept whole.
    const searched = localSearch(problem, assign, { targets: ctx.targets, band: ctx.band, fixed: ctx.fixed, closed: ctx.closed });
    if (!ctx.contiguity || pieces(searched) <= pieces(assign)) {
      assign = searched;
      centers = computeCenters(problem, assign, centers);
    }
  }
  return { assign, centers };
}

/**
 * The `limit` movable accounts closest to a border: smallest regret, the extra weighted squared distance of
 * their best other candidate over their own territory. These are the accounts an exact LP can usefully move.
 */
function borderAccounts(problem: Problem, assign: Int32Array, centers: Float64Array, ctx: RebalanceContext, limit: number): number[] {
  const { n, k } = problem;
  const C = Math.min(ctx.candidates, k);
  const near = nearestCenters(problem.xyz, n, centers, k, C, ctx.closed);
  const cost = candidateCosts(problem, near, C, centers);
  const regret: { i: number; r: number }[] = [];
  for (let i = 0; i < n; i++) {
    if (ctx.fixed[i] >= 0 || assign[i] < 0) continue;
    const j0 = assign[i];
    const own = accountCost(problem, centers, i, j0);
    let other = Infinity;
    for (let c = 0; c < C; c++) {
      const j = near[i * C + c];
      if (j < 0) break;
      if (j !== j0) other = Math.min(other, cost[i * C + c]);
    }
    if (Number.isFinite(other)) regret.push({ i, r: other - own });
  }
  regret.sort((a, b) => a.r - b.r || a.i - b.i);
  return regret.slice(0, limit).map((x) => x.i);
}
