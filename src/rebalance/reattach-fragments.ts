import type { Problem } from '../input/problem.js';
import { chord2 } from '../geo/unit-vector.js';
import { accountCost } from './account-cost.js';
import type { PlanContext } from './plan-context.js';
import { territoryComponents } from '../geo/components.js';

/** Inputs of the fragment repair. */
export interface ReattachContext extends PlanContext {
  /** A fragment may join a territory only if none of its accounts lies farther from that territory's centre
   *  than this factor times the territory's current radius (the guard against stretched territories). */
  radiusFactor?: number;
}

/**
 * Contiguity repair (DESIGN.md stage 5): every piece of a territory that is cut off from its largest
 * connected piece (in the Delaunay graph of all accounts) moves whole to the adjacent territory it shares
 * the most Delaunay edges with, unless it holds a fixed account or the move would stretch the receiving
 * territory beyond `radiusFactor` (default 1.5) times its radius; then the next most-touching one is tried.
 * Balance is restored afterwards by `repairBalance`. O(n + edges) per pass.
 * @returns the new plan and the number of fragments moved.
 */
export function reattachFragments(problem: Problem, assignIn: Int32Array, ctx: ReattachContext): { assign: Int32Array; moved: number } {
  const { n, k, xyz } = problem;
  const assign = Int32Array.from(assignIn);
  const factor = ctx.radiusFactor ?? 1.5;
  const d2 = (i: number, j: number) => chord2(xyz, i, ctx.centers, j);
  const radius2 = new Float64Array(k);
  for (let i = 0; i < n; i++) if (assign[i] >= 0) radius2[assign[i]] = Math.max(radius2[assign[i]], d2(i, assign[i]));
  const components = territoryComponents(assign, k, ctx.graph);
  const splitToday = problem.realign ? territoryComponents(problem.current, k, ctx.graph).map((c) => c.length > 1) : null;
  const { offsets, neighbors } = ctx.graph;
  let moved = 0;
  for (let j = 0; j < k; j++) {
    for (let c = 1; c < components[j].length; c++) {
      const fragment = components[j][c];
      if (Array.from(fragment).some((i) => ctx.fixed[i] >= 0)) continue;
      // In a realignment, a detached piece today's territory already had stays where it is.
      if (splitToday?.[j] && Array.from(fragment).every((i) => problem.current[i] === j)) continue;
      const touches = new Map<number, number>();
      for (const i of fragment) {
        for (let e = offsets[i]; e < offsets[i + 1]; e++) {
          const t = assign[neighbors[e]];
          if (t >= 0 && t !== j && !ctx.closed[t]) touches.set(t, (touches.get(t) ?? 0) + 1);
        }
      }
      // A realignment sends the fragment where it costs least (moves back to today's rep are free), else
      // to the territory it touches most.
      const price = (t: number) => (problem.realign ? Array.from(fragment).reduce((sum, i) => sum + accountCost(problem, ctx.centers, i, t), 0) : 0);
      const order = [...touches.entries()].map(([t, count]) => [t, count, price(t)]).sort((a, b) => a[2] - b[2] || b[1] - a[1] || a[0] - b[0]);
      for (const [to] of order) {
        const limit = factor * factor * radius2[to];
        if (Array.from(fragment).some((i) => d2(i, to) > limit)) continue;
        for (const i of fragment) assign[i] = to;
        moved++;
        break;
      }
    }
  }
  return { assign, moved };
}
