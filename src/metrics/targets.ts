import type { Problem } from '../input/problem.js';

/**
 * Accounts too big for any band: on some balanced measure the account alone exceeds the upper edge of the
 * band of the largest rep's nominal target (total x share x (1 + tolerance)). Such an account cannot be placed
 * inside any band; the plan isolates it on one territory and balances the rest without it. O(n x measures).
 */
export function oversizedAccounts(problem: Problem): number[] {
  let maxShare = 0;
  for (let j = 0; j < problem.k; j++) maxShare = Math.max(maxShare, problem.share[j]);
  const out: number[] = [];
  for (let i = 0; i < problem.n; i++) {
    for (const m of problem.measures) {
      if (m.values[i] > m.total * maxShare * (1 + m.tolerance) && m.values[i] > 0) {
        out.push(i);
        break;
      }
    }
  }
  return out;
}

/** Reps holding an oversized account under `assign` (1 = isolated), or none where that would be every rep
 *  while other accounts need one (`leavesNoRep`), as `isolateOversized` decides it for a design. */
export function isolatedReps(problem: Problem, assign: Int32Array, oversized: readonly number[]): Uint8Array {
  const isolated = new Uint8Array(problem.k);
  for (const i of oversized) if (assign[i] >= 0) isolated[assign[i]] = 1;
  if (leavesNoRep(problem, isolated, oversized)) isolated.fill(0);
  return isolated;
}

/** Whether setting aside the `closed` reps leaves no rep at all for an account that is neither locked nor
 *  oversized: then none is set aside (38 accounts x 3 reps with three oversized left 35 accounts unassigned). */
export function leavesNoRep(problem: Problem, closed: Uint8Array, oversized: readonly number[]): boolean {
  if (!closed.every((c) => c === 1)) return false;
  const big = new Uint8Array(problem.n);
  for (const i of oversized) big[i] = 1;
  for (let i = 0; i < problem.n; i++) if (problem.locked[i] < 0 && !big[i]) return true;
  return false;
}

/**
 * Target per territory and balanced measure, row-major (j x B + b). A rep's target is the measure's total
 * times its capacity share (DESIGN.md). Isolated reps keep that nominal target; the others share what the
 * isolated territories do not hold, in proportion to capacity, so the rest of the plan can still be balanced.
 * O(n x B + k x B).
 */
export function computeTargets(problem: Problem, isolated: Uint8Array, assign?: Int32Array): Float64Array {
  const { k, measures, capacity, share } = problem;
  const B = measures.length;
  const targets = new Float64Array(k * B);
  let freeCapacity = 0;
  let anyIsolated = false;
  for (let j = 0; j < k; j++) {
    if (isolated[j]) anyIsolated = true;
    else freeCapacity += capacity[j];
  }
  for (let b = 0; b < B; b++) {
    const m = measures[b];
    let remaining = m.total;
    if (anyIsolated && assign && freeCapacity > 0) {
      for (let i = 0; i < problem.n; i++) if (assign[i] >= 0 && isolated[assign[i]]) remaining -= m.values[i];
    }
    for (let j = 0; j < k; j++) {
      targets[j * B + b] =
        isolated[j] || !anyIsolated || !assign || freeCapacity <= 0
          ? m.total * share[j]
          : Math.max(0, remaining) * (capacity[j] / freeCapacity);
    }
  }
  return targets;
}
