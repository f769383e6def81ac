import type { Problem } from '../input/problem.js';
import type { Disruption } from '../types.js';

/**
 * How much a plan changes today's alignment: among the accounts that have a current rep, how many (and how
 * much potential) end up with another one. Accounts without a current rep are new and count neither way.
 * A share whose denominator is 0 (all those accounts have zero potential) is 0. Per rep: what it gained
 * (accounts that had another current rep) and lost (its current accounts now with another rep). O(n + k).
 * @param problem the normalised problem (`current` holds today's rep index, -1 when none)
 * @param assign territory index per account
 * @returns the disruption figures, or null when no account has a current rep
 * @example disruptionMetrics(problem, assign) // => { accountsMoved: 3, potentialMoved: 410, perRep: [...], accountsMovedShare: 0.3, potentialMovedShare: 0.41 }
 */
export function disruptionMetrics(problem: Problem, assign: Int32Array): Disruption | null {
  const { n, k, current, potential, repIds } = problem;
  const perRep = Array.from({ length: k }, (_, j) => ({ repId: repIds[j], gained: 0, lost: 0, potentialGained: 0, potentialLost: 0 }));
  let withCurrent = 0;
  let potentialWithCurrent = 0;
  let accountsMoved = 0;
  let potentialMoved = 0;
  for (let i = 0; i < n; i++) {
    if (current[i] < 0) continue;
    withCurrent++;
    potentialWithCurrent += potential[i];
    if (assign[i] !== current[i]) {
      accountsMoved++;
      potentialMoved += potential[i];
      perRep[current[i]].lost++;
      perRep[current[i]].potentialLost += potential[i];
      if (assign[i] >= 0) {
        perRep[assign[i]].gained++;
        perRep[assign[i]].potentialGained += potential[i];
      }
    }
  }
  if (withCurrent === 0) return null;
  return {
    accountsMoved,
    potentialMoved,
    perRep,
    accountsMovedShare: accountsMoved / withCurrent,
    potentialMovedShare: potentialWithCurrent > 0 ? potentialMoved / potentialWithCurrent : 0,
  };
}
