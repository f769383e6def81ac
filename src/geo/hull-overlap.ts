import { area, featureCollection, feature, intersect } from '@turf/turf';
import type { TerritoryHull } from '../types.js';
import { hullParts } from './hull-parts.js';
import { sphericalOverlapArea, sphericalRing } from './spherical-polygon.js';

export { pointsInOtherHulls } from './points-in-other-hulls.js';

/**
 * How much territory hulls overlap: the sum over pairs of hulls of the area of their intersection, over the
 * sum of the hulls' areas. 0 for hulls that only touch or do not meet; for two equal hulls overlapping on
 * half their area, 0.5 / 2 = 0.25.
 *
 * Algorithm: hulls are cut into their polygons (a hull split at the antimeridian is two), each with its own
 * lon/lat bounding box, so a split hull does not look as wide as the world; boxes are sorted by west edge and
 * swept (sort and sweep), and only pairs of polygons of different hulls whose boxes meet are intersected.
 * Pairs are summed per polygon part: the parts of one hull do not overlap each other, so that equals the
 * per-hull intersection area. Hull polygons are convex on the sphere, so a pair is clipped exactly and fast
 * in a gnomonic projection (`sphericalOverlapArea`: Sutherland-Hodgman, areas with great-circle edges);
 * turf `intersect` (polyclip-ts) and turf `area` take the rest: polar caps, rings touching a pole or wider
 * than a hemisphere, non-convex polygons from elsewhere. On heavily interleaved plans (every hull overlapping
 * every other: 4,950 pairs at k = 100) turf alone took ~20 s; the convex path takes a fraction of a second.
 * A degenerate polygon on which turf throws counts as no area (the metric must not crash the plan).
 * The ratio exceeds 1 when hulls pile up (each pair counts).
 * The turf path is bounded: once it has taken `slowPairsMs` in all, the pairs left for it are skipped and
 * counted in `skippedPairs`, and `areaRatio` is then a lower bound. Scattered territories of 5,000 accounts x
 * 200 reps over the globe, with hulls wider than a hemisphere, took 175 s here unbounded.
 * O(P log P + pairs x v^2) for P polygons of v vertices.
 * @param hulls hulls by territory (null for territories without area)
 * @param slowPairsMs time allowed for the pairs only turf can intersect (default `SLOW_PAIRS_MS`)
 * @param checkpoint called with the share of hulls done, every 64 hulls (2,000 hulls took 0.27 s); it may throw
 * @returns `areaRatio` (0 when the hulls have no area at all) and the pairs skipped
 * @example
 * const square = (w: number): TerritoryHull => ({ type: 'Feature', properties: { repId: `R${w}` },
 *   geometry: { type: 'Polygon', coordinates: [[[w, 0], [w + 2, 0], [w + 2, 2], [w, 2], [w, 0]]] } });
 * hullOverlap([square(0), square(1)]) // => { areaRatio: 0.24999, skippedPairs: 0 } (half a square over two squares)
 */
export function hullOverlap(
  hulls: readonly (TerritoryHull | null)[],
  slowPairsMs = SLOW_PAIRS_MS,
  checkpoint?: (fraction: number) => void,
): { areaRatio: number; skippedPairs: number } {
  const parts = hullParts(hulls);
  const rings = parts.map((p) => sphericalRing(p.polygon));
  let total = 0;
  const areas = parts.map((p, i) => (rings[i].area > 0 ? rings[i].area : safe(() => area(p.polygon))));
  for (const a of areas) total += a;
  if (!(total > 0)) return { areaRatio: 0, skippedPairs: 0 };

  const order = parts.map((_, i) => i).sort((a, b) => parts[a].bbox[0] - parts[b].bbox[0]);
  let shared = 0;
  let slowMs = 0;
  let skippedPairs = 0;
  for (let s = 0; s < order.length; s++) {
    if (checkpoint && s % HULLS_PER_CHECK === 0) checkpoint(s / order.length);
    const a = parts[order[s]];
    for (let t = s + 1; t < order.length; t++) {
      const b = parts[order[t]];
      if (b.bbox[0] > a.bbox[2]) break;
      if (a.hull === b.hull || b.bbox[1] > a.bbox[3] || b.bbox[3] < a.bbox[1]) continue;
      const fast = sphericalOverlapArea(rings[order[s]], rings[order[t]]);
      if (fast !== null) {
        shared += fast;
        continue;
      }
      if (slowMs >= slowPairsMs) {
        skippedPairs++;
        continue;
      }
      const started = performance.now();
      shared += safe(() => {
        const x = intersect(featureCollection([feature(a.polygon), feature(b.polygon)]));
        return x ? area(x) : 0;
      });
      slowMs += performance.now() - started;
    }
  }
  return { areaRatio: shared / total, skippedPairs };
}

/** Hulls between two checkpoints of `hullOverlap`'s pair scan. */
const HULLS_PER_CHECK = 64;

/** Default time for the pairs of hulls only turf can intersect, in ms. */
export const SLOW_PAIRS_MS = 2000;

function safe(f: () => number): number {
  try {
    const v = f();
    return Number.isFinite(v) && v > 0 ? v : 0;
  } catch {
    return 0;
  }
}
