import type { MeasureColumn, Problem } from '../input/problem.js';
import type { NeighborGraph } from '../geo/delaunay-graph.js';
import { chord2 } from '../geo/unit-vector.js';

/** A coarse copy of a problem: groups of neighbouring accounts, each one unit. */
export interface Coarsening {
  /** The units as a problem of their own (see `coarsenAccounts` for what each field holds). */
  problem: Problem;
  /** The unit of each account, length n. */
  unitOf: Int32Array;
  /** A fixed territory per unit (-1 free): a fixed account is a unit of its own. */
  fixed: Int32Array;
}

/** What `coarsenAccounts` needs besides the problem (whose distance weights must be positive: a unit sits at
 *  their weighted mean). */
export interface CoarsenContext {
  graph: NeighborGraph;
  /** A fixed territory per account (-1 free): such an account joins no group. */
  fixed: Int32Array;
  /** Targets, k x B: a unit holds at most `UNIT_SHARE` of the smallest positive target on every measure. */
  targets: Float64Array;
  /** Matching passes; each joins units in pairs, so units hold up to 2^levels accounts. */
  levels: number;
  /** Seeds the order in which units look for a partner. */
  rand: () => number;
}

/** Largest share of the smallest positive target one unit may hold, on every measure: units much smaller than a
 *  territory leave the coarse allocation room to balance. */
const UNIT_SHARE = 0.1;

/**
 * Groups neighbouring accounts into units by repeated matching: each pass visits the units in a seeded random
 * order and pairs each one still single with its nearest single neighbour in the Delaunay graph, if any (METIS,
 * Karypis & Kumar 1998, coarsens a graph the same way, by its heaviest edge where this takes the shortest). A unit's position is the weighted mean of its
 * accounts' unit vectors, not normalised, and its distance weight their sum, so its squared distance to any
 * centre times its weight is the sum of its accounts' terms less a constant of the unit's own: the coarse
 * allocation minimises the same objective as the fine one. Measures are summed; a unit stays under
 * `UNIT_SHARE` of the smallest target, and fixed accounts stay single. O(levels x (n + edges)).
 */
export function coarsenAccounts(problem: Problem, ctx: CoarsenContext): Coarsening {
  const { n, measures } = problem;
  const B = measures.length;
  const cap = new Float64Array(B).fill(Infinity);
  for (let j = 0; j < problem.k; j++) {
    for (let b = 0; b < B; b++) {
      const t = ctx.targets[j * B + b];
      if (t > 0) cap[b] = Math.min(cap[b], UNIT_SHARE * t);
    }
  }
  // The current level: sums per unit and its graph.
  let m = n;
  let pos = new Float64Array(3 * n);
  let weight = Float64Array.from(problem.weight);
  let load = new Float64Array(n * B);
  let fixed = Int32Array.from(ctx.fixed);
  for (let i = 0; i < n; i++) {
    const w = problem.weight[i];
    pos[3 * i] = w * problem.xyz[3 * i];
    pos[3 * i + 1] = w * problem.xyz[3 * i + 1];
    pos[3 * i + 2] = w * problem.xyz[3 * i + 2];
    for (let b = 0; b < B; b++) load[i * B + b] = measures[b].values[i];
  }
  let offsets = ctx.graph.offsets;
  let neighbors = ctx.graph.neighbors;
  const unitOf = Int32Array.from({ length: n }, (_, i) => i);

  // The units' positions (weighted means, not normalised), for the matching and for the units' problem.
  let mean = meansOf(pos, weight, m);
  for (let level = 0; level < ctx.levels; level++) {
    const partner = new Int32Array(m).fill(-1);
    const order = shuffled(m, ctx.rand);
    for (const u of order) {
      if (partner[u] >= 0 || fixed[u] >= 0) continue;
      let best = -1;
      let bestD = Infinity;
      for (let e = offsets[u]; e < offsets[u + 1]; e++) {
        const v = neighbors[e];
        if (v === u || partner[v] >= 0 || fixed[v] >= 0) continue;
        let fits = true;
        for (let b = 0; b < B && fits; b++) fits = load[u * B + b] + load[v * B + b] <= cap[b];
        if (!fits) continue;
        const d = chord2(mean, u, mean, v);
        if (d < bestD) {
          bestD = d;
          best = v;
        }
      }
      if (best >= 0) {
        partner[u] = best;
        partner[best] = u;
      }
    }
    // New indices: a pair takes the index of its first member met in index order.
    const next = new Int32Array(m).fill(-1);
    let count = 0;
    for (let u = 0; u < m; u++) {
      if (next[u] >= 0) continue;
      next[u] = count;
      if (partner[u] >= 0) next[partner[u]] = count;
      count++;
    }
    if (count === m) break;
    const nextPos = new Float64Array(3 * count);
    const nextWeight = new Float64Array(count);
    const nextLoad = new Float64Array(count * B);
    const nextFixed = new Int32Array(count).fill(-1);
    for (let u = 0; u < m; u++) {
      const c = next[u];
      nextPos[3 * c] += pos[3 * u];
      nextPos[3 * c + 1] += pos[3 * u + 1];
      nextPos[3 * c + 2] += pos[3 * u + 2];
      nextWeight[c] += weight[u];
      for (let b = 0; b < B; b++) nextLoad[c * B + b] += load[u * B + b];
      if (fixed[u] >= 0) nextFixed[c] = fixed[u];
    }
    ({ offsets, neighbors } = contract(offsets, neighbors, m, next, count, partner));
    for (let i = 0; i < n; i++) unitOf[i] = next[unitOf[i]];
    m = count;
    pos = nextPos;
    weight = nextWeight;
    load = nextLoad;
    fixed = nextFixed;
    mean = meansOf(pos, weight, m);
  }

  const coarseMeasures: MeasureColumn[] = measures.map((measure, b) => {
    const values = new Float64Array(m);
    for (let u = 0; u < m; u++) values[u] = load[u * B + b];
    return { ...measure, values };
  });
  const none = new Int32Array(m).fill(-1);
  const coarse: Problem = {
    ...problem,
    n: m,
    accountIds: [],
    inputIndex: new Int32Array(m),
    lat: new Float64Array(m),
    lon: new Float64Array(m),
    xyz: mean,
    potential: new Float64Array(m),
    measures: coarseMeasures,
    weight,
    locked: none,
    current: none,
    realign: false,
    moveCost: new Float64Array(m),
  };
  return { problem: coarse, unitOf, fixed };
}

/** Each unit's weighted mean position: its weighted sum over its weight (length 3m). */
function meansOf(pos: Float64Array, weight: Float64Array, m: number): Float64Array {
  const mean = new Float64Array(3 * m);
  for (let u = 0; u < m; u++) {
    const w = weight[u];
    mean[3 * u] = pos[3 * u] / w;
    mean[3 * u + 1] = pos[3 * u + 1] / w;
    mean[3 * u + 2] = pos[3 * u + 2] / w;
  }
  return mean;
}

/** 0..m-1 in a seeded random order (Fisher-Yates). */
function shuffled(m: number, rand: () => number): Int32Array {
  const order = Int32Array.from({ length: m }, (_, i) => i);
  for (let i = m - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}

/** The graph of the matched units: an edge wherever a member of one touches a member of the other. O(edges). */
function contract(offsets: Int32Array, neighbors: Int32Array, m: number, next: Int32Array, count: number, partner: Int32Array): { offsets: Int32Array; neighbors: Int32Array } {
  const outOffsets = new Int32Array(count + 1);
  const out = new Int32Array(neighbors.length);
  const seen = new Int32Array(count).fill(-1);
  let e = 0;
  for (let u = 0; u < m; u++) {
    const c = next[u];
    // Each unit's list is written once, when its first member comes by.
    if (partner[u] >= 0 && partner[u] < u) continue;
    outOffsets[c] = e;
    seen[c] = c;
    for (const member of partner[u] >= 0 ? [u, partner[u]] : [u]) {
      for (let f = offsets[member]; f < offsets[member + 1]; f++) {
        const d = next[neighbors[f]];
        if (seen[d] === c) continue;
        seen[d] = c;
        out[e++] = d;
      }
    }
  }
  outOffsets[count] = e;
  return { offsets: outOffsets, neighbors: out.slice(0, e) };
}
