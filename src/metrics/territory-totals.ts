import type { Problem } from '../input/problem.js';

/**
 * Each territory's total on each balanced measure, row-major like `computeTargets` (entry j x B + b for
 * territory j and measure b), summed account by account in input order so the figure is reproducible bit
 * for bit. O(n x B).
 * @param problem the normalised problem
 * @param members account indices per territory (see `territoryMembers`)
 * @returns Float64Array of length k x B
 * @example territoryTotals(problem, territoryMembers(assign, problem.k))[0] // => total of territory 0 on measure 0
 */
export function territoryTotals(problem: Problem, members: readonly Int32Array[]): Float64Array {
  const { k, measures } = problem;
  const B = measures.length;
  const totals = new Float64Array(k * B);
  for (let b = 0; b < B; b++) {
    const values = measures[b].values;
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (const i of members[j]) s += values[i];
      totals[j * B + b] = s;
    }
  }
  return totals;
}
