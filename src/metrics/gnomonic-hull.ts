import { planarHull } from '../geo/planar-hull.js';
import { tangentBasis } from '../geo/tangent-basis.js';

/** Points closer than this (cosine) to the horizon of the projection centre are too near the edge to trust. */
const MIN_COS = 1e-6;

/**
 * Vertices of the spherical convex hull of a set of unit vectors, or null when the set does not lie inside
 * one open hemisphere around its mean direction.
 *
 * Algorithm: the gnomonic projection (centre of projection at the Earth's centre, tangent plane at the
 * set's mean direction c) maps great circles to straight lines, so the spherical convex hull is the planar
 * convex hull of the projected points (Snyder 1987, "Map Projections: A Working Manual", ch. 22). A point x
 * projects to (x.a, x.b) / (x.c) for an orthonormal tangent basis a, b; the planar hull is Andrew's monotone
 * chain (Andrew 1979). Points on a hull edge are dropped: they lie on the arc between its ends.
 * O(m log m).
 * @param xyz interleaved unit vectors (x, y, z per point)
 * @param indices which points to take
 * @returns the indices (from `indices`) of the hull's vertices, counter-clockwise in the projection, or null
 * @example gnomonicHull(squareCornersAndCentre, [0, 1, 2, 3, 4]) // => the four corners, counter-clockwise; the centre 4 is dropped
 */
export function gnomonicHull(xyz: Float64Array, indices: ArrayLike<number>): number[] | null {
  const m = indices.length;
  let cx = 0, cy = 0, cz = 0;
  for (let t = 0; t < m; t++) {
    const p = 3 * indices[t];
    cx += xyz[p]; cy += xyz[p + 1]; cz += xyz[p + 2];
  }
  const r = Math.hypot(cx, cy, cz);
  if (!(r > 0)) return null;
  cx /= r; cy /= r; cz /= r;
  const [ax, ay, az, bx, by, bz] = tangentBasis(cx, cy, cz);

  const u = new Float64Array(m);
  const v = new Float64Array(m);
  for (let t = 0; t < m; t++) {
    const p = 3 * indices[t];
    const x = xyz[p], y = xyz[p + 1], z = xyz[p + 2];
    const w = x * cx + y * cy + z * cz;
    if (!(w > MIN_COS)) return null;
    u[t] = (x * ax + y * ay + z * az) / w;
    v[t] = (x * bx + y * by + z * bz) / w;
  }
  return Array.from(planarHull(u, v), (t) => indices[t]);
}
