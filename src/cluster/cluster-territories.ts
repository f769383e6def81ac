import type { Problem } from '../input/problem.js';
import { computeCenters } from '../geo/centers.js';
import { allocateWithPrices } from './allocate-with-prices.js';
import { nearestCenters } from './nearest-centers.js';
import { extraCost, hasExtraCosts } from '../rebalance/account-cost.js';
import type { NeighborGraph } from '../geo/delaunay-graph.js';
import { coarsenAccounts } from './coarsen.js';

/** Inputs of the clustering stage besides the problem. */
export interface ClusterContext {
  /** Initial centres (3k), e.g. from `seedCenters`. */
  centers: Float64Array;
  /** Targets, k x B. */
  targets: Float64Array;
  /** Fixed territory per account (-1 free). */
  fixed: Int32Array;
  /** Reps that take no free account (isolated around an oversized account). */
  closed: Uint8Array;
  /** Candidates per account in the early rounds (wide, so crowded towns can shed accounts). */
  candidates: number;
  /** Candidates per account in the second half of the rounds (narrow, so no territory stays stretched). Default `candidates`. */
  finalCandidates?: number;
  /** Relative band aimed at, per measure. */
  band: Float64Array;
  /** Location-allocation rounds at most. Default 30. */
  rounds?: number;
  /** Dual steps per round. Default 60. */
  steps?: number;
  /**
   * Progress and cancellation hook: called at the start of every round (and every few dual steps on big
   * problems) with the share of the stage done, in [0, 1]. It may throw to abort; the error is not caught.
   */
  checkpoint?: (fraction: number) => void;
  /** Epoch ms after which no further round starts (one round on the accounts always runs, so every account is
   *  placed). */
  deadline?: number;
  /** The accounts' Delaunay graph and a seeded random source: with both, a problem with many accounts per
   *  territory is clustered as groups of neighbours first (see `clusterTerritories`). */
  graph?: NeighborGraph;
  rand?: () => number;
  /** Prices to start from, k x B (default 0). */
  prices?: Float64Array;
}

/** The clustering stage's output: a near-balanced assignment, its centres and the final prices. */
export interface ClusterResult {
  assign: Int32Array;
  centers: Float64Array;
  prices: Float64Array;
  rounds: number;
  /** The centres the last allocation was made with (the prices fit these, not `centers`). */
  allocatedAt: Float64Array;
}

/** Matching passes: units of up to 8 accounts. */
const LEVELS = 3;
/** Accounts per territory from which the rounds start on units (at least about 19 units a territory, room for
 *  the prices to balance). With fewer, units cost the widest territories: CTDP 10,000 units, p = 160 (62.5 a
 *  territory, units of 2) widest 161 km against 121; 1,000 / p = 10 (units of up to 4) 444 against 422.
 *  150, not 200: a 10,000 x 50 plan's regions hold 199-201 accounts a territory. */
const MIN_ACCOUNTS_PER_TERRITORY = 150;
/** Share of the rounds run on the units. */
const COARSE_SHARE = 2 / 3;

/** Whether the rounds start on units (see `clusterTerritories`): not without a graph, nor with move or
 *  distance-limit charges (they are per account), nor with fewer than `MIN_ACCOUNTS_PER_TERRITORY`, nor with
 *  fewer than two rounds or past the deadline (one quick round on the accounts places everyone), nor with a
 *  zero distance weight (`normalizeInput` floors them; a unit sits at its weighted mean). */
function startsOnUnits(problem: Problem, ctx: ClusterContext): boolean {
  const rounds = ctx.rounds ?? 30;
  if (!ctx.graph || !ctx.rand || problem.k === 0 || rounds < 2 || hasExtraCosts(problem)) return false;
  if (problem.n < MIN_ACCOUNTS_PER_TERRITORY * problem.k) return false;
  if (ctx.deadline !== undefined && Date.now() > ctx.deadline) return false;
  return problem.weight.every((w) => w > 0);
}

/**
 * Geographic clustering toward balance: Lloyd-style alternation (Hess et al. 1965, location then allocation)
 * where the allocation is the price-adjusted one of `allocateWithPrices` over each account's nearest
 * centres, and the location step moves each centre to the weighted mean direction of its accounts (homes stay
 * pinned). Prices carry over between rounds. Stops when under 0.2% of accounts change territory.
 *
 * With 150 or more accounts per territory, the first two thirds of the rounds run on units of neighbouring
 * accounts (`coarsenAccounts`, up to 8 accounts each, coarsened as METIS coarsens a graph), with the usual
 * schedule of candidates (wide for the first half of those rounds, then narrow), and the last third on the
 * accounts, on the narrow candidates, from the centres the units' last allocation used and its prices (scaled
 * to the accounts' measure units). Measured by `npm run bench` (10,000 x 50 warm, best of 3, against the code
 * before in the same hour; bench/results/2026-11-30-units-warm.json): 667 -> 567 ms uniform, 1,796 -> 728 ms
 * clustered towns, 718 -> 435 ms ZIP. Over 6 instances x 3 algorithm seeds (scratch runs): objective +0.4 /
 * +0.3 / +0.1%, hull overlap 3.1 -> 2.8%, 7.6 -> 8.3%, 2.7 -> 3.3% (the spread between algorithm seeds alone:
 * objective 1-2%, overlap 2.2-3.6% on ZIP).
 * O(rounds x (n log k + steps x n x C x B)).
 */
export function clusterTerritories(problem: Problem, ctx: ClusterContext): ClusterResult {
  if (!startsOnUnits(problem, ctx)) return clusterLevel(problem, ctx);
  const rounds = ctx.rounds ?? 30;
  // At least one round on the accounts: the units' plan alone leaves their ragged borders.
  const coarseRounds = Math.min(rounds - 1, Math.round(COARSE_SHARE * rounds));
  const coarse = coarsenAccounts(problem, { graph: ctx.graph!, fixed: ctx.fixed, targets: ctx.targets, levels: LEVELS, rand: ctx.rand! });
  const checkpoint = ctx.checkpoint;
  const first = clusterLevel(coarse.problem, {
    ...ctx,
    fixed: coarse.fixed,
    rounds: coarseRounds,
    // Prices given are in the accounts' terms: the units' are accounts / units times those.
    prices: ctx.prices && accountPrices(ctx.prices, problem.n, coarse.problem.n),
    checkpoint: checkpoint && ((f) => checkpoint((coarseRounds / rounds) * f)),
  });
  const fine = clusterLevel(problem, {
    ...ctx,
    centers: first.allocatedAt,
    prices: accountPrices(first.prices, coarse.problem.n, problem.n),
    // The accounts' rounds only trim the borders the units left.
    candidates: ctx.finalCandidates ?? ctx.candidates,
    rounds: rounds - coarseRounds,
    checkpoint: checkpoint && ((f) => checkpoint(coarseRounds / rounds + (1 - coarseRounds / rounds) * f)),
  });
  return { ...fine, rounds: first.rounds + fine.rounds };
}

/**
 * The units' prices in the accounts' terms. A price is per unit of normalised measure, and a measure is
 * normalised by count / total (units or accounts), so the same price term for a unit and for its accounts
 * together takes the price times units / accounts. O(k x B).
 * @example accountPrices(Float64Array.of(8), 100, 800)[0] // => 1
 */
export function accountPrices(unitPrices: Float64Array, units: number, accounts: number): Float64Array {
  return unitPrices.map((p) => (p * units) / accounts);
}

/** The Lloyd rounds of `clusterTerritories` on one problem (the accounts, or the units). */
function clusterLevel(problem: Problem, ctx: ClusterContext): ClusterResult {
  const { n, k, measures } = problem;
  const rounds = ctx.rounds ?? 30;
  let centers = ctx.centers;
  let allocatedAt = centers;
  const prices = ctx.prices ? Float64Array.from(ctx.prices) : new Float64Array(k * measures.length);
  let assign: Int32Array = new Int32Array(n).fill(-1);
  let round = 0;
  const checkpoint = ctx.checkpoint;
  for (; round < rounds; round++) {
    if (round > 0 && ctx.deadline !== undefined && Date.now() > ctx.deadline) break;
    checkpoint?.(round / rounds);
    const C = Math.min(round < rounds / 2 ? ctx.candidates : (ctx.finalCandidates ?? ctx.candidates), k);
    const candidates = nearestCenters(problem.xyz, n, centers, k, C, ctx.closed);
    const cost = candidateCosts(problem, candidates, C, centers);
    const next = allocateWithPrices(problem, {
      candidates,
      count: C,
      cost,
      targets: ctx.targets,
      fixed: ctx.fixed,
      prices,
      band: ctx.band,
      // Past the deadline the one round left is a quick one: a few price steps, enough to place everyone.
      steps: ctx.deadline !== undefined && Date.now() > ctx.deadline ? 5 : (ctx.steps ?? 60),
      checkpoint: checkpoint && ((f) => checkpoint((round + f) / rounds)),
    });
    let changed = 0;
    for (let i = 0; i < n; i++) if (next[i] !== assign[i]) changed++;
    assign = next;
    allocatedAt = centers;
    centers = computeCenters(problem, assign, centers);
    if (changed <= 0.002 * n) {
      round++;
      break;
    }
  }
  checkpoint?.(1);
  return { assign, centers, prices, rounds: round, allocatedAt };
}

/** `accountCost` of each account in each of its candidate territories (n x C): weighted squared chord
 *  distance, plus the move charge and distance-limit penalty where there are any. */
export function candidateCosts(problem: Problem, candidates: Int32Array, C: number, centers: Float64Array): Float64Array {
  const { n, xyz, weight } = problem;
  const extras = hasExtraCosts(problem);
  const cost = new Float64Array(n * C);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < C; c++) {
      const j = candidates[i * C + c];
      if (j < 0) {
        cost[i * C + c] = Infinity;
        continue;
      }
      const dx = xyz[3 * i] - centers[3 * j];
      const dy = xyz[3 * i + 1] - centers[3 * j + 1];
      const dz = xyz[3 * i + 2] - centers[3 * j + 2];
      cost[i * C + c] = weight[i] * (dx * dx + dy * dy + dz * dz) + (extras ? extraCost(problem, i, j) : 0);
    }
  }
  return cost;
}
