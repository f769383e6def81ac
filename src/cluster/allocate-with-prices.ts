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
 * `PriceDrift`): the same assignment and prices to the last bit as scanning every account at every step
 * (measured: 88% of the scans skipped on uniform 5,000 x 25, 26% on clustered towns, whose prices swing more).
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
        drift.stepMaxChange[b] = Math.max(drift.stepMaxChange[b], Math.abs(prices[p] - before));
      }
    }
    drift.endStep();
    if (worst <= 1) break;
  }
  return assign;
}

/**
 * Which accounts can skip a step's scan. When account i is scanned, its margin is how much cheaper its choice
 * is than every other candidate, less a rounding allowance. Until its next scan, no price changes by more than
 * the sum over steps of the step's largest price change on each measure (`total - totalAtScan`), so no
 * candidate can overtake the choice while the margin exceeds twice that change times the account's measures:
 * its choice is the one a scan would make, tie-break included (the margin must be positive, so a tied rival
 * always means a scan).
 *
 * The allowance covers rounding: 1e-9 of the terms' size (a scan's float error is about (B + 1) x 1.1e-16 of
 * it), plus 1e-300 for numbers so small that their rounding is absolute, not relative; the drift is read as
 * `total x (1 + 1e-9) - totalAtScan`, which covers the running sum's rounding for up to millions of steps.
 * A rival or a choice whose value is not finite (an overflow, or NaN) gives no margin. Accounts with a measure that is
 * negative or not finite are always scanned.
 */
interface PriceDrift {
  /** Per account: the choice's margin at its last scan, less the allowance (-Infinity or NaN: scan). */
  margin: Float64Array;
  /** Per account x measure: `total` at its last scan. */
  totalAtScan: Float64Array;
  /** Per measure: the sum over steps of the largest price change. */
  total: Float64Array;
  /** Per measure: `total x (1 + ROUNDING)`, the drift bound's upper end. */
  high: Float64Array;
  /** Per measure: the largest price change in this step (filled by the price update, reset by `endStep`). */
  stepMaxChange: Float64Array;
  /** Per measure: the largest |price| at the start of this step (for the allowance). */
  maxAbsPrice: Float64Array;
  /** Per account: whether it may ever skip (its measures are finite and not negative). */
  skippable: Uint8Array;
  startStep(prices: Float64Array, k: number): void;
  endStep(): void;
}

/** Rounding allowance per unit of a scan's terms: far above the float error of a sum of B + 1 terms. */
const ROUNDING = 1e-9;
/** Absolute rounding allowance: far above the error of a few operations on subnormal numbers (5e-324 each). */
const ROUNDING_FLOOR = 1e-300;

function priceDrift(n: number, B: number, norm: Float64Array): PriceDrift {
  const skippable = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let ok = 1;
    for (let b = 0; b < B; b++) if (!(norm[i * B + b] >= 0 && norm[i * B + b] < Infinity)) ok = 0;
    skippable[i] = ok;
  }
  const total = new Float64Array(B);
  const high = new Float64Array(B);
  const stepMaxChange = new Float64Array(B);
  const maxAbsPrice = new Float64Array(B);
  return {
    margin: new Float64Array(n).fill(-Infinity),
    totalAtScan: new Float64Array(n * B),
    total,
    high,
    stepMaxChange,
    maxAbsPrice,
    skippable,
    startStep(prices, k) {
      maxAbsPrice.fill(0);
      for (let j = 0; j < k; j++) for (let b = 0; b < B; b++) maxAbsPrice[b] = Math.max(maxAbsPrice[b], Math.abs(prices[j * B + b]));
    },
    endStep() {
      for (let b = 0; b < B; b++) {
        total[b] += stepMaxChange[b];
        high[b] = total[b] * (1 + ROUNDING);
      }
      stepMaxChange.fill(0);
    },
  };
}

/** An account's margin after a scan: its runner-up (less its allowance) over its choice, less the rest of the
 *  allowance (see `PriceDrift`); -Infinity when the account may not skip. Both allocation passes use it. */
function scanMargin(skippable: number, runnerUp: number, bestCost: number, bestOwn: number, terms: number): number {
  // A choice whose value is -Infinity (an overflow) gives no margin either.
  return skippable && bestCost > -Infinity ? runnerUp - bestCost - ROUNDING * (Math.abs(bestOwn) + 2 * terms) - ROUNDING_FLOOR : -Infinity;
}

/**
 * One allocation pass (the body of `allocateWithPrices`' step): each free account to its cheapest candidate at
 * the current prices, and the territories' loads. Any number of measures.
 */
function allocateAny(n: number, C: number, B: number, candidates: Int32Array, cost: Float64Array, prices: Float64Array, norm: Float64Array, raw: Float64Array, fixed: Int32Array, assign: Int32Array, load: Float64Array, drift: PriceDrift): void {
  const { margin, totalAtScan, total, high, maxAbsPrice, skippable } = drift;
  for (let i = 0; i < n; i++) {
    let best = fixed[i];
    if (best < 0) {
      let bound = 0;
      for (let b = 0; b < B; b++) bound += (high[b] - totalAtScan[i * B + b]) * norm[i * B + b];
      if (margin[i] > 2 * bound) best = assign[i];
    }
    if (best < 0) {
      let bestCost = Infinity;
      let bestOwn = 0;
      // The cheapest other candidate, less its allowance.
      let runnerUp = Infinity;
      // A rival whose value is not finite (it overflowed, or is NaN): no margin can be trusted.
      let unbounded = false;
      for (let c = 0; c < C; c++) {
        const j = candidates[i * C + c];
        if (j < 0) break;
        const own = cost[i * C + c];
        let value = own;
        for (let b = 0; b < B; b++) value += prices[j * B + b] * norm[i * B + b];
        if (value < bestCost) {
          // The choice so far becomes a rival (none before the first candidate with a value).
          if (best >= 0 && bestCost - ROUNDING * Math.abs(bestOwn) < runnerUp) runnerUp = bestCost - ROUNDING * Math.abs(bestOwn);
          bestCost = value;
          bestOwn = own;
          best = j;
        } else if (value < Infinity) {
          if (value - ROUNDING * Math.abs(own) < runnerUp) runnerUp = value - ROUNDING * Math.abs(own);
        } else unbounded = true;
      }
      let terms = 0;
      for (let b = 0; b < B; b++) {
        terms += maxAbsPrice[b] * norm[i * B + b];
        totalAtScan[i * B + b] = total[b];
      }
      margin[i] = unbounded ? -Infinity : scanMargin(skippable[i], runnerUp, bestCost, bestOwn, terms);
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
  const { margin, totalAtScan, total, high, maxAbsPrice, skippable } = drift;
  const total0 = total[0];
  const total1 = total[1];
  const high0 = high[0];
  const high1 = high[1];
  const top0 = maxAbsPrice[0];
  const top1 = maxAbsPrice[1];
  for (let i = 0; i < n; i++) {
    let best = fixed[i];
    const n0 = norm[2 * i];
    const n1 = norm[2 * i + 1];
    if (best < 0 && margin[i] > 2 * ((high0 - totalAtScan[2 * i]) * n0 + (high1 - totalAtScan[2 * i + 1]) * n1)) best = assign[i];
    else if (best < 0) {
      let bestCost = Infinity;
      let bestOwn = 0;
      let runnerUp = Infinity;
      let unbounded = false;
      const row = i * C;
      for (let c = 0; c < C; c++) {
        const j = candidates[row + c];
        if (j < 0) break;
        const own = cost[row + c];
        const value = own + prices[2 * j] * n0 + prices[2 * j + 1] * n1;
        if (value < bestCost) {
          // The choice so far becomes a rival (none before the first candidate with a value).
          if (best >= 0 && bestCost - ROUNDING * Math.abs(bestOwn) < runnerUp) runnerUp = bestCost - ROUNDING * Math.abs(bestOwn);
          bestCost = value;
          bestOwn = own;
          best = j;
        } else if (value < Infinity) {
          if (value - ROUNDING * Math.abs(own) < runnerUp) runnerUp = value - ROUNDING * Math.abs(own);
        } else unbounded = true;
      }
      totalAtScan[2 * i] = total0;
      totalAtScan[2 * i + 1] = total1;
      margin[i] = unbounded ? -Infinity : scanMargin(skippable[i], runnerUp, bestCost, bestOwn, top0 * n0 + top1 * n1);
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
