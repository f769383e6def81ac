import type { NeighborGraph } from './delaunay-graph.js';
import { ACCOUNTS_PER_CHECK_MASK } from '../util/progress.js';

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
 * @param checkpoint called every 65,536 accounts of each pass with 0 (no share of its own: at 10^6 accounts
 *   the whole took about 0.3 s); it may throw to abort
 * @returns k arrays of components
 * @throws Error when an assignment is outside [-1, k) or the graph has a different size
 * @example
 * // the path 0 - 1 - 2 - 3; territory 1 holds account 2 and cuts territory 0 in two
 * const path = { offsets: Int32Array.of(0, 1, 3, 5, 6), neighbors: Int32Array.of(1, 0, 2, 1, 3, 2) };
 * territoryComponents(Int32Array.of(0, 0, 1, 0), 2, path).map((cs) => cs.map((c) => Array.from(c)))
 * // => [[[0, 1], [3]], [[2]]]
 */
export function territoryComponents(assign: Int32Array, k: number, graph: NeighborGraph, checkpoint?: (fraction: number) => void): Int32Array[][] {
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
  const find = (a: number): number => findRoot(parent, a);
  const union = (a: number, b: number): void => unite(parent, size, a, b);

  for (let i = 0; i < n; i++) {
    if (checkpoint && (i & ACCOUNTS_PER_CHECK_MASK) === 0) checkpoint(0);
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
    if (checkpoint && (i & ACCOUNTS_PER_CHECK_MASK) === 0) checkpoint(0);
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

/**
 * Counts the connected pieces of one territory at a time, by the rule of `territoryComponents` (graph edges
 * inside the territory; with `site`, accounts at one spot and at two neighbouring shared spots touch), in
 * time proportional to the territory's size and degree rather than to the whole plan: for searches that try
 * many moves and need to know whether one splits a territory. Scratch arrays of size n are allocated once.
 * @example
 * const counter = new PieceCounter(path);          // the path 0 - 1 - 2 - 3
 * counter.count(0, Int32Array.of(0, 0, 1, 0), [[0, 1, 3]]) // => 2
 */
export class PieceCounter {
  private readonly parent: Int32Array;
  private readonly size: Int32Array;
  private readonly seen: Int32Array;
  private readonly spotSeen: Int32Array;
  private readonly spotFirst: Int32Array;
  /** shared[s] = 1 when s stands for a spot with more than one account. */
  private readonly shared: Uint8Array | null;
  private call = 0;

  constructor(private readonly graph: NeighborGraph) {
    const n = graph.offsets.length - 1;
    this.parent = new Int32Array(n);
    this.size = new Int32Array(n);
    this.seen = new Int32Array(n);
    this.spotSeen = new Int32Array(n);
    this.spotFirst = new Int32Array(n);
    const { site } = graph;
    let shared: Uint8Array | null = null;
    if (site) {
      for (let i = 0; i < n; i++) {
        if (site[i] === i) continue;
        shared ??= new Uint8Array(n);
        shared[site[i]] = 1;
      }
    }
    this.shared = shared;
  }

  /**
   * The number of pieces of territory j under `assign`, 0 when it is empty. `lists` must hold, between them,
   * every account with assign j (accounts of other territories in them are skipped; repeats are fine).
   * O(size x degree).
   */
  count(j: number, assign: Int32Array, lists: readonly ArrayLike<number>[]): number {
    const { parent, size, seen, spotSeen, spotFirst, shared } = this;
    const { offsets, neighbors, site } = this.graph;
    const call = ++this.call;
    const union = (a: number, b: number): void => unite(parent, size, a, b);
    const members: number[] = [];
    for (const list of lists) {
      for (let t = 0; t < list.length; t++) {
        const i = list[t];
        if (assign[i] !== j || seen[i] === call) continue;
        seen[i] = call;
        parent[i] = i;
        size[i] = 1;
        members.push(i);
      }
    }
    for (const i of members) {
      for (let e = offsets[i]; e < offsets[i + 1]; e++) {
        const v = neighbors[e];
        if (v > i && assign[v] === j) union(i, v);
      }
    }
    if (shared && site) {
      const spots: number[] = [];
      for (const i of members) {
        const s = site[i];
        if (!shared[s]) continue;
        if (spotSeen[s] === call) union(i, spotFirst[s]);
        else {
          spotSeen[s] = call;
          spotFirst[s] = i;
          spots.push(s);
        }
      }
      for (const s of spots) {
        for (let e = offsets[s]; e < offsets[s + 1]; e++) {
          const b = neighbors[e];
          if (b > s && site[b] === b && shared[b] && spotSeen[b] === call) union(spotFirst[s], spotFirst[b]);
        }
      }
    }
    let pieces = 0;
    for (const i of members) if (findRoot(parent, i) === i) pieces++;
    return pieces;
  }
}

/** The root of a's set in a union-find forest, halving the path on the way (Tarjan 1975). */
function findRoot(parent: Int32Array, a: number): number {
  while (parent[a] !== a) {
    parent[a] = parent[parent[a]];
    a = parent[a];
  }
  return a;
}

/** Joins the sets of a and b, the smaller under the larger. */
function unite(parent: Int32Array, size: Int32Array, a: number, b: number): void {
  a = findRoot(parent, a);
  b = findRoot(parent, b);
  if (a === b) return;
  if (size[a] < size[b]) [a, b] = [b, a];
  parent[b] = a;
  size[a] += size[b];
}
