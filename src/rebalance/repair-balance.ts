import type { Problem } from '../input/problem.js';
import { accountCost, beyondLimit } from './account-cost.js';
import type { NeighborGraph } from '../geo/delaunay-graph.js';
import type { BalanceContext } from './plan-context.js';
import { BandState } from './band-state.js';
import { nearestCenters } from '../cluster/nearest-centers.js';
import { PieceCounter } from '../geo/components.js';

/** Inputs of the balance repair. */
export interface RepairContext extends BalanceContext {
  /** Relative band per measure to restore. */
  band: Float64Array;
  /** Allow only moves that keep both territories connected in the Delaunay graph. */
  keepContiguous: boolean;
  /** Allow moves that put an account beyond its new rep's `maxDistanceKm` (from within it). Default false:
   *  the caller tries without them first and allows them only for a band that cannot be met otherwise. */
  allowBeyondLimit?: boolean;
  /** Moves at most. Default 20 x k + 100. */
  maxMoves?: number;
  /** Called every 200 moves with the share of `maxMoves` used, in [0, 1]; it may throw to abort (not caught). */
  checkpoint?: (fraction: number) => void;
  /** Epoch ms after which no further move is made (the plan so far is returned, still whole). */
  deadline?: number;
}

/** Moves between two calls of `checkpoint`. */
const CHECK_EVERY = 200;

/** What the repair did. */
export interface RepairResult {
  assign: Int32Array;
  moves: number;
  /** Total band violation left (0 when every territory is inside every band). */
  violation: number;
}

/**
 * Restores the bands with whole-account moves (DESIGN.md stage 5). Each step takes, among the accounts of
 * territories outside their band and the accounts bordering them, the single move (or, when no single move
 * helps, the swap between two adjacent territories) that lowers the total band violation at the least added
 * weighted squared distance per unit of violation removed. With `keepContiguous`, a move must land next to
 * the receiving territory (a Delaunay neighbour there) and must not cut its old territory in two.
 * O(moves x accounts of the affected territories x degree).
 */
export function repairBalance(problem: Problem, assignIn: Int32Array, ctx: RepairContext): RepairResult {
  const { n, k, xyz } = problem;
  const assign = Int32Array.from(assignIn);
  const state = new BandState(problem, assign, ctx.targets, ctx.band);
  const { offsets, neighbors } = ctx.graph;
  const maxMoves = ctx.maxMoves ?? 20 * k + 100;
  const cost = (i: number, j: number) => accountCost(problem, ctx.centers, i, j);
  const members: number[][] = Array.from({ length: k }, () => []);
  for (let i = 0; i < n; i++) if (assign[i] >= 0) members[assign[i]].push(i);
  const removeMember = (j: number, i: number) => {
    const list = members[j];
    const p = list.indexOf(i);
    list[p] = list[list.length - 1];
    list.pop();
  };
  const movable = (i: number) => ctx.fixed[i] < 0;
  // Accounts at one spot touch, but `delaunayGraph` links them only as a star around one representative, so
  // two territories that share a spot may have no edge between them, and no move between them was found
  // (60 accounts on one spot, 8 reps, balance potential: territories stayed outside the band a single move
  // would have fixed). Per shared spot, how many of its accounts each territory holds, kept current as accounts move.
  const spots = sharedSpots(ctx.graph, assign);
  const counter = ctx.keepContiguous ? new PieceCounter(ctx.graph) : null;
  const neighbourTerritories = (i: number): number[] => {
    const out: number[] = [];
    for (let e = offsets[i]; e < offsets[i + 1]; e++) {
      const j = assign[neighbors[e]];
      if (j >= 0 && j !== assign[i] && !ctx.closed[j] && !out.includes(j)) out.push(j);
    }
    const here = spots?.get(ctx.graph.site![i]);
    if (here) for (const [j, count] of here) if (count > 0 && j !== assign[i] && !ctx.closed[j] && !out.includes(j)) out.push(j);
    return out;
  };
  const moveAccount = (i: number, from: number, to: number) => {
    state.move(i, from, to);
    assign[i] = to;
    removeMember(from, i);
    members[to].push(i);
    const here = spots?.get(ctx.graph.site![i]);
    if (here) {
      here.set(from, here.get(from)! - 1);
      here.set(to, (here.get(to) ?? 0) + 1);
    }
  };
  const refused = new Set<string>();
  // Without the contiguity guard, an account may also go to any of its nearest centres: the Delaunay graph
  // alone can leave no way out (all accounts on one spot form a star around one representative).
  const C = Math.min(k, 6);
  const near = ctx.keepContiguous ? null : nearestCenters(xyz, n, ctx.centers, k, C, ctx.closed);
  const destinations = (i: number): number[] => {
    const out = neighbourTerritories(i);
    if (near) {
      for (let c = 0; c < C; c++) {
        const j = near[i * C + c];
        if (j >= 0 && j !== assign[i] && !out.includes(j)) out.push(j);
      }
    }
    return out;
  };

  let moves = 0;
  let violation = state.total();
  let nextCheck = CHECK_EVERY;
  while (violation > 1e-12 && moves < maxMoves) {
    if (ctx.deadline !== undefined && Date.now() > ctx.deadline) break;
    if (moves >= nextCheck) {
      nextCheck = moves + CHECK_EVERY;
      ctx.checkpoint?.(moves / maxMoves);
    }
    const bad: number[] = [];
    for (let j = 0; j < k; j++) if (state.violation(j) > 1e-12) bad.push(j);
    // Candidate accounts: those of bad territories, and those of other territories that border a bad one.
    const pool = new Set<number>();
    for (const j of bad) {
      for (const i of members[j]) {
        pool.add(i);
        for (let e = offsets[i]; e < offsets[i + 1]; e++) pool.add(neighbors[e]);
      }
    }
    type Move = { i: number; from: number; to: number; score: number };
    const candidates: Move[] = [];
    for (const i of pool) {
      if (!movable(i)) continue;
      const from = assign[i];
      for (const to of destinations(i)) {
        if (!ctx.allowBeyondLimit && beyondLimit(problem, i, to) && !beyondLimit(problem, i, from)) continue;
        const gain = -state.moveDelta(i, from, to);
        if (gain <= 1e-12) continue;
        candidates.push({ i, from, to, score: (cost(i, to) - cost(i, from)) / gain });
      }
    }
    candidates.sort((a, b) => a.score - b.score);
    let done = false;
    for (const move of candidates) {
      const key = `${move.i}:${move.to}`;
      if (refused.has(key)) continue;
      if (ctx.keepContiguous && cutsTerritory(move.i, assign, ctx.graph)) {
        refused.add(key);
        continue;
      }
      moveAccount(move.i, move.from, move.to);
      moves++;
      done = true;
      break;
    }
    if (!done) {
      const swap = bestSwap(bad, members, assign, state, ctx, cost, movable, neighbourTerritories, counter);
      if (!swap) break;
      for (const [i, from, to] of [
        [swap.a, swap.ja, swap.jb],
        [swap.b, swap.jb, swap.ja],
      ] as const) {
        moveAccount(i, from, to);
      }
      moves += 2;
    }
    violation = state.total();
  }
  return { assign, moves, violation };
}

/**
 * For each spot that several accounts share (`graph.site`), the number of its accounts per territory; null
 * when no spot is shared. O(n).
 */
function sharedSpots(graph: NeighborGraph, assign: Int32Array): Map<number, Map<number, number>> | null {
  const { site } = graph;
  if (!site) return null;
  let spots: Map<number, Map<number, number>> | null = null;
  for (let i = 0; i < site.length; i++) {
    if (site[i] === i) continue;
    spots ??= new Map();
    // A spot's representative is its own site, so it is counted with the first member found.
    let here = spots.get(site[i]);
    if (!here) {
      spots.set(site[i], (here = new Map()));
      if (assign[site[i]] >= 0) here.set(assign[site[i]], 1);
    }
    if (assign[i] >= 0) here.set(assign[i], (here.get(assign[i]) ?? 0) + 1);
  }
  return spots;
}

/** Best improving swap of two accounts between a bad territory and an adjacent one (cheapest 40 each). */
function bestSwap(
  bad: number[],
  members: number[][],
  assign: Int32Array,
  state: BandState,
  ctx: RepairContext,
  cost: (i: number, j: number) => number,
  movable: (i: number) => boolean,
  neighbourTerritories: (i: number) => number[],
  counter: PieceCounter | null,
): { a: number; b: number; ja: number; jb: number } | null {
  let best: { a: number; b: number; ja: number; jb: number } | null = null;
  let bestScore = Infinity;
  for (const ja of bad) {
    const outgoing = new Map<number, number[]>();
    for (const a of members[ja]) {
      if (!movable(a)) continue;
      for (const jb of neighbourTerritories(a)) {
        if (!outgoing.has(jb)) outgoing.set(jb, []);
        outgoing.get(jb)!.push(a);
      }
    }
    for (const [jb, side] of outgoing) {
      const back = members[jb].filter((b) => movable(b) && neighbourTerritories(b).includes(ja));
      const from = side.sort((x, y) => cost(x, jb) - cost(x, ja) - (cost(y, jb) - cost(y, ja))).slice(0, 40);
      const to = back.sort((x, y) => cost(x, ja) - cost(x, jb) - (cost(y, ja) - cost(y, jb))).slice(0, 40);
      const before = state.violation(ja) + state.violation(jb);
      for (const a of from) {
        for (const b of to) {
          state.move(a, ja, jb);
          state.move(b, jb, ja);
          const after = state.violation(ja) + state.violation(jb);
          state.move(b, ja, jb);
          state.move(a, jb, ja);
          const gain = before - after;
          if (gain <= 1e-12) continue;
          const score = (cost(a, jb) - cost(a, ja) + cost(b, ja) - cost(b, jb)) / gain;
          if (score < bestScore) {
            if (counter && swapSplits(a, b, assign, members, counter)) continue;
            bestScore = score;
            best = { a, b, ja, jb };
          }
        }
      }
    }
  }
  return best;
}

/**
 * True when taking account i out of its territory splits what is left into
 * more than one Delaunay-connected piece, counting only the pieces i touched. O(size of the territory).
 */
export function cutsTerritory(i: number, assign: Int32Array, graph: NeighborGraph): boolean {
  const j = assign[i];
  const { offsets, neighbors } = graph;
  const own: number[] = [];
  for (let e = offsets[i]; e < offsets[i + 1]; e++) if (assign[neighbors[e]] === j && neighbors[e] !== i) own.push(neighbors[e]);
  if (own.length <= 1) return false;
  // BFS from one same-territory neighbour without passing through i; every other one must be reached.
  const seen = new Set<number>([i, own[0]]);
  const queue = [own[0]];
  const remaining = new Set(own.slice(1));
  for (let q = 0; q < queue.length && remaining.size > 0; q++) {
    const a = queue[q];
    for (let e = offsets[a]; e < offsets[a + 1]; e++) {
      const b = neighbors[e];
      if (assign[b] !== j || seen.has(b)) continue;
      seen.add(b);
      remaining.delete(b);
      queue.push(b);
    }
  }
  return remaining.size > 0;
}

/**
 * True when swapping accounts a and b between their territories leaves the two territories in more pieces
 * than before: judged on the plan after the swap, since a's only link into its new territory may have been
 * b. Pieces are counted by `PieceCounter`, the rule the metrics use (`territoryComponents`), over the two
 * territories only. O(size of the two territories x degree).
 */
function swapSplits(a: number, b: number, assign: Int32Array, members: number[][], counter: PieceCounter): boolean {
  const ja = assign[a];
  const jb = assign[b];
  const pieces = () => counter.count(ja, assign, [members[ja], members[jb]]) + counter.count(jb, assign, [members[ja], members[jb]]);
  const before = pieces();
  assign[a] = jb;
  assign[b] = ja;
  const after = pieces();
  assign[a] = ja;
  assign[b] = jb;
  return after > before;
}
