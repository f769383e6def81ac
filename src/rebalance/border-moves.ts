import type { Problem } from '../input/problem.js';
import type { PlanContext } from './plan-context.js';

/** One candidate move across a border: account i from its territory to the neighbouring one. */
export interface BorderMove {
  i: number;
  /** Added cost of the move (`cost(i, to) - cost(i, from)`). */
  delta: number;
}

/**
 * For every ordered pair of adjacent territories (A, B), the movable accounts of A that touch B in the
 * Delaunay graph, with what moving each costs, keyed A x k + B, in account order (unsorted). A pair whose
 * every account `allow` refuses keeps an empty list. Fixed accounts and closed territories take no part.
 * O(n x degree).
 * @example borderMoves(problem, assign, ctx, cost).get(0 * problem.k + 3)?.[0] // => { i: 17, delta: 0.0021 }
 */
export function borderMoves(
  problem: Problem,
  assign: Int32Array,
  ctx: Pick<PlanContext, 'graph' | 'fixed' | 'closed'>,
  cost: (i: number, j: number) => number,
  allow?: (i: number, from: number, to: number) => boolean,
): Map<number, BorderMove[]> {
  const lists = new Map<number, BorderMove[]>();
  for (let i = 0; i < problem.n; i++) addMovesOf(i, problem.k, assign, ctx, cost, lists, allow);
  return lists;
}

/** Appends account i's border moves to `lists` (a pair whose every account `allow` refuses keeps an empty
 *  list); nothing for a fixed or unassigned account. The moves of one account are appended together. */
function addMovesOf(
  i: number,
  k: number,
  assign: Int32Array,
  ctx: Pick<PlanContext, 'graph' | 'fixed' | 'closed'>,
  cost: (i: number, j: number) => number,
  lists: Map<number, BorderMove[]>,
  allow?: (i: number, from: number, to: number) => boolean,
): void {
  const { offsets, neighbors } = ctx.graph;
  const from = assign[i];
  if (from < 0 || ctx.fixed[i] >= 0) return;
  let last = -1;
  for (let e = offsets[i]; e < offsets[i + 1]; e++) {
    const to = assign[neighbors[e]];
    if (to < 0 || to === from || to === last || ctx.closed[to]) continue;
    last = to;
    const key = from * k + to;
    let list = lists.get(key);
    if (!list) lists.set(key, (list = []));
    if (list.length > 0 && list[list.length - 1].i === i) continue;
    if (allow && !allow(i, from, to)) continue;
    list.push({ i, delta: cost(i, to) - cost(i, from) });
  }
}

/**
 * Brings `lists` (as `borderMoves` builds them, with the same `allow`) up to date after the accounts of
 * `moved` ([account, from, to], now applied to `assign`) changed territory: only the moved accounts and their
 * neighbours can gain or lose a border move, so only their entries are taken out and made again. Costs must
 * not depend on the plan (fixed centres). Returns the keys whose list changed (their order is left to the
 * caller, as are lists left empty). O(moved x degree^2 + the changed lists' lengths).
 */
export function refreshBorderMoves(
  problem: Problem,
  assign: Int32Array,
  ctx: Pick<PlanContext, 'graph' | 'fixed' | 'closed'>,
  cost: (i: number, j: number) => number,
  lists: Map<number, BorderMove[]>,
  moved: readonly (readonly [number, number, number])[],
  allow?: (i: number, from: number, to: number) => boolean,
): Set<number> {
  const { k } = problem;
  const { offsets, neighbors } = ctx.graph;
  const before = new Map<number, number>();
  for (const [i, from] of moved) if (!before.has(i)) before.set(i, from);
  const touched = new Set<number>();
  for (const [i] of moved) {
    touched.add(i);
    for (let e = offsets[i]; e < offsets[i + 1]; e++) touched.add(neighbors[e]);
  }
  const was = (v: number) => before.get(v) ?? assign[v];
  // Every key an entry of a touched account sat under, before or now.
  const keys = new Set<number>();
  const keysOf = (i: number, at: (v: number) => number) => {
    const from = at(i);
    if (from < 0 || ctx.fixed[i] >= 0) return;
    for (let e = offsets[i]; e < offsets[i + 1]; e++) {
      const to = at(neighbors[e]);
      if (to >= 0 && to !== from && !ctx.closed[to]) keys.add(from * k + to);
    }
  };
  for (const i of touched) {
    keysOf(i, was);
    keysOf(i, (v) => assign[v]);
  }
  for (const key of keys) {
    const list = lists.get(key);
    if (list) lists.set(key, list.filter((m) => !touched.has(m.i)));
  }
  for (const i of touched) addMovesOf(i, k, assign, ctx, cost, lists, allow);
  return keys;
}
