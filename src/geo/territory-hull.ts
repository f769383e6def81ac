import type { MultiPolygon, Polygon } from 'geojson';
import type { TerritoryHull } from '../types.js';
import { lonLatPolygons } from './lon-lat-polygons.js';
import { planarHull } from './planar-hull.js';
import { toUnitVector } from './unit-vector.js';

/** Points must be at least this far above the projection centre's horizon (cosine; about 89 degrees). */
const MIN_COS = Math.cos((89 * Math.PI) / 180);
/** A hull thinner than this (area over squared extent, in the projection) is a line: no area. */
const FLAT = 1e-12;

/**
 * The convex hull of a territory's accounts as RFC 7946 GeoJSON: a Polygon, or a MultiPolygon when it crosses
 * the antimeridian, with `{ repId }` as properties; null when the accounts have no area (fewer than 3
 * distinct spots, or all on one great circle).
 *
 * Algorithm: the accounts are projected gnomonically onto the plane tangent at `center` (Snyder 1987, "Map
 * Projections: A Working Manual", ch. 22). The gnomonic projection maps great circles to straight lines, so
 * the planar convex hull (Andrew's monotone chain, `planarHull`) picks exactly the vertices of the spherical
 * convex hull. It only reaches points less than 90 degrees from its centre, so when an account is more than
 * 89 degrees from `center` the accounts' own mean direction is used instead; when even that fails (accounts
 * spread over more than a hemisphere, which have no proper spherical hull) an azimuthal equidistant projection
 * around the mean gives an approximate hull, and an account exactly opposite the mean is left out.
 * The hull's vertices are accounts, so their lon/lat are the input's, exactly; `lonLatPolygons` densifies the
 * edges along great circles (1 degree steps), unwraps longitudes around `center.lon`, splits at the
 * antimeridian and makes rings counter-clockwise. A territory around a pole comes back as one polar-cap
 * Polygon: the ring runs from lon -180 to 180 and closes along lat +-90 (the usual lon/lat form of a cap;
 * planar lon/lat tools such as turf then see the cap as the band up to the pole, which is what it is).
 * O(m log m) for m accounts.
 * @param lat latitudes of all accounts, degrees
 * @param lon longitudes of all accounts, degrees
 * @param indices the territory's accounts (indices into lat/lon)
 * @param center the territory's centre, where the projection touches the sphere
 * @param repId stored as the feature's `repId` property
 * @returns the hull feature, or null for no area
 * @example
 * territoryHull(Float64Array.of(0, 0, 1, 1), Float64Array.of(0, 1, 1, 0), [0, 1, 2, 3], { lat: 0.5, lon: 0.5 }, 'R-1')
 *   ?.geometry // => { type: 'Polygon', coordinates: [[[0,0],[1,0],[1,1],[0,1],[0,0]]] }
 */
export function territoryHull(
  lat: Float64Array,
  lon: Float64Array,
  indices: ArrayLike<number>,
  center: { lat: number; lon: number },
  repId: string,
): TerritoryHull | null {
  const m = indices.length;
  if (m < 3) return null;
  const v = new Float64Array(3 * m);
  let sx = 0, sy = 0, sz = 0;
  for (let t = 0; t < m; t++) {
    toUnitVector(lat[indices[t]], lon[indices[t]], v, 3 * t);
    sx += v[3 * t]; sy += v[3 * t + 1]; sz += v[3 * t + 2];
  }
  const c = new Float64Array(3);
  let gnomonic = false;
  if (Number.isFinite(center.lat) && Number.isFinite(center.lon)) {
    toUnitVector(center.lat, center.lon, c, 0);
    gnomonic = minCos(v, c) >= MIN_COS;
  }
  if (!gnomonic) {
    const r = Math.hypot(sx, sy, sz);
    if (r > 1e-12 * m) c.set([sx / r, sy / r, sz / r]);
    else if (!(Math.hypot(c[0], c[1], c[2]) > 0)) c.set(v.subarray(0, 3));
    gnomonic = minCos(v, c) >= MIN_COS;
  }
  const { x, y } = project(v, c, gnomonic);
  const hull = planarHull(x, y);
  if (hull.length < 3 || isFlat(hull, x, y)) return null;

  const hLat = Array.from(hull, (t) => lat[indices[t]]);
  const hLon = Array.from(hull, (t) => lon[indices[t]]);
  const centerLon = Number.isFinite(center.lon) ? center.lon : hLon[0];
  const polygons = lonLatPolygons(hLat, hLon, centerLon);
  if (polygons.length === 0) return null;
  const geometry: Polygon | MultiPolygon =
    polygons.length === 1
      ? { type: 'Polygon', coordinates: polygons[0] }
      : { type: 'MultiPolygon', coordinates: polygons };
  return { type: 'Feature', properties: { repId }, geometry };
}

function minCos(v: Float64Array, c: Float64Array): number {
  let min = Infinity;
  for (let t = 0; t < v.length; t += 3) min = Math.min(min, v[t] * c[0] + v[t + 1] * c[1] + v[t + 2] * c[2]);
  return min;
}

/**
 * Plane coordinates in the tangent basis (east, north) at c, which is right-handed with c pointing out of the
 * sphere, so counter-clockwise in the plane is counter-clockwise seen from outside. Gnomonic: (v.e1, v.e2)
 * / v.c. Azimuthal equidistant: the same direction, scaled to the angle from c.
 */
function project(v: Float64Array, c: Float64Array, gnomonic: boolean): { x: Float64Array; y: Float64Array } {
  const [cx, cy, cz] = c;
  // East = z x c; at a pole (no east) use x x c. Either way e1 is perpendicular to c and e2 = c x e1.
  const [ax, ay, az] = Math.abs(cz) < 0.999 ? [0, 0, 1] : [1, 0, 0];
  let e1x = ay * cz - az * cy, e1y = az * cx - ax * cz, e1z = ax * cy - ay * cx;
  const r = Math.hypot(e1x, e1y, e1z);
  e1x /= r; e1y /= r; e1z /= r;
  const e2x = cy * e1z - cz * e1y, e2y = cz * e1x - cx * e1z, e2z = cx * e1y - cy * e1x;
  const m = v.length / 3;
  const x = new Float64Array(m), y = new Float64Array(m);
  for (let t = 0; t < m; t++) {
    const px = v[3 * t], py = v[3 * t + 1], pz = v[3 * t + 2];
    const a = px * e1x + py * e1y + pz * e1z, b = px * e2x + py * e2y + pz * e2z;
    const d = px * cx + py * cy + pz * cz;
    if (gnomonic) {
      x[t] = a / d;
      y[t] = b / d;
    } else {
      const s = Math.hypot(a, b);
      // Angle from c over its sine; the limit 1 at c itself; an antipodal point (s = 0, d < 0) goes to c.
      const f = s > 1e-15 ? Math.atan2(s, d) / s : d > 0 ? 1 : 0;
      x[t] = a * f;
      y[t] = b * f;
    }
  }
  return { x, y };
}

/** True when the hull's area is negligible against its extent (all points on one line, up to rounding). */
function isFlat(hull: Int32Array, x: Float64Array, y: Float64Array): boolean {
  let area = 0, extent = 0;
  const x0 = x[hull[0]], y0 = y[hull[0]];
  for (let i = 0, j = hull.length - 1; i < hull.length; j = i++) {
    area += x[hull[j]] * y[hull[i]] - x[hull[i]] * y[hull[j]];
    extent = Math.max(extent, (x[hull[i]] - x0) ** 2 + (y[hull[i]] - y0) ** 2);
  }
  return Math.abs(area / 2) <= FLAT * extent;
}
