import Delaunator from 'delaunator';
import { stereographicSnap } from './stereographic-snap.js';
import { within } from '../util/progress.js';

/**
 * An undirected graph on n points in compressed sparse row form: the neighbours of i are
 * `neighbors[offsets[i] .. offsets[i + 1])`. Symmetric, no self loops, no duplicate entries.
 */
export interface NeighborGraph {
  /** Length n + 1; offsets[0] = 0, offsets[n] = neighbors.length. */
  offsets: Int32Array;
  /** Neighbour indices, grouped by point. */
  neighbors: Int32Array;
  /**
   * Optional, length n: the point that stands for each point's location (itself when no other point shares
   * it). Points with the same `site` are at the same spot (see `delaunayGraph` for the tolerance). Set by
   * `delaunayGraph`; `territoryComponents` uses it to treat co-located accounts as touching. Default none.
   */
  site?: Int32Array;
}

/**
 * The Delaunay graph of n points on the unit sphere: i and j are neighbours when some spherical cap touches
 * both and holds no other point in its interior.
 *
 * Algorithm: stereographic projection from the pole -c, where c is the normalised mean direction of the
 * points (or, when the points cover the globe, the antipode of a spot far from all of them; see
 * `stereographicCenter`). The projection maps circles on the sphere to circles in the plane, so the planar
 * Delaunay triangulation of the projected points (delaunator, Mapbox: sweep-hull with edge flips) is the
 * spherical one, except the triangles whose circumcircle holds the pole: those, which span the empty far side
 * of the globe, are replaced by the planar convex hull's edges. Working on the sphere, never on raw lon/lat,
 * keeps the antimeridian and the poles seamless. Degenerate inputs:
 * - points at the same spot (exact duplicates, and points that snap to one grid cell of the projection: cells
 *   are under 1 mm for regional data, up to about 1 m when points cover the globe): one of them, the
 *   representative, is triangulated; every other one is linked to it and to all of its neighbours, and
 *   `site` records the grouping;
 * - all points on one line in the projection (delaunator makes no triangle): linked in order along the line;
 * - all points at one spot: a star around the representative; n = 2: one edge; n < 2: no edges;
 * - a point delaunator still drops (numerically near-duplicate): linked to its nearest triangulated point,
 *   found by a greedy walk in the triangulation (which reaches the nearest vertex in a Delaunay graph);
 * - an edge delaunator repeats on near-degenerate input (its in-circle test is not robust): kept once.
 * Complexity O(n log n) time, O(n) memory; edges at most 3n plus, for each point sharing a spot, the
 * neighbours of its representative (O(n) unless many points share one highly connected spot).
 * @param xyz interleaved unit vectors (x, y, z per point), length >= 3n
 * @param n number of points
 * @param checkpoint called with the share done between the steps (projection, triangulation, expansion) and
 *   within their passes (every 65,536 points, every 2^17 half-edges or edge-list entries); it may throw to abort
 * @returns the graph in CSR form, with `site`
 * @throws Error when n is not a non-negative integer or `xyz` is too short
 * @example
 * const xyz = new Float64Array(9);
 * [[0, 0], [0, 1], [1, 0]].forEach(([lat, lon], i) => toUnitVector(lat, lon, xyz, 3 * i));
 * const g = delaunayGraph(xyz, 3);
 * Array.from(g.neighbors.subarray(g.offsets[0], g.offsets[1])).sort() // => [1, 2]
 */
export function delaunayGraph(xyz: Float64Array, n: number, checkpoint?: (fraction: number) => void): NeighborGraph {
  const snapped = snap(xyz, n, checkpoint);
  return graphFrom(n, snapped, snapped && snapped.repPoint.length >= 2 ? new Delaunator(snapped.coords) : null, checkpoint);
}

/** delaunator's output for a set of planar points: what the graph is built from. */
export interface Triangulation {
  triangles: Uint32Array;
  halfedges: Int32Array;
  hull: Uint32Array;
}

/** Triangulates planar points (x, y interleaved) somewhere else, e.g. on a worker thread. */
export type Triangulator = (coords: Float64Array) => Promise<Triangulation>;

/**
 * `delaunayGraph` with the triangulation (one call into delaunator, about 1 s at 10^6 points, which cannot
 * report progress) handed to `triangulator`, so this thread is free meanwhile: to report progress and notice
 * an abort, or to load the LP solver. The same graph as `delaunayGraph` for the same points, as long as the
 * triangulator runs delaunator on them. Complexity as `delaunayGraph`.
 * @throws Error as `delaunayGraph`, and whatever the triangulator rejects with (an abort, say)
 * @example (await delaunayGraphAsync(xyz, 3, undefined, async (c) => new Delaunator(c))).offsets.length // => 4
 */
export async function delaunayGraphAsync(xyz: Float64Array, n: number, checkpoint: ((fraction: number) => void) | undefined, triangulator: Triangulator): Promise<NeighborGraph> {
  const snapped = snap(xyz, n, checkpoint);
  return graphFrom(n, snapped, snapped && snapped.repPoint.length >= 2 ? await triangulator(snapped.coords) : null, checkpoint);
}

/** The checks, then the projection with points at one spot merged (`stereographicSnap`); null below 2 points. */
function snap(xyz: Float64Array, n: number, checkpoint?: (fraction: number) => void): ReturnType<typeof stereographicSnap> | null {
  if (!Number.isInteger(n) || n < 0) throw new Error(`delaunayGraph: n must be a non-negative integer, got ${n}`);
  if (xyz.length < 3 * n) throw new Error(`delaunayGraph: xyz has ${xyz.length} values, need ${3 * n}`);
  if (n < 2) return null;
  const snapped = stereographicSnap(xyz, n, within(checkpoint, 0, 0.25));
  checkpoint?.(0.25);
  return snapped;
}

/** The graph from the snapped points and their triangulation (null when fewer than 2 distinct spots). */
function graphFrom(n: number, snapped: ReturnType<typeof stereographicSnap> | null, d: Triangulation | null, checkpoint?: (fraction: number) => void): NeighborGraph {
  if (!snapped) return { offsets: new Int32Array(n + 1), neighbors: new Int32Array(0), site: identity(n) };
  const { repOf, repPoint, coords } = snapped;
  const repEdges = d ? planarEdges(coords, repPoint.length, d, within(checkpoint, 0.25, 0.55)) : new Int32Array(0);
  checkpoint?.(0.8);
  return expand(n, repOf, repPoint, repEdges, within(checkpoint, 0.8, 0.2));
}

/** Mask on an index into an edge list for `toCsr`'s checkpoints: one every 2^17 entries (2^16 pairs). */
const PAIRS_PER_CHECK_MASK = (1 << 17) - 1;

function identity(n: number): Int32Array {
  const a = new Int32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  return a;
}

/** Undirected edges (pairs, each once) among u distinct planar points from their triangulation `d`: Delaunay,
 *  or a chain if collinear. */
function planarEdges(coords: Float64Array, u: number, d: Triangulation, checkpoint?: (fraction: number) => void): Int32Array {
  checkpoint?.(0.85);
  const { triangles, halfedges } = d;
  const used = new Uint8Array(u);
  const orphans: number[] = [];
  let out: Int32Array;
  let m = 0;
  if (triangles.length === 0) {
    // Collinear: delaunator returns the points sorted along the line as its "hull".
    const h = d.hull;
    out = new Int32Array(2 * Math.max(0, h.length - 1));
    for (let t = 0; t + 1 < h.length; t++) {
      out[m++] = h[t];
      out[m++] = h[t + 1];
    }
    for (let t = 0; t < h.length; t++) used[h[t]] = 1;
  } else {
    out = new Int32Array(triangles.length * 2);
    for (let e = 0; e < triangles.length; e++) {
      if (checkpoint && (e & PAIRS_PER_CHECK_MASK) === 0) checkpoint(0.85 + (0.1 * e) / triangles.length);
      // Each interior edge has two half-edges; keep the one with the larger index (hull edges: twin -1).
      if (halfedges[e] > e) continue;
      out[m++] = triangles[e];
      out[m++] = triangles[e % 3 === 2 ? e - 2 : e + 1];
    }
  }
  let base = out.subarray(0, m);
  // Euler: a triangulation of u points with h on the hull has 2u - h - 2 triangles; fewer means dropped points.
  if (triangles.length > 0 && triangles.length / 3 !== 2 * u - d.hull.length - 2) {
    for (let e = 0; e < triangles.length; e++) used[triangles[e]] = 1;
  } else if (triangles.length > 0) {
    used.fill(1);
  }
  for (let r = 0; r < u; r++) if (!used[r]) orphans.push(r);
  if (orphans.length > 0) base = attachOrphans(coords, u, base, orphans, used);
  return base;
}

/** Links each point delaunator dropped to its nearest triangulated point (greedy walk). Rare. */
function attachOrphans(coords: Float64Array, u: number, base: Int32Array, orphans: number[], used: Uint8Array) {
  const { offsets, neighbors } = toCsr(u, base);
  const extra = new Int32Array(base.length + 2 * orphans.length);
  extra.set(base);
  let m = base.length;
  let start = used.indexOf(1);
  for (const o of orphans) {
    const x = coords[2 * o], y = coords[2 * o + 1];
    const dist = (v: number) => (coords[2 * v] - x) ** 2 + (coords[2 * v + 1] - y) ** 2;
    let cur = start;
    let best = dist(cur);
    for (let moved = true; moved; ) {
      moved = false;
      for (let t = offsets[cur]; t < offsets[cur + 1]; t++) {
        const dv = dist(neighbors[t]);
        if (dv < best) {
          best = dv;
          cur = neighbors[t];
          moved = true;
        }
      }
    }
    extra[m++] = o;
    extra[m++] = cur;
    start = cur;
  }
  return extra.subarray(0, m);
}

/**
 * CSR of an undirected edge list given as pairs, without self loops or repeated entries. Delaunator's
 * in-circle test is not robust, so on near-degenerate input (jittered lattices, near-duplicates) it can emit
 * an edge twice; a stamp per vertex drops repeats in O(edges).
 */
function toCsr(u: number, pairs: Int32Array, checkpoint?: (fraction: number) => void): { offsets: Int32Array; neighbors: Int32Array } {
  const start = new Int32Array(u + 1);
  for (let t = 0; t < pairs.length; t++) {
    if (checkpoint && (t & PAIRS_PER_CHECK_MASK) === 0) checkpoint(0);
    start[pairs[t] + 1]++;
  }
  for (let r = 0; r < u; r++) start[r + 1] += start[r];
  const cursor = start.slice(0, u);
  const raw = new Int32Array(pairs.length);
  for (let t = 0; t < pairs.length; t += 2) {
    // Random writes over the edge list: 0.35 s at 10^6 points, so it reports every 2^17 pairs.
    if (checkpoint && (t & PAIRS_PER_CHECK_MASK) === 0) checkpoint((0.5 * t) / pairs.length);
    raw[cursor[pairs[t]]++] = pairs[t + 1];
    raw[cursor[pairs[t + 1]]++] = pairs[t];
  }
  checkpoint?.(0.5);
  const stamp = new Int32Array(u).fill(-1);
  const offsets = new Int32Array(u + 1);
  let m = 0;
  for (let r = 0; r < u; r++) {
    stamp[r] = r;
    for (let t = start[r]; t < start[r + 1]; t++) {
      const w = raw[t];
      if (stamp[w] === r) continue;
      stamp[w] = r;
      raw[m++] = w;
    }
    offsets[r + 1] = m;
  }
  return { offsets, neighbors: m === raw.length ? raw : raw.slice(0, m) };
}

/**
 * The graph on all n points from the graph on representatives: representatives keep their edges; every
 * other point at a spot is linked to its representative and to the representative's neighbours.
 */
function expand(n: number, repOf: Int32Array, repPoint: Int32Array, repEdges: Int32Array, checkpoint?: (fraction: number) => void): NeighborGraph {
  const u = repPoint.length;
  const site = new Int32Array(n);
  for (let i = 0; i < n; i++) site[i] = repPoint[repOf[i]];
  if (u === n) {
    // No shared spots: only renumber from triangulation order to point order.
    const pairs = new Int32Array(repEdges.length);
    for (let t = 0; t < pairs.length; t++) {
      if (checkpoint && (t & PAIRS_PER_CHECK_MASK) === 0) checkpoint((0.2 * t) / pairs.length);
      pairs[t] = repPoint[repEdges[t]];
    }
    checkpoint?.(0.2);
    return { ...toCsr(n, pairs, within(checkpoint, 0.2, 0.8)), site };
  }
  const rep = toCsr(u, repEdges, within(checkpoint, 0, 0.5));
  const dups = new Int32Array(u);
  for (let i = 0; i < n; i++) if (repPoint[repOf[i]] !== i) dups[repOf[i]]++;
  const degree = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = repOf[i];
    const repDeg = rep.offsets[r + 1] - rep.offsets[r];
    if (repPoint[r] === i) {
      let d = repDeg + dups[r];
      for (let t = rep.offsets[r]; t < rep.offsets[r + 1]; t++) d += dups[rep.neighbors[t]];
      degree[i] = d;
    } else {
      degree[i] = 1 + repDeg;
    }
  }
  checkpoint?.(0.7);
  const offsets = new Int32Array(n + 1);
  let total = 0;
  for (let i = 0; i < n; i++) {
    total += degree[i];
    if (total > 2 ** 31 - 1) throw new Error(`delaunayGraph: more than 2^31 neighbour entries (shared spots)`);
    offsets[i + 1] = total;
  }
  const neighbors = new Int32Array(total);
  const cursor = offsets.slice(0, n);
  for (let r = 0; r < u; r++) {
    const a = repPoint[r];
    for (let t = rep.offsets[r]; t < rep.offsets[r + 1]; t++) neighbors[cursor[a]++] = repPoint[rep.neighbors[t]];
  }
  for (let i = 0; i < n; i++) {
    const r = repOf[i];
    const a = repPoint[r];
    if (a === i) continue;
    neighbors[cursor[i]++] = a;
    neighbors[cursor[a]++] = i;
    for (let t = rep.offsets[r]; t < rep.offsets[r + 1]; t++) {
      const w = repPoint[rep.neighbors[t]];
      neighbors[cursor[i]++] = w;
      neighbors[cursor[w]++] = i;
    }
  }
  return { offsets, neighbors, site };
}
