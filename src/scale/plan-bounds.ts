import type { Problem } from '../input/problem.js';
import { computeTargets, oversizedAccounts } from '../metrics/targets.js';

/** What a pass over a whole solved plan must respect: who may not move, the targets and the user's band. */
export interface PlanBounds {
  /** Per account: its territory when it may not move (a lock, an isolated rep's account, an oversized
   *  account), else -1. */
  fixed: Int32Array;
  /** Targets, k x B row-major. */
  targets: Float64Array;
  /** The user's tolerance per measure. */
  band: Float64Array;
}

/**
 * The bounds of a whole solved plan: locked accounts, the accounts of isolated reps and the oversized
 * accounts stay (the last are pinned even where no rep is set aside, when every rep holds one: see
 * `isolateOversized`), and the targets are those of the plan's reps with the isolated ones set aside (as
 * `solveProblem` drew them).
 * @example planBounds(problem, solved.assign, solved.isolated).fixed.length // => problem.n
 */
export function planBounds(problem: Problem, assign: Int32Array, isolated: Uint8Array): PlanBounds {
  const fixed = Int32Array.from(problem.locked);
  for (let i = 0; i < problem.n; i++) if (isolated[assign[i]] && fixed[i] < 0) fixed[i] = assign[i];
  for (const i of oversizedAccounts(problem)) if (fixed[i] < 0) fixed[i] = assign[i];
  return { fixed, targets: computeTargets(problem, isolated, fixed), band: Float64Array.from(problem.measures, (m) => m.tolerance) };
}
