import type { Problem } from '../input/problem.js';
import { BandState } from './band-state.js';
import { extraCost, hasExtraCosts } from './account-cost.js';

/** Problems up to these many accounts also try chains of two and of three moves. */
const CHAIN2_MAX_ACCOUNTS = 40;
const CHAIN3_MAX_ACCOUNTS = 16;
/** The longest chain tried. */
const CHAIN_MAX_DEPTH = 3;

/** Whether a move ([account, from, to]) and a move from `from` to `to` touch a territory in common. */
function share(a: readonly number[], from: number, to: number): boolean {
  return a[1] === from || a[1] === to || a[2] === from || a[2] === to;
}

/**
 * Whether the first `count` moves of a chain (at most two, each [account, from, to]) and one more from `from`
 * to `to` link up into one group, each move sharing a territory with another: for three moves, at least two
 * of the three pairs share one (a graph on three nodes is connected when it has two edges).
 * @throws Error for longer chains, which this rule does not cover
 * @example linked([[4, 0, 1]], 1, 2) // => true
 * @example linked([[4, 0, 1], [5, 2, 3]], 4, 5) // => false
 */
export function linked(moves: readonly (readonly number[])[], from: number, to: number, count = moves.length): boolean {
  if (count === 0) return true;
  if (count === 1) return share(moves[0], from, to);
  if (count > 2) throw new Error(`linked: chains of at most three moves, got ${count + 1}`);
  const pairs = (share(moves[0], moves[1][1], moves[1][2]) ? 1 : 0) + (share(moves[0], from, to) ? 1 : 0) + (share(moves[1], from, to) ? 1 : 0);
  return pairs >= 2;
}

/** Inputs of the local search. */
export interface LocalSearchContext {
  targets: Float64Array;
  /** The user's band per measure: no move may leave it. */
  band: Float64Array;
  fixed: Int32Array;
  closed: Uint8Array;
  /** Passes over all moves and swaps at most. Default 20. */
  passes?: number;
}

/**
 * First-improvement local search on the true objective (centres re-computed exactly after every change):
 * single-account moves, then two-account swaps, each kept only if every band still holds, then (when neither
 * helps, on up to `CHAIN2_MAX_ACCOUNTS` accounts) chains of two or three moves. Per territory
 * the objective is sum_i w_i |x_i - c|^2 with c the normalised weighted mean, which is 2 W - 2 |S| for
 * S = sum_i w_i x_i (or 2 W - 2 S . h for a rep pinned at home h), plus the accounts' move charges and
 * distance-limit penalties there (`extraCost`), so each trial costs O(B) with running sums.
 * Meant for small problems: O(n^2) a pass through the swaps, O((n k)^d / d!) through chains of d moves.
 */
export function localSearch(problem: Problem, assignIn: Int32Array, ctx: LocalSearchContext): Int32Array {
  const { n, k, xyz, weight, hasHome, homeXyz } = problem;
  const assign = Int32Array.from(assignIn);
  const state = new BandState(problem, assign, ctx.targets, ctx.band);
  const W = new Float64Array(k);
  const S = new Float64Array(3 * k);
  // The move charges and distance-limit penalties of each territory's accounts (see `accountCost`).
  const E = new Float64Array(k);
  const extras = hasExtraCosts(problem);
  const add = (i: number, j: number, sign: number) => {
    W[j] += sign * weight[i];
    if (extras) E[j] += sign * extraCost(problem, i, j);
    for (let d = 0; d < 3; d++) S[3 * j + d] += sign * weight[i] * xyz[3 * i + d];
  };
  for (let i = 0; i < n; i++) if (assign[i] >= 0) add(i, assign[i], 1);
  const cost = (j: number) => {
    if (hasHome[j]) return E[j] + 2 * W[j] - 2 * (S[3 * j] * homeXyz[3 * j] + S[3 * j + 1] * homeXyz[3 * j + 1] + S[3 * j + 2] * homeXyz[3 * j + 2]);
    return E[j] + 2 * W[j] - 2 * Math.hypot(S[3 * j], S[3 * j + 1], S[3 * j + 2]);
  };
  const inBand = (j: number) => state.violation(j) <= 1e-12;
  const movable = (i: number) => ctx.fixed[i] < 0 && assign[i] >= 0;
  const shift = (i: number, from: number, to: number) => {
    state.move(i, from, to);
    add(i, from, -1);
    add(i, to, 1);
  };
  const tryMove = (i: number, to: number): boolean => {
    const from = assign[i];
    const before = cost(from) + cost(to);
    shift(i, from, to);
    if (inBand(from) && inBand(to) && cost(from) + cost(to) < before - 1e-12 * Math.max(1, before)) {
      assign[i] = to;
      return true;
    }
    shift(i, to, from);
    return false;
  };
  const trySwap = (a: number, b: number): boolean => {
    const ja = assign[a];
    const jb = assign[b];
    const before = cost(ja) + cost(jb);
    shift(a, ja, jb);
    shift(b, jb, ja);
    if (inBand(ja) && inBand(jb) && cost(ja) + cost(jb) < before - 1e-12 * Math.max(1, before)) {
      assign[a] = jb;
      assign[b] = ja;
      return true;
    }
    shift(a, jb, ja);
    shift(b, ja, jb);
    return false;
  };
  // The territories a chain touches (at most two a move) and their cost before it, `rootCost`. Each move of a
  // chain is unmade exactly: the running sums of its two territories are saved before it and written back
  // after (adding and then subtracting an account's terms would leave them a few ulps off, and over a search
  // of thousands of chains that drift let chains with no real gain through the 1e-12 threshold).
  const rootCost = new Float64Array(k);
  const touched = new Int32Array(2 * CHAIN_MAX_DEPTH);
  const moves: [number, number, number][] = Array.from({ length: CHAIN_MAX_DEPTH }, () => [0, 0, 0]);
  const SAVED = 10;
  const saved = new Float64Array(CHAIN_MAX_DEPTH * SAVED);
  const save = (at: number, from: number, to: number) => {
    saved[at] = W[from];
    saved[at + 1] = W[to];
    saved[at + 2] = E[from];
    saved[at + 3] = E[to];
    for (let d = 0; d < 3; d++) {
      saved[at + 4 + d] = S[3 * from + d];
      saved[at + 7 + d] = S[3 * to + d];
    }
  };
  const restore = (at: number, from: number, to: number) => {
    W[from] = saved[at];
    W[to] = saved[at + 1];
    E[from] = saved[at + 2];
    E[to] = saved[at + 3];
    for (let d = 0; d < 3; d++) {
      S[3 * from + d] = saved[at + 4 + d];
      S[3 * to + d] = saved[at + 7 + d];
    }
  };
  /** Adds territory j to the first `count` of `touched` unless it is there; returns the new count. */
  const addTouched = (j: number, count: number): number => {
    for (let t = 0; t < count; t++) if (touched[t] === j) return count;
    touched[count] = j;
    return count + 1;
  };
  /**
   * Depth-first over chains of moves of distinct accounts to new territories (the first `length` of `moves`);
   * keeps the first that improves. A chain is a set of moves (its plan does not depend on their order), so
   * each is tried once, its accounts in increasing order (`first`, the least account the next move may take):
   * (n k)^d / d! chains, not (n k)^d. Only chains whose moves link up (`linked`) are scored, and a last move
   * that leaves its chain unlinked is not made. A chain of parts that share no territory holds the band only
   * if each part does, and improves only if a part does: a single move (none improves while chains are
   * searched) or a shorter chain, tried on its own. So no improving chain is missed (up to the threshold's
   * 1e-12 of the costs), and none is kept with a part that shares no territory with the rest.
   */
  const chain = (length: number, depth: number, first: number, scored: boolean): boolean => {
    if (length >= 2 && scored) {
      let count = 0;
      for (let m = 0; m < length; m++) count = addTouched(moves[m][2], addTouched(moves[m][1], count));
      let holds = true;
      for (let t = 0; t < count && holds; t++) holds = inBand(touched[t]);
      if (holds) {
        let before = 0;
        let after = 0;
        for (let t = 0; t < count; t++) {
          before += rootCost[touched[t]];
          after += cost(touched[t]);
        }
        if (after < before - 1e-12 * Math.max(1, before)) {
          for (let m = 0; m < length; m++) assign[moves[m][0]] = moves[m][2];
          return true;
        }
      }
    }
    if (length === depth) return false;
    const last = length + 1 === depth;
    const at = length * SAVED;
    for (let i = first; i < n; i++) {
      if (!movable(i)) continue;
      for (let to = 0; to < k; to++) {
        if (to === assign[i] || ctx.closed[to]) continue;
        const from = assign[i];
        const joins = linked(moves, from, to, length);
        if (last && !joins) continue;
        save(at, from, to);
        shift(i, from, to);
        const move = moves[length];
        move[0] = i;
        move[1] = from;
        move[2] = to;
        if (chain(length + 1, depth, i + 1, joins)) return true;
        state.move(i, to, from);
        restore(at, from, to);
      }
    }
    return false;
  };
  const searchChains = (depth: number): boolean => {
    for (let j = 0; j < k; j++) rootCost[j] = cost(j);
    return chain(0, depth, 0, true);
  };
  for (let pass = 0; pass < (ctx.passes ?? 20); pass++) {
    let improved = false;
    for (let i = 0; i < n; i++) {
      if (!movable(i)) continue;
      for (let j = 0; j < k; j++) if (j !== assign[i] && !ctx.closed[j] && tryMove(i, j)) improved = true;
    }
    for (let a = 0; a < n; a++) {
      if (!movable(a)) continue;
      for (let b = a + 1; b < n; b++) {
        if (!movable(b) || assign[a] === assign[b] || ctx.closed[assign[a]] || ctx.closed[assign[b]]) continue;
        if (trySwap(a, b)) improved = true;
      }
    }
    // Chains of two or three moves (ejection chains: a leaves, others make room or fill in), which pass
    // between plans that single moves and swaps cannot reach without leaving the band. O((n k)^depth /
    // depth!): small problems only.
    const depth = n <= CHAIN3_MAX_ACCOUNTS ? CHAIN_MAX_DEPTH : n <= CHAIN2_MAX_ACCOUNTS ? 2 : 0;
    if (!improved && depth >= 2) improved = searchChains(depth);
    if (!improved) break;
  }
  return assign;
}
