import type { RegionTask } from './solve-by-regions.js';
import { solveProblem, type Solved, type SolveSettings } from './solve-problem.js';

/**
 * Solves one region as a problem of its own, on its part of the Delaunay graph of all accounts. The same
 * function runs in a worker thread or in-process, so the plan does not depend on where it ran.
 * @example solveRegion(task, settings).assign.length // => task.problem.n
 */
export function solveRegion(task: RegionTask, settings: SolveSettings): Solved {
  return solveProblem(task.problem, task.graph, { ...settings, seed: task.seed });
}
