import type { NeighborGraph } from './delaunay-graph.js';

/**
 * The subgraph of `graph` on some of its points: local point a is `points[a]`, and two local points are
 * neighbours exactly when they are in `graph`. Shared spots (`site`) are kept, each group represented by its
 * first local member. `scratch` (length of the whole graph, all -1) may be passed to save an allocation
 * across calls; it is left all -1 again. O(points + their edges).
 * @example inducedGraph(path4, Int32Array.of(1, 2)).neighbors // => Int32Array [1, 0] (path 0-1-2-3)
 */
export function inducedGraph(graph: NeighborGraph, points: Int32Array, scratch?: Int32Array): NeighborGraph {
  const total = graph.offsets.length - 1;
  const local = scratch ?? new Int32Array(total).fill(-1);
  const m = points.length;
  for (let a = 0; a < m; a++) local[points[a]] = a;
  const offsets = new Int32Array(m + 1);
  for (let a = 0; a < m; a++) {
    const i = points[a];
    let degree = 0;
    for (let e = graph.offsets[i]; e < graph.offsets[i + 1]; e++) if (local[graph.neighbors[e]] >= 0) degree++;
    offsets[a + 1] = offsets[a] + degree;
  }
  const neighbors = new Int32Array(offsets[m]);
  for (let a = 0; a < m; a++) {
    const i = points[a];
    let at = offsets[a];
    for (let e = graph.offsets[i]; e < graph.offsets[i + 1]; e++) {
      const b = local[graph.neighbors[e]];
      if (b >= 0) neighbors[at++] = b;
    }
  }
  for (let a = 0; a < m; a++) local[points[a]] = -1;
  if (!graph.site) return { offsets, neighbors };
  const site = new Int32Array(m);
  for (let a = 0; a < m; a++) {
    const s = graph.site[points[a]];
    if (local[s] < 0) local[s] = a;
    site[a] = local[s];
  }
  for (let a = 0; a < m; a++) local[graph.site[points[a]]] = -1;
  return { offsets, neighbors, site };
}
