import type { Problem } from '../input/problem.js';
import type { NeighborGraph } from '../geo/delaunay-graph.js';
import type { BalanceContext } from './plan-context.js';
import { accountCost, beyondLimit } from './account-cost.js';
import { BandState } from './band-state.js';
import { cutsTerritory } from './repair-balance.js';
import { borderMoves, refreshBorderMoves, type BorderMove } from './border-moves.js';

/** Chains between two checkpoints. */
const CHAINS_PER_CHECK = 8;

/** Inputs of the chain repair. */
export interface ChainRepairContext extends BalanceContext {
  /** Relative band per measure to restore. */
  band: Float64Array;
  /** Date.now() after which no further chain is started. */
  deadline: number;
  /** Chains at most. Default n + 10 x k. */
  maxChains?: number;
  /** Called every 8 chains with the share of `maxChains` used; it may throw to abort (not caught). (When each
   *  chain rescanned its group's borders, 50 chains in a stitch group of thousands of accounts ran 0.3-0.4 s.) */
  checkpoint?: (fraction: number) => void;
}

/**
 * Restores the bands by chains of single-account moves across territory borders, the fewest and cheapest
 * first: the repair of a realignment, where every account moved is a customer who changes rep. Each step
 * finds, over the graph of adjacent territories, the cheapest path (Dijkstra; an edge A -> B costs the
 * cheapest `accountCost` increase of moving one account of A that touches B in the Delaunay graph and whose
 * leaving does not cut A in two) from a territory above its band to one with room for what arrives (or, when
 * no territory is above its band, from one with load to spare to a territory below its band), and moves one
 * account along every edge of it. Every territory in between gives one account and takes one, so a removed
 * rep's accounts spread to the neighbours and the neighbours pass the surplus on, ring by ring, with moves
 * that keep every territory in one piece. A chain is kept only if it lowers the total band violation.
 * The border moves are listed once and refreshed after each chain around the accounts it moved.
 * O(n x degree + chains x (moved x degree^2 + k^2)).
 * @example chainRepair(problem, assign, { ...ctx, band, deadline: Date.now() + 1000 }).moves // => 23
 */
export function chainRepair(problem: Problem, assignIn: Int32Array, ctx: ChainRepairContext): { assign: Int32Array; moves: number; chains: number } {
  const { n, k, measures } = problem;
  const B = measures.length;
  const assign = Int32Array.from(assignIn);
  const state = new BandState(problem, assign, ctx.targets, ctx.band);
  const maxChains = ctx.maxChains ?? n + 10 * k;
  const cost = (i: number, j: number) => accountCost(problem, ctx.centers, i, j);
  // A chain's moves never go beyond a rep's distance limit from within one.
  const allow = (i: number, from: number, to: number) => !beyondLimit(problem, i, to) || beyondLimit(problem, i, from);
  const bound = (j: number, b: number, side: 1 | -1) => (1 + side * ctx.band[b]) * ctx.targets[j * B + b];
  const above = (j: number) => measures.some((m, b) => ctx.targets[j * B + b] > 0 && state.load[j * B + b] > bound(j, b, 1) * (1 + 1e-12));
  const below = (j: number) => measures.some((m, b) => ctx.targets[j * B + b] > 0 && state.load[j * B + b] < bound(j, b, -1) * (1 - 1e-12));
  const canTake = (j: number, i: number) => measures.every((m, b) => !(ctx.targets[j * B + b] > 0) || state.load[j * B + b] + m.values[i] <= bound(j, b, 1));
  const canGive = (j: number, i: number) => measures.every((m, b) => !(ctx.targets[j * B + b] > 0) || state.load[j * B + b] - m.values[i] >= bound(j, b, -1));

  let moves = 0;
  let chains = 0;
  let failures = 0;
  const tabu = new Set<number>();
  let kept: Map<number, BorderMove[]> | null = null;
  for (; chains < maxChains && Date.now() < ctx.deadline; chains++) {
    if (chains % CHAINS_PER_CHECK === 0) ctx.checkpoint?.(chains / maxChains);
    const over: number[] = [];
    const under: number[] = [];
    for (let j = 0; j < k; j++) {
      if (ctx.closed[j]) continue;
      if (above(j)) over.push(j);
      else if (below(j)) under.push(j);
    }
    if (over.length === 0 && under.length === 0) break;
    // Built once, then brought up to date after each chain (rebuilt per chain, sorting them was 60 of the
    // 120 s a removal of one of 2,000 reps on 1,000,000 accounts took).
    const lists = (kept ??= sortedLists(borderMoves(problem, assign, ctx, cost, allow), null, tabu));
    let forward = over.length > 0;
    const cuts = new Map<number, boolean>();
    const keepsWhole = (i: number) => {
      let c = cuts.get(i);
      if (c === undefined) cuts.set(i, (c = cutsTerritory(i, assign, ctx.graph)));
      return !c;
    };
    // The cheapest move of the pair (a -> b) that does not cut a and that lets the territory in the middle
    // of the chain (it takes one account and gives another) stay as close to its band as it was.
    const pick = (a: number, b: number, into: BorderMove | null): BorderMove | null => {
      const list = lists.get(a * k + b);
      if (!list) return null;
      const middle = !into ? -1 : forward ? a : b;
      if (!into) {
        // The first move of a chain, out of (or into) the territory outside its band: the one that brings
        // it nearest its band per unit of added cost, so big accounts go first and chains stay few.
        const start = forward ? a : b;
        const now = state.violation(start);
        let best: BorderMove | null = null;
        let bestScore = Infinity;
        for (const move of list) {
          const gain = now - (forward ? state.violation(start, -1, 0, move.i) : state.violation(start, move.i, 1));
          if (!(gain > 1e-12)) continue;
          const score = (Math.max(0, move.delta) + 1e-9) / gain;
          if (score < bestScore && keepsWhole(move.i)) {
            best = move;
            bestScore = score;
          }
        }
        return best;
      }
      for (const move of list) {
        if (!keepsWhole(move.i)) continue;
        if (middle >= 0) {
          const takes = forward ? into!.i : move.i;
          const gives = forward ? move.i : into!.i;
          // The account it takes touched it perhaps only through the one it gives: it would arrive cut off.
          if (!touchesBesides(takes, gives, middle, assign, ctx.graph)) continue;
          if (state.violation(middle, takes, 1, gives) > state.violation(middle) + 1e-12) continue;
        }
        return move;
      }
      return null;
    };
    const accepts = (j: number, move: BorderMove) => (forward ? canTake(j, move.i) : canGive(j, move.i));
    let path = cheapestChain(k, lists, forward ? over : under, forward, pick, accepts);
    // No way out of the territories above their band: fill those below theirs instead.
    if (!path && forward && under.length > 0) {
      forward = false;
      path = cheapestChain(k, lists, under, false, pick, accepts);
    }
    if (!path) break;
    const before = state.total();
    const done: [number, number, number][] = [];
    for (const [i, from, to] of path) {
      if (assign[i] !== from) continue;
      state.move(i, from, to);
      assign[i] = to;
      done.push([i, from, to]);
    }
    if (!(state.total() < before - 1e-12)) {
      for (const [i, from, to] of done.reverse()) {
        state.move(i, to, from);
        assign[i] = from;
      }
      // Never try that first step again; give up after a few chains that did not help.
      const [, from, to] = path[path.length - 1];
      tabu.add(from * k + to);
      lists.delete(from * k + to);
      if (++failures > 2 * k) break;
      continue;
    }
    moves += done.length;
    sortedLists(lists, refreshBorderMoves(problem, assign, ctx, cost, lists, done, allow), tabu);
  }
  return { assign, moves, chains };
}

/** Whether account i has a neighbour in territory j other than account `other` (in the Delaunay graph). */
function touchesBesides(i: number, other: number, j: number, assign: Int32Array, graph: NeighborGraph): boolean {
  for (let e = graph.offsets[i]; e < graph.offsets[i + 1]; e++) {
    const v = graph.neighbors[e];
    if (v !== other && assign[v] === j) return true;
  }
  return false;
}

/**
 * The border-move lists of `keys` (every key when null) sorted cheapest first, then by account; a pair left
 * with no move (every account of it beyond the distance limit, or none on the border any more) or in `tabu`
 * is dropped. Returns `lists`.
 */
function sortedLists(lists: Map<number, BorderMove[]>, keys: Iterable<number> | null, tabu: ReadonlySet<number>): Map<number, BorderMove[]> {
  for (const key of keys ?? [...lists.keys()]) {
    const list = lists.get(key);
    if (!list || list.length === 0 || tabu.has(key)) lists.delete(key);
    else list.sort((a, b) => a.delta - b.delta || a.i - b.i);
  }
  return lists;
}

/**
 * Dijkstra over territories from `starts` (forward: along moves A -> B from a territory above its band;
 * backward: from a territory below its band back to one that can give). The move for each edge is chosen by
 * `pick` when the edge is relaxed; its weight is the move's added cost, floored at 0, plus a small step so
 * that, cost for cost, fewer moves win. Stops at the first territory (not a start) that `accepts` the move
 * that reached it. O(k^2 + edges x picks).
 * @returns the moves [account, from, to] of the chain, or null when no chain exists
 */
function cheapestChain(
  k: number,
  lists: Map<number, BorderMove[]>,
  starts: number[],
  forward: boolean,
  pick: (a: number, b: number, into: BorderMove | null) => BorderMove | null,
  accepts: (j: number, move: BorderMove) => boolean,
): [number, number, number][] | null {
  let step = 0;
  for (const list of lists.values()) step = Math.max(step, Math.abs(list[0].delta));
  step = Math.max(step, 1e-12) * 1e-6;
  const out: number[][] = Array.from({ length: k }, () => []);
  for (const key of lists.keys()) {
    const a = Math.floor(key / k);
    const b = key % k;
    if (forward) out[a].push(b);
    else out[b].push(a);
  }
  const dist = new Float64Array(k).fill(Infinity);
  const prev = new Int32Array(k).fill(-1);
  const via: (BorderMove | null)[] = new Array(k).fill(null);
  const isStart = new Uint8Array(k);
  const settled = new Uint8Array(k);
  for (const s of starts) {
    dist[s] = 0;
    isStart[s] = 1;
  }
  for (;;) {
    let u = -1;
    for (let j = 0; j < k; j++) if (!settled[j] && dist[j] < Infinity && (u < 0 || dist[j] < dist[u])) u = j;
    if (u < 0) return null;
    settled[u] = 1;
    if (!isStart[u] && accepts(u, via[u]!)) {
      const chain: [number, number, number][] = [];
      for (let v = u; !isStart[v]; v = prev[v]) chain.push([via[v]!.i, forward ? prev[v] : v, forward ? v : prev[v]]);
      return chain;
    }
    for (const v of out[u]) {
      if (settled[v] || isStart[v]) continue;
      const move = forward ? pick(u, v, via[u]) : pick(v, u, via[u]);
      if (!move) continue;
      const d = dist[u] + Math.max(0, move.delta) + step;
      if (d < dist[v]) {
        dist[v] = d;
        prev[v] = u;
        via[v] = move;
      }
    }
  }
}
