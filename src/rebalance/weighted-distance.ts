import type { Problem } from '../input/problem.js';
import { chord2 } from '../geo/unit-vector.js';

/**
 * The cost of account i in territory j: its distance weight times the squared chord distance to centre j,
 * 0 when the centre is undefined (an empty territory without a home). The term every LP, repair and search
 * of the rebalancing stage minimises. O(1).
 * @example weightedDistance(problem, centers, 0, 2) // => 0.0013
 */
export function weightedDistance(problem: Problem, centers: Float64Array, i: number, j: number): number {
  const d = chord2(problem.xyz, i, centers, j);
  return Number.isFinite(d) ? problem.weight[i] * d : 0;
}
