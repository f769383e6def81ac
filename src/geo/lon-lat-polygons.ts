import { bboxClip, polygon } from '@turf/turf';
import type { Polygon, Position } from 'geojson';

const RAD = Math.PI / 180;
/** Longest great-circle step between ring positions: longer hull edges get points every degree (~111 km). */
const MAX_STEP = 1 * RAD;
/** A position this close to +-90 degrees latitude is at a pole (its longitude means nothing). */
const POLAR = 90 - 1e-9;

/**
 * RFC 7946 polygons (lon/lat, each a single closed counter-clockwise exterior ring, every longitude in
 * [-180, 180]) tracing a convex spherical polygon given by its vertices, counter-clockwise as seen from
 * outside the sphere.
 *
 * Algorithm: edges longer than 1 degree are densified along their great circle (GeoJSON edges are straight
 * in lon/lat, great-circle arcs are not). Longitudes are unwrapped along the ring, starting near
 * `centerLon`, so the ring is continuous; the unwrapped longitude then turns by 0 or +-360 degrees over the
 * ring. 0: the polygon misses both poles; if it reaches beyond +-180 it is cut there (turf `bboxClip`, exact
 * for convex rings) and the part beyond is shifted by 360 (RFC 7946 section 3.1.9), giving a MultiPolygon.
 * +360 / -360: the polygon holds the North / South Pole; longitude is then monotone along the ring (the
 * polygon is star-shaped from the pole), so the ring is cut once where it crosses the antimeridian (the
 * crossing latitude taken on the great circle) and closed along the pole's latitude: one Polygon from -180
 * to 180, the usual lon/lat form of a polar cap. A vertex at a pole becomes two positions at +-90 degrees, at
 * the longitudes of its two neighbours, turning whichever way keeps the turn at 0.
 * O(v + total edge length / 1 degree).
 * @param lat vertex latitudes, degrees
 * @param lon vertex longitudes, degrees
 * @param centerLon longitude to unwrap around (the territory's centre), degrees
 * @returns polygons as coordinate arrays (each `[ring]`), none when the input has no area
 * @example
 * // a triangle across lon 180: two parts, each closed and counter-clockwise (one densified edge point each)
 * lonLatPolygons([0, 0, 1], [179, -179, 180], 180)
 * // => [[[[179, 0], [180, 0], [180, 1], [179.49996, 0.50002], [179, 0]]],
 * //     [[[-180, 0], [-179, 0], [-179.49996, 0.50002], [-180, 1], [-180, 0]]]]
 */
export function lonLatPolygons(lat: ArrayLike<number>, lon: ArrayLike<number>, centerLon: number): Position[][][] {
  const ring = densify(lat, lon);
  const L = ring.lat.length;
  let first = -1;
  for (let i = 0; i < L && first < 0; i++) if (Math.abs(ring.lat[i]) < POLAR) first = i;
  if (first < 0) return [];
  // Rotate so the ring starts at a position off the poles.
  const rot = <T>(a: T[]) => a.slice(first).concat(a.slice(0, first));
  const la = rot(ring.lat), lo = rot(ring.lon), vec = rot(ring.vec);
  const polar = la.map((v) => Math.abs(v) >= POLAR);

  const U = new Array<number>(L).fill(NaN);
  U[0] = centerLon + wrap(lo[0] - centerLon);
  let prev = 0;
  // Index of the first position off the pole after the first polar run (L when that run closes the ring).
  let firstPolarRun = -1;
  for (let i = 1; i <= L; i++) {
    if (i < L && polar[i]) continue;
    if (polar[i - 1] && firstPolarRun < 0) firstPolarRun = i;
    if (i < L) U[i] = U[prev] + wrap(lo[i] - lo[prev]);
    prev = i;
  }
  const last = lastNonPolar(polar);
  const turn = U[last] + wrap(lo[0] - lo[last]) - U[0];
  const turns = 360 * Math.round(turn / 360);
  if (firstPolarRun >= 0 && turns !== 0) {
    // A pole on the boundary: go along it the way that leaves the pole outside (net turn 0).
    for (let i = firstPolarRun; i < L; i++) U[i] -= turns;
  }
  if (firstPolarRun < 0 && turns !== 0) return asPolygons([finish(polarCap(U, la, vec, turns))]);

  const pos: Position[] = [];
  for (let i = 0; i < L; i++) {
    if (!polar[i]) {
      pos.push([U[i], la[i]]);
      continue;
    }
    if (polar[i - 1]) continue;
    let next = i;
    while (next < L && polar[next]) next++;
    const pole = la[i] > 0 ? 90 : -90;
    pos.push([U[i - 1], pole], [next < L ? U[next] : U[0], pole]);
  }
  pos.push([...pos[0]]);
  let minU = Infinity, maxU = -Infinity;
  for (const p of pos) {
    minU = Math.min(minU, p[0]);
    maxU = Math.max(maxU, p[0]);
  }
  if (minU >= -180 && maxU <= 180) return asPolygons([finish(pos)]);
  const poly = polygon([pos]);
  const out: Position[][] = [];
  for (const shift of [0, -360, 360]) {
    const box: [number, number, number, number] = [-180 - shift, -90, 180 - shift, 90];
    for (const r of (bboxClip(poly, box).geometry as Polygon).coordinates) {
      out.push(finish(r.map((p) => [p[0] + shift, p[1]])));
    }
  }
  return asPolygons(out);
}

/** Keeps rings with area, each as a one-ring polygon. */
function asPolygons(rings: Position[][]): Position[][][] {
  return rings.filter((r) => r.length >= 4 && Math.abs(signedArea(r)) > 1e-12).map((r) => [r]);
}

/** Maps an angle difference in degrees into (-180, 180]. */
function wrap(d: number): number {
  d %= 360;
  if (d > 180) d -= 360;
  else if (d <= -180) d += 360;
  return d;
}

function lastNonPolar(polar: boolean[]): number {
  let i = polar.length - 1;
  while (polar[i]) i--;
  return i;
}

function unit(lat: number, lon: number): [number, number, number] {
  const c = Math.cos(lat * RAD);
  return [c * Math.cos(lon * RAD), c * Math.sin(lon * RAD), Math.sin(lat * RAD)];
}

/** Vertices plus great-circle points on every edge longer than MAX_STEP (slerp). Vertices keep exact lat/lon. */
function densify(lat: ArrayLike<number>, lon: ArrayLike<number>) {
  const m = lat.length;
  const out = { lat: [] as number[], lon: [] as number[], vec: [] as [number, number, number][] };
  const vs = Array.from({ length: m }, (_, i) => unit(lat[i], lon[i]));
  for (let i = 0; i < m; i++) {
    const p = vs[i], q = vs[(i + 1) % m];
    out.lat.push(lat[i]);
    out.lon.push(lon[i]);
    out.vec.push(p);
    const chord = Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
    const theta = 2 * Math.asin(Math.min(1, chord / 2));
    const s = Math.sin(theta);
    if (!(theta > MAX_STEP) || s < 1e-12) continue;
    const steps = Math.ceil(theta / MAX_STEP);
    // An edge along a meridian (both ends on it, or one end at a pole) keeps that longitude exactly.
    const j = (i + 1) % m;
    const meridian =
      Math.abs(lat[i]) >= POLAR ? lon[j] : Math.abs(lat[j]) >= POLAR || lon[i] === lon[j] ? lon[i] : NaN;
    for (let t = 1; t < steps; t++) {
      const a = Math.sin(((steps - t) / steps) * theta) / s, b = Math.sin((t / steps) * theta) / s;
      const v: [number, number, number] = [a * p[0] + b * q[0], a * p[1] + b * q[1], a * p[2] + b * q[2]];
      out.lat.push(Math.atan2(v[2], Math.hypot(v[0], v[1])) / RAD);
      out.lon.push(Number.isNaN(meridian) ? Math.atan2(v[1], v[0]) / RAD : meridian);
      out.vec.push(v);
    }
  }
  return out;
}

/** The ring of a polygon holding a pole (turns = +360 North, -360 South), cut at the antimeridian. */
function polarCap(U: number[], la: number[], vec: [number, number, number][], turns: number): Position[] {
  const L = U.length;
  const sgn = Math.sign(turns);
  // The seam value S = 180 (mod 360) that the ring crosses, just past U[0] in the direction of travel.
  const k = sgn > 0 ? Math.floor((U[0] - 180) / 360) + 1 : Math.ceil((U[0] - 180) / 360) - 1;
  const S = 180 + 360 * k;
  const at = (j: number) => (j < L ? U[j] : U[j - L] + turns);
  let i = 0;
  while (i < L - 1 && sgn * (at(i + 1) - S) < 0) i++;
  const a = i, b = (i + 1) % L;
  let latX: number;
  if (at(i + 1) === S) latX = la[b];
  else {
    // Where the great circle through the two positions meets the meridian plane of S.
    const p = vec[a], q = vec[b];
    const nx = -Math.sin(S * RAD), ny = Math.cos(S * RAD);
    const t = (p[0] * nx + p[1] * ny) / ((p[0] - q[0]) * nx + (p[1] - q[1]) * ny);
    const f = Number.isFinite(t) ? Math.min(1, Math.max(0, t)) : 0.5;
    const v = [p[0] + f * (q[0] - p[0]), p[1] + f * (q[1] - p[1]), p[2] + f * (q[2] - p[2])];
    latX = Math.atan2(v[2], Math.hypot(v[0], v[1])) / RAD;
  }
  const shift = -180 * sgn - S;
  const pos: Position[] = [[-180 * sgn, latX]];
  for (let j = i + 1; j <= i + L; j++) {
    const u = at(j);
    if (sgn * (u - S) <= 0 || sgn * (u - S - turns) >= 0) continue;
    pos.push([u + shift, la[j % L]]);
  }
  const pole = 90 * sgn;
  pos.push([180 * sgn, latX], [180 * sgn, pole], [-180 * sgn, pole], [-180 * sgn, latX]);
  return pos;
}

/** Positions closer than this in degrees (about 0.1 mm) are one position. */
const SAME = 1e-9;

/** Clamps, drops repeated positions, closes the ring and makes it counter-clockwise (RFC 7946 3.1.6). */
function finish(ring: Position[]): Position[] {
  const out: Position[] = [];
  for (const p of ring) {
    const q: Position = [Math.min(180, Math.max(-180, p[0])), Math.min(90, Math.max(-90, p[1]))];
    const r = out[out.length - 1];
    if (!r || Math.abs(r[0] - q[0]) > SAME || Math.abs(r[1] - q[1]) > SAME) out.push(q);
  }
  const a = out[0], z = out[out.length - 1];
  if (out.length > 1 && Math.abs(a[0] - z[0]) <= SAME && Math.abs(a[1] - z[1]) <= SAME) out.pop();
  if (signedArea(out) < 0) out.reverse();
  if (out.length > 0) out.push([...out[0]]);
  return out;
}

/** Shoelace area in square degrees, positive for counter-clockwise (the ring need not be closed). */
function signedArea(ring: Position[]): number {
  let s = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) s += ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
  return s / 2;
}
