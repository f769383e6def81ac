/**
 * Independent checks of a plan, written with plain loops and no library code, so a bug in the engine's own
 * metrics cannot hide itself.
 */
import type { DesignOptions, TerritoryInput, TerritoryPlan } from '../../src/types.js';

const R = 6371.0088;
const rad = Math.PI / 180;

/** Great-circle km, written here independently of src/geo. */
export function km(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const a = Math.sin(((lat2 - lat1) * rad) / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** The value of a measure on an account, as the contract defines it. */
export function measureOf(account: TerritoryInput['accounts'][number], measure: string): number {
  if (measure === 'potential') return account.potential;
  if (measure === 'workload') return account.workload ?? 1;
  if (measure === 'accounts') return 1;
  return account.attributes?.[measure] ?? 0;
}

/** Every account assigned exactly once, in input order, to an existing rep; locks kept. Returns problems. */
export function assignmentProblems(input: TerritoryInput, plan: TerritoryPlan): string[] {
  const problems: string[] = [];
  const reps = new Set(input.reps.map((r) => r.id));
  if (plan.assignments.length !== input.accounts.length) problems.push(`assignments ${plan.assignments.length} != accounts ${input.accounts.length}`);
  input.accounts.forEach((a, i) => {
    const got = plan.assignments[i];
    if (!got || got.accountId !== a.id) problems.push(`assignments[${i}] is not account ${a.id}`);
    else if (!reps.has(got.repId)) problems.push(`account ${a.id} to unknown rep ${got.repId}`);
    else if (a.lockedRepId !== undefined && got.repId !== a.lockedRepId) problems.push(`locked account ${a.id} moved to ${got.repId}`);
  });
  const listed = plan.territories.flatMap((t) => t.accountIds);
  if (listed.length !== input.accounts.length || new Set(listed).size !== listed.length) problems.push('territories do not list every account exactly once');
  return problems;
}

/** Per rep and measure: total, nominal target and deviation, recomputed from the assignments. */
export function recomputeBalance(input: TerritoryInput, plan: TerritoryPlan, measures: string[]) {
  const owner = new Map(plan.assignments.map((a) => [a.accountId, a.repId]));
  const capacity = input.reps.map((r) => r.capacity ?? 1);
  const capTotal = capacity.reduce((s, c) => s + c, 0);
  return measures.map((measure) => {
    const total = input.accounts.reduce((s, a) => s + measureOf(a, measure), 0);
    const totals = input.reps.map((r) => input.accounts.filter((a) => owner.get(a.id) === r.id).reduce((s, a) => s + measureOf(a, measure), 0));
    const targets = capacity.map((c) => (total * c) / capTotal);
    const deviations = totals.map((t, j) => (targets[j] > 0 ? (t - targets[j]) / targets[j] : 0));
    return { measure, total, totals, targets, deviations, maxDeviation: Math.max(...deviations.map(Math.abs)) };
  });
}

/** Balanced measure names of an options object. */
export function balancedMeasures(options: DesignOptions): string[] {
  return (options.balance ?? ['potential']).map((b) => (typeof b === 'string' ? b : b.measure));
}
