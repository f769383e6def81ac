import type { Problem } from '../input/problem.js';
import { accountCost } from './account-cost.js';

/**
 * The compactness objective the engine minimises: sum over accounts of weight x squared chord distance (unit
 * sphere) to its territory's centre. Unassigned accounts and centreless territories add nothing. O(n).
 * @example objective(problem, assign, computeCenters(problem, assign)) // => 0.0523
 */
export function objective(problem: Problem, assign: Int32Array, centers: Float64Array): number {
  let total = 0;
  for (let i = 0; i < problem.n; i++) {
    const j = assign[i];
    if (j < 0) continue;
    total += accountCost(problem, centers, i, j);
  }
  return total;
}
