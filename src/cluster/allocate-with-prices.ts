import type { Problem } from '../input/problem.js';

/** What the price-adjusted allocation needs besides the problem. */
export interface AllocationContext {
  /** Candidate territories per account, n x C, nearest first (-1 pads). */
  candidates: Int32Array;
  /** Number of candidates per account (C). */
  count: number;
  /** Weighted squared distance per candidate, n x C (the same layout as `candidates`). */
  cost: Float64Array;
  /** Targets, k x B row-major. */
  targets: Float64Array;
  /** A fixed territory per account (locks, isolated accounts), -1 when free. */
  fixed: Int32Array;
  /** Prices, k x B row-major: read as the warm start and updated in place. */
  prices: Float64Array;
  /** Relative band the loop aims for, per measure. */
  band: Float64Array;
  /** Dual steps at most. */
  steps: number;
  /** Called every few steps on big problems with the share of steps done, in [0, 1]; it may throw to abort. */
  checkpoint?: (fraction: number) => void;
}

/** Account x candidate x measure terms per pass above which `checkpoint` is called every few steps. */
const BIG_PASS = 200_000;

/**
 * Price-adjusted allocation: account i goes to the candidate j minimising
 * `cost_ij + sum_b price_jb * m_ib / mean_b`, and the prices climb where a territory is over its target and
 * fall where it is under (subgradient ascent on the Lagrangian dual of the band constraints, DESIGN.md stage
 * 3; with one measure weighting the distances the cells are those of a power diagram, Aurenhammer, Hoffmann
 * & Aronov 1998). Each price has its own step, halved when its sign of error flips and grown slowly while it
 * holds (Rprop-style), which damps the oscillation plain subgradient steps show.
 * O(steps x n x C x B).
 * @returns the assignment (length n) after the last step.
 */
export function allocateWithPrices(problem: Problem, ctx: AllocationContext): Int32Array {
  const { n, k, measures } = problem;
  const B = measures.length;
  const { candidates, count: C, cost, targets, fixed, prices, band, steps } = ctx;
  const unit = measures.map((m) => (m.total > 0 ? n / m.total : 0));
  // Step scale: a typical cost per unit of (normalised) measure, so prices and distances share units.
  let costSum = 0;
  let unitSum = 0;
  for (let i = 0; i < n; i++) {
    if (fixed[i] >= 0) continue;
    costSum += cost[i * C];
    for (let b = 0; b < B; b++) unitSum += (measures[b].values[i] * unit[b]) / B;
  }
  // Normalised measures for the prices and raw ones for the loads, account-major (n x B): the hot loop reads
  // one short row per account.
  const norm = new Float64Array(n * B);
  const raw = new Float64Array(n * B);
  for (let b = 0; b < B; b++) {
    const values = measures[b].values;
    for (let i = 0; i < n; i++) {
      raw[i * B + b] = values[i];
      norm[i * B + b] = values[i] * unit[b];
    }
  }
  const checkEvery = n * C * B > BIG_PASS ? Math.max(1, Math.floor((5 * BIG_PASS) / (n * C * B))) : 0;
  const eta = unitSum > 0 ? (2 * costSum) / unitSum : 0;
  const scale = new Float64Array(k * B).fill(1);
  const lastSign = new Int8Array(k * B);
  const assign = new Int32Array(n);
  const load = new Float64Array(k * B);
  for (let step = 0; step <= steps; step++) {
    if (checkEvery > 0 && step % checkEvery === 0) ctx.checkpoint?.(step / (steps + 1));
    load.fill(0);
    // Two measures (the usual case) unrolled: clustering 34% faster (5,000 x 25 clustered), the same plans.
    if (B === 2) allocateTwo(n, C, candidates, cost, prices, norm, raw, fixed, assign, load);
    else allocateAny(n, C, B, candidates, cost, prices, norm, raw, fixed, assign, load);
    if (step === steps || eta === 0) break;
    let worst = 0;
    for (let j = 0; j < k; j++) {
      for (let b = 0; b < B; b++) {
        const t = targets[j * B + b];
        if (!(t > 0)) continue;
        const error = load[j * B + b] / t - 1;
        worst = Math.max(worst, Math.abs(error) / band[b]);
        const sign = error > 0 ? 1 : error < 0 ? -1 : 0;
        const p = j * B + b;
        if (sign !== 0 && sign === -lastSign[p]) scale[p] *= 0.5;
        else if (sign !== 0) scale[p] = Math.min(4, scale[p] * 1.1);
        lastSign[p] = sign;
        prices[p] += eta * scale[p] * Math.max(-1, Math.min(1, error));
      }
    }
    if (worst <= 1) break;
  }
  return assign;
}

/**
 * One allocation pass (the body of `allocateWithPrices`' step): each free account to its cheapest candidate at
 * the current prices, and the territories' loads. Any number of measures.
 */
function allocateAny(n: number, C: number, B: number, candidates: Int32Array, cost: Float64Array, prices: Float64Array, norm: Float64Array, raw: Float64Array, fixed: Int32Array, assign: Int32Array, load: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let best = fixed[i];
    if (best < 0) {
      let bestCost = Infinity;
      for (let c = 0; c < C; c++) {
        const j = candidates[i * C + c];
        if (j < 0) break;
        let value = cost[i * C + c];
        for (let b = 0; b < B; b++) value += prices[j * B + b] * norm[i * B + b];
        if (value < bestCost) {
          bestCost = value;
          best = j;
        }
      }
    }
    // Costs that are not finite (denormal measures, NaN prices) must still leave the account somewhere.
    if (best < 0) best = candidates[i * C];
    assign[i] = best;
    if (best >= 0) for (let b = 0; b < B; b++) load[best * B + b] += raw[i * B + b];
  }
}

/** `allocateAny` for two measures (the common case), unrolled: the same sums in the same order, so the same
 *  plans (test/cluster/allocate-reference.test.ts holds both to a plain loop; keep them in step). */
function allocateTwo(n: number, C: number, candidates: Int32Array, cost: Float64Array, prices: Float64Array, norm: Float64Array, raw: Float64Array, fixed: Int32Array, assign: Int32Array, load: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let best = fixed[i];
    if (best < 0) {
      const n0 = norm[2 * i];
      const n1 = norm[2 * i + 1];
      let bestCost = Infinity;
      const row = i * C;
      for (let c = 0; c < C; c++) {
        const j = candidates[row + c];
        if (j < 0) break;
        const value = cost[row + c] + prices[2 * j] * n0 + prices[2 * j + 1] * n1;
        if (value < bestCost) {
          bestCost = value;
          best = j;
        }
      }
    }
    // Costs that are not finite (denormal measures, NaN prices) must still leave the account somewhere.
    if (best < 0) best = candidates[i * C];
    assign[i] = best;
    if (best >= 0) {
      load[2 * best] += raw[2 * i];
      load[2 * best + 1] += raw[2 * i + 1];
    }
  }
}
