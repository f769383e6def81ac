import type { Problem } from '../input/problem.js';
import type { PlanWarning } from '../types.js';
import { leavesNoRep, oversizedAccounts } from '../metrics/targets.js';

/** Which accounts are pinned where before clustering, and which reps are set aside. */
export interface Pinning {
  /** Territory per account that must not move (locks and oversized accounts), -1 when free. */
  fixed: Int32Array;
  /** Reps that take no further account: each holds an oversized account. */
  closed: Uint8Array;
  warnings: PlanWarning[];
}

/**
 * Pins locked accounts to their reps and isolates every account too big for any band (see
 * `oversizedAccounts`) on the rep whose centre is nearest to it, one rep per such account, largest first.
 * That rep takes no other free account, and the rest of the plan is balanced without it; each isolation is
 * reported by a warning naming the account and the measure. When every rep would hold such an account while
 * other accounts are free, setting them all aside would leave those accounts no rep at all (38 accounts x 3
 * reps with three oversized: 35 accounts unassigned, and the metrics threw): then the oversized accounts are
 * still pinned to their reps, but no rep is closed, and the free accounts go wherever they leave the bands
 * least broken.
 * O(n + oversized x k).
 */
export function isolateOversized(problem: Problem, centers: Float64Array): Pinning {
  const { k, xyz, measures, accountIds, repIds } = problem;
  const fixed = Int32Array.from(problem.locked);
  const closed = new Uint8Array(k);
  const warnings: PlanWarning[] = [];
  const oversized = oversizedAccounts(problem);
  const size = (i: number) => Math.max(...measures.map((m) => (m.total > 0 ? m.values[i] / m.total : 0)));
  oversized.sort((a, b) => size(b) - size(a) || a - b);
  for (const i of oversized) {
    let rep = fixed[i];
    if (rep < 0) {
      let best = Infinity;
      for (let j = 0; j < k; j++) {
        if (closed[j]) continue;
        const dx = xyz[3 * i] - centers[3 * j];
        const dy = xyz[3 * i + 1] - centers[3 * j + 1];
        const dz = xyz[3 * i + 2] - centers[3 * j + 2];
        const d = dx * dx + dy * dy + dz * dz;
        if (d < best) {
          best = d;
          rep = j;
        }
      }
      if (rep < 0) rep = 0; // more oversized accounts than reps: the rest share rep 0
      fixed[i] = rep;
    }
    closed[rep] = 1;
  }
  const noneOpen = leavesNoRep(problem, closed, oversized);
  if (noneOpen) closed.fill(0);
  for (const i of oversized) {
    const rep = fixed[i];
    const measure = measures.find((m) => m.values[i] > m.total * problem.share[rep] * (1 + m.tolerance)) ?? measures[0];
    const share = measure.total > 0 ? measure.values[i] / (measure.total * problem.share[rep]) : 0;
    const then = noneOpen
      ? `it stays on rep ${repIds[rep]}, but no rep is set aside: every rep holds such an account, and the other accounts may go to any of them`
      : `it is isolated on rep ${repIds[rep]} and the other reps are balanced without it`;
    warnings.push({
      code: 'account-exceeds-band',
      message: `account ${accountIds[i]} alone holds ${share.toFixed(2)}x rep ${repIds[rep]}'s target of ${measure.name}: no band can hold it, so ${then}`,
      accountId: accountIds[i],
      repId: repIds[rep],
      measure: measure.name,
    });
  }
  return { fixed, closed, warnings };
}
