import type { Problem } from '../input/problem.js';
import type { NeighborGraph } from '../geo/delaunay-graph.js';
import { territoryComponents } from '../geo/components.js';
import { BandState } from '../rebalance/band-state.js';

/** What a pass that re-solves a group of territories must not make worse, per territory of the group. */
export interface GroupGuard {
  /** The group's targets, reps.length x B: each rep's global target. */
  targets: Float64Array;
  /** Each territory's band violation against the global targets (`BandState.violation`), over the group's accounts. */
  violations(local: Int32Array): number[];
  /** Each territory's number of pieces in the group's graph (at least 1, empty ones included). */
  pieces(local: Int32Array): number[];
  /** Whether `after` has no territory further outside its band, nor in more pieces, than the `violations` and
   *  `pieces` of the plan before. */
  noWorse(violations: readonly number[], pieces: readonly number[], after: Int32Array): boolean;
}

/**
 * The checks shared by the passes that redraw part of a solved plan (`redrawWidest`, `seamPass`): `part` is
 * the group as a problem of its own (`subProblem` of its accounts and `reps`), `graph` the Delaunay graph
 * restricted to it, `targets` and `band` the whole plan's. A local plan names rep r as `reps[r]`.
 * @example const guard = groupGuard(part, graph, reps, targets, band); guard.noWorse(guard.violations(plan), guard.pieces(plan), plan) // => true
 */
export function groupGuard(part: Problem, graph: NeighborGraph, reps: Int32Array, targets: Float64Array, band: Float64Array): GroupGuard {
  const groupTargets = targetsOf(targets, reps, part.measures.length);
  const violations = (local: Int32Array) => {
    const state = new BandState(part, local, groupTargets, band);
    return Array.from(reps, (_, r) => state.violation(r));
  };
  const pieces = (local: Int32Array) => territoryComponents(local, reps.length, graph).map((c) => Math.max(1, c.length));
  return {
    targets: groupTargets,
    violations,
    pieces,
    noWorse(vBefore, pBefore, after) {
      if (violations(after).some((v, r) => v > vBefore[r] + 1e-12)) return false;
      return !pieces(after).some((p, r) => p > pBefore[r]);
    },
  };
}

/** The rows of `targets` (k x B, row-major) of the given reps, in their order: a group's own targets. */
export function targetsOf(targets: Float64Array, reps: ArrayLike<number>, B: number): Float64Array {
  const out = new Float64Array(reps.length * B);
  for (let r = 0; r < reps.length; r++) out.set(targets.subarray(reps[r] * B, (reps[r] + 1) * B), r * B);
  return out;
}
