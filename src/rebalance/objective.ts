import type { Problem } from '../input/problem.js';

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
    const dx = problem.xyz[3 * i] - centers[3 * j];
    const dy = problem.xyz[3 * i + 1] - centers[3 * j + 1];
    const dz = problem.xyz[3 * i + 2] - centers[3 * j + 2];
    const d = dx * dx + dy * dy + dz * dz;
    if (Number.isFinite(d)) total += problem.weight[i] * d;
  }
  return total;
}
