import type { Problem } from '../input/problem.js';
import { chord2 } from '../geo/unit-vector.js';

/** Cost per unit of distance weight of an account beyond its rep's `maxDistanceKm`: 100 x the largest
 *  squared chord (4), so every LP, repair and allocation takes any allowed territory first. */
const BEYOND_LIMIT = 400;

/**
 * The cost of account i in territory j, the term every allocation, LP, repair and search minimises:
 * - its distance weight times the squared chord distance to centre j (0 when the centre is undefined: an
 *   empty territory without a home);
 * - plus `moveCost[i]` when j is not its current rep (realignment);
 * - plus a penalty far above any distance when j has a home farther than j's `maxDistanceKm`.
 * O(1).
 * @example accountCost(problem, centers, 0, 2) // => 0.0013
 */
export function accountCost(problem: Problem, centers: Float64Array, i: number, j: number): number {
  const d = chord2(problem.xyz, i, centers, j);
  return (Number.isFinite(d) ? problem.weight[i] * d : 0) + extraCost(problem, i, j);
}

/** True when some account may carry an `extraCost` (realignment, or a rep with a distance limit). O(k). */
export function hasExtraCosts(problem: Problem): boolean {
  return problem.realign || problem.maxChord2.some((c) => c !== Infinity);
}

/** The part of `accountCost` that is not distance: the move charge and the distance-limit penalty. O(1). */
export function extraCost(problem: Problem, i: number, j: number): number {
  let cost = 0;
  if (problem.realign && j !== problem.current[i]) cost += problem.moveCost[i];
  if (beyondLimit(problem, i, j)) cost += BEYOND_LIMIT * problem.weight[i];
  return cost;
}

/** True when rep j has a home and account i lies beyond j's `maxDistanceKm` from it. O(1). */
export function beyondLimit(problem: Problem, i: number, j: number): boolean {
  const limit = problem.maxChord2[j];
  return limit !== Infinity && chord2(problem.xyz, i, problem.homeXyz, j) > limit;
}
