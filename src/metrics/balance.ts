import { mean, standardDeviation } from 'simple-statistics';
import type { Problem } from '../input/problem.js';
import type { MeasureBalance } from '../types.js';
import { isInBand, relativeDeviation } from './band.js';

/** Per-territory deviations and band flags, and their summary per measure. */
export interface BalanceResult {
  /** Relative deviation per territory and measure, row-major (j x B + b); always finite (see `relativeDeviation`). */
  deviations: Float64Array;
  /** 1 where territory j is inside the band on measure b, row-major (j x B + b). */
  inBand: Uint8Array;
  /** Summary per balanced measure, in the order of `problem.measures`. */
  balance: MeasureBalance[];
  /** True when every territory is inside the band on every measure (vacuously true with no measures). */
  feasible: boolean;
}

/**
 * Balance of a plan: each territory's deviation from its target on each balanced measure, whether it is
 * inside the band (`isInBand`), and per measure the largest and mean absolute deviation, the share of
 * territories in the band and the coefficient of variation of total / target.
 *
 * The ratio total / target is taken as 1 + deviation, so it follows the same zero-target rules as
 * `relativeDeviation` (0 / 0 counts as 1, a positive total on a zero target as 2) and stays finite. The
 * coefficient of variation is the population standard deviation of the ratios over their mean (0 when the
 * mean is 0). Isolated territories count like any other: they are usually far outside the band, and the
 * plan is then reported as not feasible, which is the truth about it.
 *
 * O(k x B).
 * @param problem the normalised problem (measures and tolerances)
 * @param totals territory totals, row-major (see `territoryTotals`)
 * @param targets territory targets, row-major (see `computeTargets`)
 * @param sizes number of accounts per territory (length k)
 * @example balanceMetrics(problem, totals, targets, sizes).balance[0].maxDeviation // => 0.031
 */
export function balanceMetrics(
  problem: Problem,
  totals: Float64Array,
  targets: Float64Array,
  sizes: ArrayLike<number>,
): BalanceResult {
  const { k, measures } = problem;
  const B = measures.length;
  const deviations = new Float64Array(k * B);
  const inBand = new Uint8Array(k * B);
  let feasible = true;
  const balance: MeasureBalance[] = measures.map((m, b) => {
    let maxDeviation = 0;
    let sumAbs = 0;
    let inside = 0;
    const ratios: number[] = new Array(k);
    for (let j = 0; j < k; j++) {
      const e = j * B + b;
      const d = relativeDeviation(totals[e], targets[e]);
      deviations[e] = d;
      const ok = isInBand(totals[e], targets[e], m.tolerance, sizes[j]);
      inBand[e] = ok ? 1 : 0;
      if (ok) inside++;
      else feasible = false;
      maxDeviation = Math.max(maxDeviation, Math.abs(d));
      sumAbs += Math.abs(d);
      ratios[j] = 1 + d;
    }
    let coefficientOfVariation = 0;
    if (k > 0) {
      const mu = mean(ratios);
      // Huge clamped deviations can overflow the variance; a non-finite CV says nothing a finite cap does not.
      const cv = mu > 0 ? standardDeviation(ratios) / mu : 0;
      coefficientOfVariation = Number.isFinite(cv) ? cv : Number.MAX_VALUE;
    }
    return {
      measure: m.name,
      tolerance: m.tolerance,
      total: m.total,
      maxDeviation,
      meanAbsDeviation: k > 0 ? Math.min(Number.MAX_VALUE, sumAbs / k) : 0,
      inBandShare: k > 0 ? inside / k : 1,
      coefficientOfVariation,
    };
  });
  return { deviations, inBand, balance, feasible };
}
