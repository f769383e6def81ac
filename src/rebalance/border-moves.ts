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
  const { n, k } = problem;
  const { offsets, neighbors } = ctx.graph;
  const lists = new Map<number, BorderMove[]>();
  for (let i = 0; i < n; i++) {
    const from = assign[i];
    if (from < 0 || ctx.fixed[i] >= 0) continue;
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
  return lists;
}
