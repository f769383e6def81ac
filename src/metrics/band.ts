/**
 * The balance band: how far a territory's total is from its target, and whether that is close enough.
 * Both rules live here so the metrics, the warnings and the tests agree on one definition.
 */

/**
 * Slack added to the tolerance when testing the band, so a total that sits exactly on the edge is not thrown
 * out by the last bit of floating-point rounding (an LP solution is only exact to about 1e-9).
 */
export const BAND_SLACK = 1e-9;

/**
 * Relative deviation of a territory total from its target, `(total - target) / target`, made total: it is
 * always a finite number, so no NaN or Infinity ever reaches a report.
 *
 * - target 0 and total 0: 0 (nothing was asked and nothing was given);
 * - target 0 and total > 0: 1, the deviation of a territory holding twice what it should (the ratio is
 *   unbounded, and any finite stand-in is arbitrary; 1 keeps means and coefficients of variation readable).
 *   `isInBand` treats this case as outside the band whatever the tolerance;
 * - a quotient that overflows (a target of 1e-300) is clamped to +-Number.MAX_VALUE.
 *
 * O(1).
 * @param total the territory's total on one measure (finite, >= 0)
 * @param target its target on that measure (finite, >= 0)
 * @example relativeDeviation(105, 100) // => 0.05
 * @example relativeDeviation(3, 0) // => 1
 */
export function relativeDeviation(total: number, target: number): number {
  if (!(target > 0)) return total > 0 ? 1 : 0;
  const d = (total - target) / target;
  if (Number.isFinite(d)) return d;
  return d > 0 ? Number.MAX_VALUE : -Number.MAX_VALUE;
}

/**
 * Whether a territory is inside the band `|deviation| <= tolerance` (plus `BAND_SLACK`) on one measure.
 * A positive total against a zero target is outside (any share of nothing is too much), and so is a territory
 * with no accounts against a positive target (a rep with an empty book is never balanced, even when the
 * tolerance is 1 or more). O(1).
 * @param total the territory's total on the measure
 * @param target its target on the measure
 * @param tolerance the relative band, e.g. 0.05
 * @param accounts how many accounts the territory holds
 * @example isInBand(104.9, 100, 0.05, 12) // => true
 * @example isInBand(0, 100, 1, 0) // => false
 */
export function isInBand(total: number, target: number, tolerance: number, accounts: number): boolean {
  if (!(target > 0)) return !(total > 0);
  if (accounts === 0) return false;
  return Math.abs(relativeDeviation(total, target)) <= tolerance + BAND_SLACK;
}
