import type { Problem } from '../input/problem.js';
import { computeCenters } from '../geo/centers.js';
import { allocateWithPrices } from './allocate-with-prices.js';
import { nearestCenters } from './nearest-centers.js';
import { extraCost, hasExtraCosts } from '../rebalance/account-cost.js';

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
  /** Epoch ms after which no further round starts (the first always runs, so every account is placed). */
  deadline?: number;
}

/** The clustering stage's output: a near-balanced assignment, its centres and the final prices. */
export interface ClusterResult {
  assign: Int32Array;
  centers: Float64Array;
  prices: Float64Array;
  rounds: number;
}

/**
 * Geographic clustering toward balance: Lloyd-style alternation (Hess et al. 1965, location then allocation)
 * where the allocation is the price-adjusted one of `allocateWithPrices` over each account's nearest
 * centres, and the location step moves each centre to the weighted mean direction of its accounts (homes stay
 * pinned). Prices carry over between rounds. Stops when under 0.2% of accounts change territory.
 * O(rounds x (n log k + steps x n x C x B)).
 */
export function clusterTerritories(problem: Problem, ctx: ClusterContext): ClusterResult {
  const { n, k, measures } = problem;
  const rounds = ctx.rounds ?? 30;
  let centers = ctx.centers;
  const prices = new Float64Array(k * measures.length);
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
    centers = computeCenters(problem, assign, centers);
    if (changed <= 0.002 * n) {
      round++;
      break;
    }
  }
  checkpoint?.(1);
  return { assign, centers, prices, rounds: round };
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
