import type { NeighborGraph } from './delaunay-graph.js';

/**
 * The connected pieces of every territory: for each territory j, the components of the subgraph of `graph`
 * induced by the accounts assigned to j, largest first (ties: the one holding the lowest index first), each
 * a sorted array of account indices. Accounts with assign -1 are ignored; an empty territory has no pieces.
 *
 * Algorithm: union-find with path halving and union by size (Tarjan 1975), iterative, over the graph's
 * edges whose ends share a territory. When the graph has `site` (points at one spot, see `delaunayGraph`),
 * accounts at one spot are joined too, and so are accounts at two neighbouring spots: the graph links a
 * spot's extra points only to the other spot's representative, and a territory may hold neither
 * representative. Accounts are then grouped by root in one pass, so each piece comes out sorted.
 * O((n + edges) alpha(n)) time (plus, with shared spots, the size of each spot times its degree), O(n + k)
 * memory.
 * @param assign territory per account, -1 for none, length n
 * @param k number of territories
 * @param graph neighbour graph on the same n accounts
 * @returns k arrays of components
 * @throws Error when an assignment is outside [-1, k) or the graph has a different size
 * @example
 * // the path 0 - 1 - 2 - 3; territory 1 holds account 2 and cuts territory 0 in two
 * const path = { offsets: Int32Array.of(0, 1, 3, 5, 6), neighbors: Int32Array.of(1, 0, 2, 1, 3, 2) };
 * territoryComponents(Int32Array.of(0, 0, 1, 0), 2, path).map((cs) => cs.map((c) => Array.from(c)))
 * // => [[[0, 1], [3]], [[2]]]
 */
export function territoryComponents(assign: Int32Array, k: number, graph: NeighborGraph): Int32Array[][] {
  const n = assign.length;
  const { offsets, neighbors, site } = graph;
  if (offsets.length !== n + 1) {
    throw new Error(`territoryComponents: graph has ${offsets.length - 1} points, assign has ${n}`);
  }
  for (let i = 0; i < n; i++) {
    if (!(assign[i] >= -1 && assign[i] < k)) throw new Error(`territoryComponents: assign[${i}] = ${assign[i]}`);
  }
  const parent = new Int32Array(n);
  const size = new Int32Array(n).fill(1);
  for (let i = 0; i < n; i++) parent[i] = i;
  const find = (a: number): number => {
    while (parent[a] !== a) {
      parent[a] = parent[parent[a]];
      a = parent[a];
    }
    return a;
  };
  const union = (a: number, b: number): void => {
    a = find(a);
    b = find(b);
    if (a === b) return;
    if (size[a] < size[b]) [a, b] = [b, a];
    parent[b] = a;
    size[a] += size[b];
  };

  for (let i = 0; i < n; i++) {
    const j = assign[i];
    if (j < 0) continue;
    for (let t = offsets[i]; t < offsets[i + 1]; t++) {
      const v = neighbors[t];
      if (v > i && assign[v] === j) union(i, v);
    }
  }
  if (site) joinSharedSpots(assign, k, graph, site, union);

  // Label components in index order, so each comes out sorted and ties break on the lowest index.
  const label = new Int32Array(n).fill(-1);
  const compTerritory: number[] = [];
  const compSize: number[] = [];
  for (let i = 0; i < n; i++) {
    if (assign[i] < 0) continue;
    const r = find(i);
    if (label[r] < 0) {
      label[r] = compSize.length;
      compTerritory.push(assign[i]);
      compSize.push(0);
    }
    compSize[label[r]]++;
  }
  const comps = compSize.map((s) => new Int32Array(s));
  const fill = new Int32Array(comps.length);
  for (let i = 0; i < n; i++) {
    if (assign[i] < 0) continue;
    const c = label[find(i)];
    comps[c][fill[c]++] = i;
  }
  const out: Int32Array[][] = Array.from({ length: k }, () => []);
  for (let c = 0; c < comps.length; c++) out[compTerritory[c]].push(comps[c]);
  // Array.prototype.sort is stable: equal sizes keep label order (lowest first index first).
  for (const list of out) list.sort((a, b) => b.length - a.length);
  return out;
}

/** Joins accounts of one territory at one spot, and at two neighbouring spots. */
function joinSharedSpots(
  assign: Int32Array,
  k: number,
  graph: NeighborGraph,
  site: Int32Array,
  union: (a: number, b: number) => void,
): void {
  const n = assign.length;
  const { offsets, neighbors } = graph;
  // Members of each spot, CSR by representative.
  const start = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) start[site[i] + 1]++;
  for (let i = 0; i < n; i++) start[i + 1] += start[i];
  const cursor = start.slice(0, n);
  const members = new Int32Array(n);
  for (let i = 0; i < n; i++) members[cursor[site[i]]++] = i;

  // stamp[j] = s + 1 while spot s is processed; first[j] = s's first member in territory j.
  const stamp = new Int32Array(k);
  const first = new Int32Array(k);
  for (let s = 0; s < n; s++) {
    if (site[s] !== s || start[s + 1] - start[s] < 2) continue;
    for (let t = start[s]; t < start[s + 1]; t++) {
      const a = members[t];
      const j = assign[a];
      if (j < 0) continue;
      if (stamp[j] === s + 1) union(a, first[j]);
      else {
        stamp[j] = s + 1;
        first[j] = a;
      }
    }
    for (let t = offsets[s]; t < offsets[s + 1]; t++) {
      const b = neighbors[t];
      // Each pair of neighbouring shared spots once; single-point spots are already linked by the graph.
      if (b <= s || site[b] !== b || start[b + 1] - start[b] < 2) continue;
      for (let q = start[b]; q < start[b + 1]; q++) {
        const e = members[q];
        const j = assign[e];
        if (j >= 0 && stamp[j] === s + 1) union(e, first[j]);
      }
    }
  }
}
