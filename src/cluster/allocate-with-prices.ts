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
 * An account whose choice cannot have changed since it was last scanned is not scanned again (see
 * `PriceDrift`): the same assignment and prices to the last bit, with 88% of the scans skipped on uniform
 * 5,000 x 25 and 26% on clustered towns, whose prices swing more.
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
  const drift = priceDrift(n, B, norm);
  for (let step = 0; step <= steps; step++) {
    if (checkEvery > 0 && step % checkEvery === 0) ctx.checkpoint?.(step / (steps + 1));
    load.fill(0);
    drift.startStep(prices, k);
    // Two measures (the usual case) unrolled: clustering 34% faster (5,000 x 25 clustered), the same plans.
    if (B === 2) allocateTwo(n, C, candidates, cost, prices, norm, raw, fixed, assign, load, drift);
    else allocateAny(n, C, B, candidates, cost, prices, norm, raw, fixed, assign, load, drift);
    if (step === steps || eta === 0) break;
    drift.moved.fill(0);
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
        const before = prices[p];
        prices[p] += eta * scale[p] * Math.max(-1, Math.min(1, error));
        // The change as stored (not the step: adding a tiny step to a big price rounds by up to half an ulp).
        drift.moved[b] = Math.max(drift.moved[b], Math.abs(prices[p] - before));
      }
    }
    drift.endStep();
    if (worst <= 1) break;
  }
  return assign;
}

/**
 * Which accounts can skip a step's scan. When account i is scanned, its margin is how much cheaper its choice
 * is than every other candidate (less a rounding allowance). Until the next scan, a candidate's price changes
 * by at most the sum of the steps' largest price change on each measure (`total`, since the scan: `total -
 * since`), so no candidate can overtake the choice while the margin exceeds twice that change times the
 * account's measures: its choice is the one a scan would make. The allowance (1e-9 of the terms' size, the
 * float error of a scan being about 1e-16 of it) covers rounding, so the skip never changes a bit of the plan.
 * Accounts with a measure that is negative or not finite are always scanned.
 */
interface PriceDrift {
  /** Per account: the choice's margin at its last scan, less the rounding allowance (-Infinity: scan). */
  margin: Float64Array;
  /** Per account x measure: `total` at its last scan. */
  since: Float64Array;
  /** Per measure: the sum over steps of the largest price change. */
  total: Float64Array;
  /** Per measure: the largest price change in this step (filled by the price update). */
  moved: Float64Array;
  /** Per measure: the largest |price| at the start of this step (for the rounding allowance). */
  top: Float64Array;
  /** Per account: whether it may ever skip (its measures are finite and not negative). */
  skippable: Uint8Array;
  startStep(prices: Float64Array, k: number): void;
  endStep(): void;
}

/** Rounding allowance per unit of a scan's terms: far above the float error of a sum of three terms. */
const ROUNDING = 1e-9;

function priceDrift(n: number, B: number, norm: Float64Array): PriceDrift {
  const skippable = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let ok = 1;
    for (let b = 0; b < B; b++) if (!(norm[i * B + b] >= 0 && norm[i * B + b] < Infinity)) ok = 0;
    skippable[i] = ok;
  }
  const total = new Float64Array(B);
  const moved = new Float64Array(B);
  const top = new Float64Array(B);
  return {
    margin: new Float64Array(n).fill(-Infinity),
    since: new Float64Array(n * B),
    total,
    moved,
    top,
    skippable,
    startStep(prices, k) {
      top.fill(0);
      for (let j = 0; j < k; j++) for (let b = 0; b < B; b++) top[b] = Math.max(top[b], Math.abs(prices[j * B + b]));
    },
    endStep() {
      for (let b = 0; b < B; b++) total[b] += moved[b];
    },
  };
}

/**
 * One allocation pass (the body of `allocateWithPrices`' step): each free account to its cheapest candidate at
 * the current prices, and the territories' loads. Any number of measures.
 */
function allocateAny(n: number, C: number, B: number, candidates: Int32Array, cost: Float64Array, prices: Float64Array, norm: Float64Array, raw: Float64Array, fixed: Int32Array, assign: Int32Array, load: Float64Array, drift: PriceDrift): void {
  const { margin, since, total, top, skippable } = drift;
  for (let i = 0; i < n; i++) {
    let best = fixed[i];
    if (best < 0) {
      let bound = 0;
      for (let b = 0; b < B; b++) bound += (total[b] * (1 + ROUNDING) - since[i * B + b]) * norm[i * B + b];
      if (margin[i] > 2 * bound) best = assign[i];
    }
    if (best < 0) {
      let bestCost = Infinity;
      let bestOwn = 0;
      // The cheapest other candidate, less its allowance.
      let runnerUp = Infinity;
      for (let c = 0; c < C; c++) {
        const j = candidates[i * C + c];
        if (j < 0) break;
        const own = cost[i * C + c];
        let value = own;
        for (let b = 0; b < B; b++) value += prices[j * B + b] * norm[i * B + b];
        if (value < bestCost) {
          runnerUp = Math.min(runnerUp, bestCost - ROUNDING * Math.abs(bestOwn));
          bestCost = value;
          bestOwn = own;
          best = j;
        } else runnerUp = Math.min(runnerUp, value - ROUNDING * Math.abs(own));
      }
      let terms = 0;
      for (let b = 0; b < B; b++) {
        terms += top[b] * norm[i * B + b];
        since[i * B + b] = total[b];
      }
      margin[i] = skippable[i] ? runnerUp - bestCost - ROUNDING * (Math.abs(bestOwn) + 2 * terms) : -Infinity;
    }
    // Costs that are not finite (denormal measures, NaN prices) must still leave the account somewhere.
    if (best < 0) best = candidates[i * C];
    assign[i] = best;
    if (best >= 0) for (let b = 0; b < B; b++) load[best * B + b] += raw[i * B + b];
  }
}

/** `allocateAny` for two measures (the common case), unrolled: the same sums in the same order, so the same
 *  plans (test/cluster/allocate-reference.test.ts holds both to a plain loop; keep them in step). */
function allocateTwo(n: number, C: number, candidates: Int32Array, cost: Float64Array, prices: Float64Array, norm: Float64Array, raw: Float64Array, fixed: Int32Array, assign: Int32Array, load: Float64Array, drift: PriceDrift): void {
  const { margin, since, total, top, skippable } = drift;
  const total0 = total[0];
  const total1 = total[1];
  // The drift since a scan is read as (total (1 + ROUNDING) - since): an upper bound of the change, whatever
  // rounding the sum of steps and the subtraction did.
  const high0 = total0 * (1 + ROUNDING);
  const high1 = total1 * (1 + ROUNDING);
  const top0 = top[0];
  const top1 = top[1];
  for (let i = 0; i < n; i++) {
    let best = fixed[i];
    const n0 = norm[2 * i];
    const n1 = norm[2 * i + 1];
    if (best < 0 && margin[i] > 2 * ((high0 - since[2 * i]) * n0 + (high1 - since[2 * i + 1]) * n1)) best = assign[i];
    else if (best < 0) {
      let bestCost = Infinity;
      let bestOwn = 0;
      let runnerUp = Infinity;
      const row = i * C;
      for (let c = 0; c < C; c++) {
        const j = candidates[row + c];
        if (j < 0) break;
        const own = cost[row + c];
        const value = own + prices[2 * j] * n0 + prices[2 * j + 1] * n1;
        if (value < bestCost) {
          runnerUp = Math.min(runnerUp, bestCost - ROUNDING * Math.abs(bestOwn));
          bestCost = value;
          bestOwn = own;
          best = j;
        } else runnerUp = Math.min(runnerUp, value - ROUNDING * Math.abs(own));
      }
      since[2 * i] = total0;
      since[2 * i + 1] = total1;
      margin[i] = skippable[i] ? runnerUp - bestCost - ROUNDING * (Math.abs(bestOwn) + 2 * (top0 * n0 + top1 * n1)) : -Infinity;
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
