import type { Polygon } from 'geojson';

const RAD = Math.PI / 180;
/** Earth radius turf's `area` uses (m), so areas from here and from turf add up. */
const EARTH_RADIUS_M = 6371008.8;
/** Projected points must be this far above the horizon (cosine) of the pair's projection centre. */
const MIN_COS = 0.05;
/** Largest sine of a reflex turn accepted as convex (rounding, and the antimeridian cut made in lon/lat). */
const CONVEX_TOL = 1e-4;
/** Sine of a turn below which a vertex counts as lying on the straight line through its neighbours. */
const STRAIGHT = 1e-9;

/** A polygon's exterior ring on the unit sphere, ready for convex clipping. */
export interface SphericalRing {
  /** Interleaved unit vectors of the ring's distinct positions (not closed). */
  xyz: Float64Array;
  /** Normalised mean of the positions. */
  center: [number, number, number];
  /** False when the ring touches a pole or leaves the hemisphere around its centre: clip it another way. */
  clippable: boolean;
  /** Area in m^2 with great-circle edges (NaN when not clippable). */
  area: number;
}

/**
 * A GeoJSON polygon's exterior ring as unit vectors, with its area as a spherical polygon (edges taken as
 * great circles, which is what a territory hull's densified edges trace).
 * Area: a fan of spherical triangles from the first vertex, each by Van Oosterom & Strackee (1983):
 * tan(E / 2) = a.(b x c) / (1 + a.b + b.c + c.a). O(v).
 * @param polygon a Polygon (holes ignored)
 * @returns the ring, `clippable` false for rings through a pole or wider than a hemisphere
 * @example
 * sphericalRing({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]] }).area
 * // => 12364031909 (turf area: 12363718145)
 */
export function sphericalRing(polygon: Polygon): SphericalRing {
  const ring = polygon.coordinates[0] ?? [];
  const pts: number[] = [];
  let clippable = ring.length >= 4;
  for (let i = 0; i < ring.length - 1; i++) {
    const [lon, lat] = ring[i];
    if (Math.abs(lat) >= 90 - 1e-9) clippable = false;
    const c = Math.cos(lat * RAD);
    const v = [c * Math.cos(lon * RAD), c * Math.sin(lon * RAD), Math.sin(lat * RAD)];
    const m = pts.length;
    if (m >= 3 && v[0] === pts[m - 3] && v[1] === pts[m - 2] && v[2] === pts[m - 1]) continue;
    pts.push(v[0], v[1], v[2]);
  }
  const xyz = dropStraight(Float64Array.from(pts));
  const center = direction(xyz);
  if (!center || minCos(xyz, center) < MIN_COS) clippable = false;
  return { xyz, center: center ?? [1, 0, 0], clippable, area: clippable ? fanArea(xyz) : NaN };
}

/**
 * Area in m^2 where two convex spherical polygons overlap, or null when this fast path does not apply
 * (a ring not clippable, the pair not inside one hemisphere, or a ring not convex) and the caller should
 * use a general polygon clipper.
 * Algorithm: gnomonic projection around the pair's mean direction (great circles become straight lines, so
 * convex spherical polygons become convex planar ones), Sutherland-Hodgman clipping (Sutherland & Hodgman
 * 1974), then the clipped polygon's spherical area. O(a x b) for rings of a and b vertices: far faster than
 * a general clipper on the convex hulls this library makes.
 * @param a first ring
 * @param b second ring
 * @returns overlap area in m^2 (0 for none), or null
 * @example
 * const box = (w: number): Polygon =>
 *   ({ type: 'Polygon', coordinates: [[[w, 0], [w + 2, 0], [w + 2, 2], [w, 2], [w, 0]]] });
 * sphericalOverlapArea(sphericalRing(box(0)), sphericalRing(box(1))) // => 24725237464 (m^2: about 1 x 2 degrees)
 */
export function sphericalOverlapArea(a: SphericalRing, b: SphericalRing): number | null {
  if (!a.clippable || !b.clippable) return null;
  const c = direction(Float64Array.of(...a.center, ...b.center));
  if (!c || minCos(a.xyz, c) < MIN_COS || minCos(b.xyz, c) < MIN_COS) return null;
  const basis = tangentBasis(c);
  const pa = convexCcw(project(a.xyz, c, basis)), pb = convexCcw(project(b.xyz, c, basis));
  if (!pa || !pb) return null;
  if (pa.length < 6 || pb.length < 6) return 0;
  let poly = pa;
  const m = pb.length / 2;
  for (let e = 0; e < m && poly.length >= 6; e++) {
    const ax = pb[2 * e], ay = pb[2 * e + 1];
    const bx = pb[(2 * e + 2) % pb.length], by = pb[(2 * e + 3) % pb.length];
    if (ax === bx && ay === by) continue;
    poly = clipHalfPlane(poly, ax, ay, bx, by);
  }
  if (poly.length < 6) return 0;
  const back = new Float64Array((poly.length / 2) * 3);
  const [e1, e2] = basis;
  for (let t = 0; t < poly.length / 2; t++) {
    const x = poly[2 * t], y = poly[2 * t + 1];
    const v = [c[0] + x * e1[0] + y * e2[0], c[1] + x * e1[1] + y * e2[1], c[2] + x * e1[2] + y * e2[2]];
    const r = Math.hypot(v[0], v[1], v[2]);
    back.set([v[0] / r, v[1] / r, v[2] / r], 3 * t);
  }
  return Math.max(0, fanArea(back));
}

/**
 * The ring without positions lying on the great circle through their two neighbours: the points a hull's
 * edges were densified with. Clipping then costs O(hull vertices^2) per pair, not O(positions^2).
 */
function dropStraight(xyz: Float64Array): Float64Array {
  const m = xyz.length / 3;
  if (m < 4) return xyz;
  const keep: number[] = [];
  for (let i = 0; i < m; i++) {
    const h = 3 * ((i + m - 1) % m), j = 3 * ((i + 1) % m), k = 3 * i;
    const nx = xyz[h + 1] * xyz[j + 2] - xyz[h + 2] * xyz[j + 1];
    const ny = xyz[h + 2] * xyz[j] - xyz[h] * xyz[j + 2];
    const nz = xyz[h] * xyz[j + 1] - xyz[h + 1] * xyz[j];
    const off = nx * xyz[k] + ny * xyz[k + 1] + nz * xyz[k + 2];
    if (Math.abs(off) > STRAIGHT * Math.hypot(nx, ny, nz)) keep.push(xyz[k], xyz[k + 1], xyz[k + 2]);
  }
  return keep.length >= 9 ? Float64Array.from(keep) : xyz;
}

function direction(xyz: Float64Array): [number, number, number] | null {
  let x = 0, y = 0, z = 0;
  for (let i = 0; i < xyz.length; i += 3) (x += xyz[i]), (y += xyz[i + 1]), (z += xyz[i + 2]);
  const r = Math.hypot(x, y, z);
  return r > 1e-12 ? [x / r, y / r, z / r] : null;
}

function minCos(xyz: Float64Array, c: readonly number[]): number {
  let min = Infinity;
  for (let i = 0; i < xyz.length; i += 3) min = Math.min(min, xyz[i] * c[0] + xyz[i + 1] * c[1] + xyz[i + 2] * c[2]);
  return min;
}

/** East and north at c (or any right-handed pair at a pole): counter-clockwise stays counter-clockwise. */
function tangentBasis(c: readonly number[]): [number[], number[]] {
  const [cx, cy, cz] = c;
  const [ax, ay, az] = Math.abs(cz) < 0.999 ? [0, 0, 1] : [1, 0, 0];
  const e1 = [ay * cz - az * cy, az * cx - ax * cz, ax * cy - ay * cx];
  const r = Math.hypot(e1[0], e1[1], e1[2]);
  e1[0] /= r; e1[1] /= r; e1[2] /= r;
  return [e1, [cy * e1[2] - cz * e1[1], cz * e1[0] - cx * e1[2], cx * e1[1] - cy * e1[0]]];
}

function project(xyz: Float64Array, c: readonly number[], [e1, e2]: [number[], number[]]): Float64Array {
  const out = new Float64Array((xyz.length / 3) * 2);
  for (let i = 0, t = 0; i < xyz.length; i += 3, t += 2) {
    const d = xyz[i] * c[0] + xyz[i + 1] * c[1] + xyz[i + 2] * c[2];
    out[t] = (xyz[i] * e1[0] + xyz[i + 1] * e1[1] + xyz[i + 2] * e1[2]) / d;
    out[t + 1] = (xyz[i] * e2[0] + xyz[i + 1] * e2[1] + xyz[i + 2] * e2[2]) / d;
  }
  return out;
}

/**
 * The planar ring (interleaved x, y) without its straight-through vertices (the densified points of a hull's
 * edges: dropping them turns O(a x b) clipping back into O(hull vertices^2)), or null when it turns right
 * anywhere beyond CONVEX_TOL or has no positive area.
 */
function convexCcw(p: Float64Array): Float64Array | null {
  const m = p.length / 2;
  let area = 0;
  for (let i = 0; i < m; i++) {
    const j = (i + 1) % m;
    area += p[2 * i] * p[2 * j + 1] - p[2 * j] * p[2 * i + 1];
  }
  if (!(area > 0)) return null;
  const keep: number[] = [];
  for (let i = 0; i < m; i++) {
    const h = (i + m - 1) % m, j = (i + 1) % m;
    const ux = p[2 * i] - p[2 * h], uy = p[2 * i + 1] - p[2 * h + 1];
    const wx = p[2 * j] - p[2 * i], wy = p[2 * j + 1] - p[2 * i + 1];
    const scale = Math.hypot(ux, uy) * Math.hypot(wx, wy);
    const cross = ux * wy - uy * wx;
    if (cross < -CONVEX_TOL * scale) return null;
    if (cross > STRAIGHT * scale) keep.push(p[2 * i], p[2 * i + 1]);
  }
  return Float64Array.from(keep);
}

/** The part of a planar polygon left of the directed line a -> b (one Sutherland-Hodgman step). */
function clipHalfPlane(poly: Float64Array, ax: number, ay: number, bx: number, by: number): Float64Array {
  const out: number[] = [];
  const m = poly.length / 2;
  const side = (x: number, y: number) => (bx - ax) * (y - ay) - (by - ay) * (x - ax);
  for (let i = 0; i < m; i++) {
    const j = (i + 1) % m;
    const px = poly[2 * i], py = poly[2 * i + 1], qx = poly[2 * j], qy = poly[2 * j + 1];
    const sp = side(px, py), sq = side(qx, qy);
    if (sp >= 0) out.push(px, py);
    if ((sp >= 0) !== (sq >= 0)) {
      const t = sp / (sp - sq);
      out.push(px + t * (qx - px), py + t * (qy - py));
    }
  }
  return Float64Array.from(out);
}

/** Signed area (m^2) of a spherical polygon with great-circle edges, as a fan from its first vertex. */
function fanArea(xyz: Float64Array): number {
  const m = xyz.length / 3;
  let excess = 0;
  const ax = xyz[0], ay = xyz[1], az = xyz[2];
  for (let t = 1; t + 1 < m; t++) {
    const bx = xyz[3 * t], by = xyz[3 * t + 1], bz = xyz[3 * t + 2];
    const cx = xyz[3 * t + 3], cy = xyz[3 * t + 4], cz = xyz[3 * t + 5];
    const triple = ax * (by * cz - bz * cy) + ay * (bz * cx - bx * cz) + az * (bx * cy - by * cx);
    const denom = 1 + ax * bx + ay * by + az * bz + bx * cx + by * cy + bz * cz + cx * ax + cy * ay + cz * az;
    excess += 2 * Math.atan2(triple, denom);
  }
  return excess * EARTH_RADIUS_M * EARTH_RADIUS_M;
}
