import { toUnitVector } from '../../src/geo/unit-vector.js';
import type { NeighborGraph } from '../../src/geo/delaunay-graph.js';

/** Interleaved unit vectors of [lat, lon] pairs in degrees. */
export function xyzOf(points: readonly (readonly [number, number])[]): Float64Array {
  const xyz = new Float64Array(3 * points.length);
  points.forEach(([lat, lon], i) => toUnitVector(lat, lon, xyz, 3 * i));
  return xyz;
}

/** Seeded uniform numbers in [0, 1) (mulberry32). */
export function seeded(seed: number): () => number {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Longitude wrapped into [-180, 180). */
export function wrapLon(lon: number): number {
  return ((((lon + 180) % 360) + 360) % 360) - 180;
}

/** Neighbours of i as a sorted plain array. */
export function neighborsOf(g: NeighborGraph, i: number): number[] {
  return Array.from(g.neighbors.subarray(g.offsets[i], g.offsets[i + 1])).sort((a, b) => a - b);
}

/** Undirected edges as "a-b" strings with a < b. */
export function edgeSet(g: NeighborGraph): Set<string> {
  const out = new Set<string>();
  const n = g.offsets.length - 1;
  for (let i = 0; i < n; i++) for (const j of neighborsOf(g, i)) if (i < j) out.add(`${i}-${j}`);
  return out;
}

/** Problems with a graph: asymmetric entries, self loops, duplicates, bad offsets (empty when valid). */
export function graphProblems(g: NeighborGraph, n: number): string[] {
  const problems: string[] = [];
  if (g.offsets.length !== n + 1 || g.offsets[0] !== 0 || g.offsets[n] !== g.neighbors.length) {
    problems.push('offsets do not frame neighbors');
    return problems;
  }
  const seen = new Set<string>();
  for (let i = 0; i < n; i++) {
    if (g.offsets[i + 1] < g.offsets[i]) problems.push(`offsets decrease at ${i}`);
    const list = neighborsOf(g, i);
    for (let t = 0; t < list.length; t++) {
      const j = list[t];
      if (j === i) problems.push(`self loop at ${i}`);
      if (t > 0 && list[t - 1] === j) problems.push(`duplicate ${i}-${j}`);
      if (j < 0 || j >= n) problems.push(`out of range ${i}-${j}`);
      seen.add(`${i}-${j}`);
    }
  }
  for (const key of seen) {
    const [a, b] = key.split('-');
    if (!seen.has(`${b}-${a}`)) problems.push(`asymmetric ${key}`);
  }
  return problems;
}

/** Number of connected components (iterative BFS). */
export function componentCount(g: NeighborGraph, n: number): number {
  const seen = new Uint8Array(n);
  let count = 0;
  for (let s = 0; s < n; s++) {
    if (seen[s]) continue;
    count++;
    const queue = [s];
    seen[s] = 1;
    while (queue.length) {
      const v = queue.pop()!;
      for (const w of neighborsOf(g, v)) if (!seen[w]) (seen[w] = 1), queue.push(w);
    }
  }
  return count;
}
