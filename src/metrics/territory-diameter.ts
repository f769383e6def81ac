import { chord2ToKm, EARTH_RADIUS_KM } from '../geo/haversine.js';
import { antipodalDiameter } from './antipodal-diameter.js';
import { gnomonicHull } from './gnomonic-hull.js';
import { maxChord2 } from './max-chord2.js';

/**
 * Up to this many accounts `maxChord2` runs on all of them: measured faster than building the hull first
 * (2,000 accounts: ~2 ms either way, 20,000: ~4 ms against ~19 ms), and its worst case (two dense towns,
 * all cross pairs compared) stays at 1e6 pairs. Above it the hull bounds the work whatever the layout.
 */
const DIRECT_MAX = 2000;
/** Squared chord of a quarter great circle (90 degrees): 2 - 2 cos(pi / 2). */
const QUARTER_CHORD2 = 2;

/**
 * Largest great-circle distance in km between two of the given accounts (a territory's diameter), exact.
 *
 * Algorithm: chord length is monotone in great-circle distance, so the diameter is the pair with the largest
 * squared chord between unit vectors, converted once to km. Up to 2,000 accounts all of them go to
 * `maxChord2` (a pairwise scan, or its exact branch and bound). Above that only the vertices of the territory's spherical convex hull are compared (`gnomonicHull`): when the
 * largest distance D between hull vertices is at most 90 degrees, every vertex lies in the cap of radius D
 * around every other, such caps are spherically convex, so the whole hull (every account) lies in them and
 * no pair of accounts is farther apart than D: the hull answer is exact. A territory wider than a quarter of
 * the globe, or not inside one hemisphere, goes to the exact closest-antipode search over all its accounts
 * (`antipodalDiameter`), which is fast exactly where the hull argument fails.
 *
 * O(m^2) at worst for m <= 2,000; above, O(m log m) plus the branch and bound over the h hull vertices (h grows
 * like m^(1/3) for accounts spread over an area), or O(m log m) for the wide fallback.
 * @param xyz interleaved unit vectors of all accounts
 * @param indices the territory's accounts
 * @returns diameter in km (0 for fewer than two accounts)
 * @example territoryDiameterKm(problem.xyz, members[0]) // => 412.7
 */
export function territoryDiameterKm(xyz: Float64Array, indices: ArrayLike<number>): number {
  const m = indices.length;
  if (m < 2) return 0;
  if (m <= DIRECT_MAX) return chord2ToKm(maxChord2(xyz, indices));
  const hull = gnomonicHull(xyz, indices);
  if (hull) {
    const onHull = maxChord2(xyz, hull);
    if (onHull <= QUARTER_CHORD2) return chord2ToKm(onHull);
  }
  return EARTH_RADIUS_KM * antipodalDiameter(xyz, indices);
}
