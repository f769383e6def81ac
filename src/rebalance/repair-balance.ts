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
  /** Called every 200 moves and every 1,024 candidates taken from the heap with the share of `maxMoves` used, in
   *  [0, 1]; it may throw to abort (not caught). */
  checkpoint?: (fraction: number) => void;
  /** Epoch ms after which no further move is made (the plan so far is returned, still whole). */
  deadline?: number;
}

/** Moves between two calls of `checkpoint`. */
const CHECK_EVERY = 200;
/** Mask on the heap pops: `checkpoint` every 1,024 of them. */
const POPS_MASK = 1023;

/** What the repair did. */
export interface RepairResult {
  assign: Int32Array;
  moves: number;
  /** Total band violation left (0 when every territory is inside every band). */
  violation: number;
  /** Candidate moves scored into the heap (for tuning: the work the repair did). */
  scored: number;
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
  // Past the deadline no move is made: return before the set-up (the pool's scoring was 10% of a run cut by
  // a short `timeLimitMs` at 100,000 accounts).
  if (ctx.deadline !== undefined && Date.now() > ctx.deadline) return { assign, moves: 0, violation: state.total(), scored: 0 };
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
  // Territories already listed for the account at hand: a stamp per territory, not a search of the list (on
  // one spot every territory touches every account, and the search made each listing O(k^2)).
  const listed = new Float64Array(k);
  let listing = 0;
  const neighbourTerritories = (i: number): number[] => {
    listing++;
    const out: number[] = [];
    const own = assign[i];
    for (let e = offsets[i]; e < offsets[i + 1]; e++) {
      const j = assign[neighbors[e]];
      if (j >= 0 && j !== own && !ctx.closed[j] && listed[j] !== listing) {
        listed[j] = listing;
        out.push(j);
      }
    }
    const here = spots?.get(ctx.graph.site![i]);
    if (here) {
      for (const [j, count] of here) {
        if (count > 0 && j !== own && !ctx.closed[j] && listed[j] !== listing) {
          listed[j] = listing;
          out.push(j);
        }
      }
    }
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
    // The stamps of this listing mark what it already holds.
    const out = neighbourTerritories(i);
    if (near) {
      for (let c = 0; c < C; c++) {
        const j = near[i * C + c];
        if (j >= 0 && j !== assign[i] && listed[j] !== listing) {
          listed[j] = listing;
          out.push(j);
        }
      }
    }
    return out;
  };

  // Candidate moves wait in a heap, cheapest score first, each stamped with the versions of its two territories
  // when it was scored: a move's gain, cost and checks depend on those two territories alone, so an entry whose
  // territories have not changed since is exactly what a full rescan would find. After a move, only the
  // accounts of the two territories and their neighbours are scored again. (A full rescan per move made the
  // repair quadratic: a stitch group of 155 territories and 30,835 accounts took 40 s for 3,200 moves.)
  const version = new Int32Array(k);
  // Whether taking account i out cuts its territory depends on that territory's members alone: the answer
  // holds while its version does (an account refused for one destination is popped again for the others).
  const cutAt = new Int32Array(n).fill(-1);
  const cutIn = new Int32Array(n).fill(-1);
  const cutAnswer = new Uint8Array(n);
  const cuts = (i: number): boolean => {
    const j = assign[i];
    if (cutIn[i] !== j || cutAt[i] !== version[j]) {
      cutIn[i] = j;
      cutAt[i] = version[j];
      cutAnswer[i] = cutsTerritory(i, assign, ctx.graph) ? 1 : 0;
    }
    return cutAnswer[i] === 1;
  };
  const heap = new MoveHeap();
  // Swaps scored by earlier searches, kept while their two territories stand (see `bestSwap`).
  const swapMemo: SwapMemo = { version, pairs: new Map() };
  const bad = new Uint8Array(k);
  const markBad = () => {
    for (let j = 0; j < k; j++) bad[j] = state.violation(j) > 1e-12 ? 1 : 0;
  };
  let scored = 0;
  const scoreMove = (i: number, from: number, to: number) => {
    if (!ctx.allowBeyondLimit && beyondLimit(problem, i, to) && !beyondLimit(problem, i, from)) return;
    const gain = -state.moveDelta(i, from, to);
    if (gain <= 1e-12) return;
    heap.push((cost(i, to) - cost(i, from)) / gain, i, from, to, version[from], version[to]);
    scored++;
  };
  const score = (i: number) => {
    if (!movable(i)) return;
    const from = assign[i];
    for (const to of destinations(i)) scoreMove(i, from, to);
  };
  // Only the moves into `into` (see `scoreAround`), without listing the others (on one spot, every territory).
  const scoreInto = (i: number, into: readonly number[]) => {
    if (!movable(i)) return;
    const from = assign[i];
    for (const to of into) if (to !== from && !ctx.closed[to] && reaches(i, to)) scoreMove(i, from, to);
  };
  // Whether `destinations(i)` lists territory j: through a Delaunay neighbour, a shared spot or a nearest centre.
  const reaches = (i: number, j: number): boolean => {
    for (let e = offsets[i]; e < offsets[i + 1]; e++) if (assign[neighbors[e]] === j) return true;
    if ((spots?.get(ctx.graph.site![i])?.get(j) ?? 0) > 0) return true;
    if (near) for (let c = 0; c < C; c++) if (near[i * C + c] === j) return true;
    return false;
  };
  // Accounts that may move: those of territories outside their band, and those bordering one.
  const inPool = (i: number) => {
    if (bad[assign[i]]) return true;
    for (let e = offsets[i]; e < offsets[i + 1]; e++) if (bad[assign[neighbors[e]]]) return true;
    return false;
  };
  // Without the contiguity guard, accounts also go to their nearest centres: who may move into territory j.
  const nearOf: number[][] | null = near ? Array.from({ length: k }, () => []) : null;
  if (near) for (let i = 0; i < n; i++) for (let c = 0; c < C; c++) if (near[i * C + c] >= 0) nearOf![near[i * C + c]].push(i);
  const stamp = new Int32Array(n);
  let round = 0;
  /**
   * Scores every account whose moves involve one of `territories` (out of them, or into them), once. Only
   * accounts that may move now: one that joins the pool later does so because a territory it is in or
   * touches changed, and is scored again then. `alsoFarther` adds the accounts that reach one of them only
   * through a shared spot or as a nearest centre (the pool itself is the members and their neighbours);
   * those are scored for the moves into `territories` alone: their other moves involve two territories that
   * did not change, so the entries already in the heap stand (an entry dropped while its account was out of
   * the pool comes back when the account rejoins it, through a Delaunay neighbour in a changed territory, in
   * the first pass). On one spot of 4,775 accounts and 195 reps every account is such a neighbour, and scoring
   * all their moves after each move filled the heap with copies: the repair ran past a 120 s limit.
   */
  const scoreAround = (territories: readonly number[], alsoFarther: boolean) => {
    round++;
    const once = (i: number) => {
      if (stamp[i] === round) return;
      stamp[i] = round;
      if (inPool(i)) score(i);
    };
    const onceInto = (i: number) => {
      if (stamp[i] === round) return;
      stamp[i] = round;
      if (inPool(i)) scoreInto(i, territories);
    };
    for (const j of territories) {
      for (const i of members[j]) {
        once(i);
        for (let e = offsets[i]; e < offsets[i + 1]; e++) once(neighbors[e]);
      }
    }
    if (!alsoFarther) return;
    for (const j of territories) {
      // Each shared spot once a round (on one spot, the members would each walk all n accounts).
      if (spots) {
        for (const i of members[j]) {
          const spot = ctx.graph.site![i];
          if (spotRound[spot] === round) continue;
          spotRound[spot] = round;
          for (const other of spotMates(i)) onceInto(other);
        }
      }
      if (nearOf) for (const i of nearOf[j]) onceInto(i);
    }
  };
  const spotRound = new Float64Array(spots ? n : 0);
  const spotMembers = spots ? membersBySpot(ctx.graph) : null;
  const spotMates = (i: number): Int32Array => spotMembers?.get(ctx.graph.site![i]) ?? EMPTY;

  // The pool to start from: the accounts of the territories out of band and their neighbours.
  markBad();
  scoreAround(Array.from({ length: k }, (_, j) => j).filter((j) => bad[j]), false);

  let moves = 0;
  let pops = 0;
  let violation = state.total();
  let nextCheck = CHECK_EVERY;
  while (violation > 1e-12 && moves < maxMoves) {
    if (ctx.deadline !== undefined && Date.now() > ctx.deadline) break;
    if (moves >= nextCheck) {
      nextCheck = moves + CHECK_EVERY;
      ctx.checkpoint?.(moves / maxMoves);
    }
    let moved: { from: number; to: number } | null = null;
    while (heap.size > 0) {
      // Refused and stale entries can run to many thousands between two moves (each refusal a walk of the
      // territory): the checkpoint is kept up by pops too.
      if ((++pops & POPS_MASK) === 0) ctx.checkpoint?.(moves / maxMoves);
      const { i, from, to, vFrom, vTo } = heap.pop();
      // Stale: a territory changed since it was scored, and the account was scored again then.
      if (assign[i] !== from || version[from] !== vFrom || version[to] !== vTo) continue;
      const key = `${i}:${to}`;
      if (refused.has(key) || !inPool(i)) continue;
      if (ctx.keepContiguous && cuts(i)) {
        refused.add(key);
        continue;
      }
      moveAccount(i, from, to);
      moves++;
      moved = { from, to };
      break;
    }
    if (!moved) {
      const badList: number[] = [];
      for (let j = 0; j < k; j++) if (bad[j]) badList.push(j);
      const swap = bestSwap(badList, members, assign, state, cost, movable, neighbourTerritories, counter, swapMemo);
      if (!swap) break;
      for (const [i, from, to] of [
        [swap.a, swap.ja, swap.jb],
        [swap.b, swap.jb, swap.ja],
      ] as const) {
        moveAccount(i, from, to);
      }
      moves += 2;
      moved = { from: swap.ja, to: swap.jb };
    }
    version[moved.from]++;
    version[moved.to]++;
    markBad();
    scoreAround([moved.from, moved.to], true);
    violation = state.total();
  }
  return { assign, moves, violation, scored };
}

const EMPTY = new Int32Array(0);

/** The accounts at each shared spot (`graph.site`), by the spot's representative. O(n). */
function membersBySpot(graph: NeighborGraph): Map<number, Int32Array> {
  const site = graph.site!;
  const lists = new Map<number, number[]>();
  for (let i = 0; i < site.length; i++) {
    if (site[i] === i) continue;
    let list = lists.get(site[i]);
    if (!list) lists.set(site[i], (list = [site[i]]));
    list.push(i);
  }
  const out = new Map<number, Int32Array>();
  for (const [s, list] of lists) out.set(s, Int32Array.from(list));
  return out;
}

/** Candidate moves ordered by score (lowest first; ties in the order pushed), in growable typed arrays. */
class MoveHeap {
  private order = new Int32Array(1024);
  private score = new Float64Array(1024);
  private fields = new Int32Array(1024 * 5);
  private seq = 0;
  size = 0;

  push(score: number, i: number, from: number, to: number, vFrom: number, vTo: number): void {
    const id = this.seq++;
    if (id >= this.score.length) {
      const score = new Float64Array(this.score.length * 2);
      score.set(this.score);
      this.score = score;
      const fields = new Int32Array(this.fields.length * 2);
      fields.set(this.fields);
      this.fields = fields;
    }
    if (this.size >= this.order.length) {
      const b = new Int32Array(this.order.length * 2);
      b.set(this.order);
      this.order = b;
    }
    this.score[id] = score;
    const f = this.fields;
    const o = id * 5;
    f[o] = i;
    f[o + 1] = from;
    f[o + 2] = to;
    f[o + 3] = vFrom;
    f[o + 4] = vTo;
    let at = this.size++;
    while (at > 0) {
      const up = (at - 1) >> 1;
      if (!this.less(id, this.order[up])) break;
      this.order[at] = this.order[up];
      at = up;
    }
    this.order[at] = id;
  }

  pop(): { i: number; from: number; to: number; vFrom: number; vTo: number } {
    const top = this.order[0];
    const last = this.order[--this.size];
    let at = 0;
    for (;;) {
      let child = 2 * at + 1;
      if (child >= this.size) break;
      if (child + 1 < this.size && this.less(this.order[child + 1], this.order[child])) child++;
      if (!this.less(this.order[child], last)) break;
      this.order[at] = this.order[child];
      at = child;
    }
    if (this.size > 0) this.order[at] = last;
    const f = this.fields;
    const o = top * 5;
    return { i: f[o], from: f[o + 1], to: f[o + 2], vFrom: f[o + 3], vTo: f[o + 4] };
  }

  private less(a: number, b: number): boolean {
    return this.score[a] < this.score[b] || (this.score[a] === this.score[b] && a < b);
  }
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

/**
 * Swaps `bestSwap` tests for pieces at most per call, cheapest first; past them it gives up (the repair then
 * goes on without the contiguity guard). On CTDP 2,500 and 10,000 and 10,000-20,000 accounts on three
 * geographies no call needed more than 64; on a plan far from its band (fuzz case globe-5000x200, 200
 * scattered territories) 99% of the swaps split, and the calls tested about 400 each, 1,500 accounts a test.
 */
export const SWAP_TESTS = 128;

/**
 * The improving swaps between two territories ja -> jb (ja's account a for jb's account b) in the order
 * found, scored, with the territories' versions they were scored at and, once counted, the pieces of the two
 * before any swap. All of it depends on the two territories' members alone.
 */
interface PairSwaps {
  vA: number;
  vB: number;
  score: number[];
  a: number[];
  b: number[];
  piecesBefore: number;
}

/**
 * What `bestSwap` keeps between calls in one repair: each pair's swaps, valid while neither territory's
 * `version` has moved (the repair bumps a territory's version whenever its members change).
 */
export interface SwapMemo {
  version: Int32Array;
  pairs: Map<number, PairSwaps>;
}

/**
 * Best improving swap of two accounts between a bad territory and an adjacent one (cheapest 40 each): the
 * lowest added distance per unit of violation removed, the first found among equals; with `counter`, among
 * the swaps that leave the two territories in no more pieces. The piece counts are the costly part, so every
 * improving swap is scored first and they are tested cheapest first, stopping at the first that passes (or
 * after `SWAP_TESTS`): only swaps cheaper than the one taken are counted, where testing each that beat the
 * best so far, in the order found, counted more. With `memo`, a pair of territories neither of which changed
 * since the last call is not scored again (a repair makes one swap per call, so most pairs stand). Exported
 * for its tests.
 */
export function bestSwap(
  bad: number[],
  members: number[][],
  assign: Int32Array,
  state: BandState,
  cost: (i: number, j: number) => number,
  movable: (i: number) => boolean,
  neighbourTerritories: (i: number) => number[],
  counter: PieceCounter | null,
  memo?: SwapMemo,
): { a: number; b: number; ja: number; jb: number } | null {
  const k = members.length;
  // The plan does not change during the search, so each territory's border is listed once: per neighbouring
  // territory, its movable accounts touching it, in member order.
  const borders = new Map<number, Map<number, number[]>>();
  const border = (j: number) => {
    let byTerritory = borders.get(j);
    if (byTerritory) return byTerritory;
    borders.set(j, (byTerritory = new Map()));
    for (const a of members[j]) {
      if (!movable(a)) continue;
      for (const jb of neighbourTerritories(a)) {
        let list = byTerritory.get(jb);
        if (!list) byTerritory.set(jb, (list = []));
        list.push(a);
      }
    }
    return byTerritory;
  };
  const scorePair = (ja: number, jb: number, touching: number[]): PairSwaps => {
    const out: PairSwaps = { vA: memo?.version[ja] ?? 0, vB: memo?.version[jb] ?? 0, score: [], a: [], b: [], piecesBefore: -1 };
    // Each account's costs in the two territories, once, in arrays beside its list (the sorts and the
    // scores read them many times); the lists are sorted through their positions, so they stay as they are.
    const back = border(jb).get(ja) ?? [];
    const side = costsIn(touching, ja, jb, cost);
    const rest = costsIn(back, ja, jb, cost);
    const from = positionsBy(touching.length, (x) => side.inB[x] - side.inA[x]).slice(0, 40);
    const to = positionsBy(back.length, (y) => rest.inA[y] - rest.inB[y]).slice(0, 40);
    const before = state.violation(ja) + state.violation(jb);
    for (const x of from) {
      const a = touching[x];
      const aOut = side.inB[x] - side.inA[x];
      for (const y of to) {
        const b = back[y];
        const gain = before - state.swapViolation(a, ja, b, jb);
        if (gain <= 1e-12) continue;
        const score = (aOut + rest.inA[y] - rest.inB[y]) / gain;
        // Not below Infinity (an infinite or NaN score) never wins.
        if (!(score < Infinity)) continue;
        out.score.push(score);
        out.a.push(a);
        out.b.push(b);
      }
    }
    return out;
  };
  // Ordered by score, ties in the order found; the heap's fields carry (a, ja, jb, b).
  const found = new MoveHeap();
  const scored = new Map<number, PairSwaps>();
  for (const ja of bad) {
    for (const [jb, touching] of border(ja)) {
      const key = ja * k + jb;
      let pair = memo?.pairs.get(key);
      if (!pair || pair.vA !== memo!.version[ja] || pair.vB !== memo!.version[jb]) {
        pair = scorePair(ja, jb, touching);
        memo?.pairs.set(key, pair);
      }
      scored.set(key, pair);
      for (let t = 0; t < pair.score.length; t++) found.push(pair.score[t], pair.a[t], ja, jb, pair.b[t], 0);
    }
  }
  let tests = 0;
  while (found.size > 0) {
    const { i: a, from: ja, to: jb, vFrom: b } = found.pop();
    if (counter) {
      if (++tests > SWAP_TESTS) return null;
      const pair = scored.get(ja * k + jb)!;
      // Pieces of the two territories before any swap between them, counted once per pair.
      if (pair.piecesBefore < 0) pair.piecesBefore = pairPieces(ja, jb, assign, members, counter);
      if (swapSplits(a, b, pair.piecesBefore, assign, members, counter)) continue;
    }
    return { a, b, ja, jb };
  }
  return null;
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
  // BFS from one same-territory neighbour without passing through i; every other one must be reached. Marks
  // are stamps in arrays kept between calls (a Set per call was most of this function's time).
  if (cutScratch.seen.length < assign.length) cutScratch = { seen: new Int32Array(assign.length), target: new Int32Array(assign.length), stamp: 0 };
  if (++cutScratch.stamp === 2 ** 31 - 1) {
    cutScratch.seen.fill(0);
    cutScratch.target.fill(0);
    cutScratch.stamp = 1;
  }
  const { seen, target, stamp } = cutScratch;
  seen[i] = seen[own[0]] = stamp;
  for (let t = 1; t < own.length; t++) target[own[t]] = stamp;
  let remaining = own.length - 1;
  const queue = [own[0]];
  for (let q = 0; q < queue.length && remaining > 0; q++) {
    const a = queue[q];
    for (let e = offsets[a]; e < offsets[a + 1]; e++) {
      const b = neighbors[e];
      if (assign[b] !== j || seen[b] === stamp) continue;
      seen[b] = stamp;
      if (target[b] === stamp) remaining--;
      queue.push(b);
    }
  }
  return remaining > 0;
}

/** Marks for `cutsTerritory`'s search, reused between calls (per thread) and grown to the largest plan. */
let cutScratch = { seen: new Int32Array(0), target: new Int32Array(0), stamp: 0 };

/** Costs of each account of `list` in territories ja and jb, by position in the list. */
function costsIn(list: number[], ja: number, jb: number, cost: (i: number, j: number) => number): { inA: Float64Array; inB: Float64Array } {
  const inA = new Float64Array(list.length);
  const inB = new Float64Array(list.length);
  for (let t = 0; t < list.length; t++) {
    inA[t] = cost(list[t], ja);
    inB[t] = cost(list[t], jb);
  }
  return { inA, inB };
}

/** Positions 0..length-1 in ascending order of `key` (a stable sort: ties keep their order). */
function positionsBy(length: number, key: (x: number) => number): number[] {
  return Array.from({ length }, (_, x) => x).sort((x, y) => key(x) - key(y));
}

/** Pieces of territories ja and jb together under `assign`, counted by `PieceCounter`. */
function pairPieces(ja: number, jb: number, assign: Int32Array, members: number[][], counter: PieceCounter): number {
  return counter.count(ja, assign, [members[ja], members[jb]]) + counter.count(jb, assign, [members[ja], members[jb]]);
}

/**
 * True when swapping accounts a and b between their territories leaves the two territories in more pieces
 * than `before` (their pieces now): judged on the plan after the swap, since a's only link into its new
 * territory may have been b. Pieces are counted by `PieceCounter`, the rule the metrics use
 * (`territoryComponents`), over the two territories only. O(size of the two territories x degree).
 */
function swapSplits(a: number, b: number, before: number, assign: Int32Array, members: number[][], counter: PieceCounter): boolean {
  const ja = assign[a];
  const jb = assign[b];
  assign[a] = jb;
  assign[b] = ja;
  const after = pairPieces(ja, jb, assign, members, counter);
  assign[a] = ja;
  assign[b] = jb;
  return after > before;
}
