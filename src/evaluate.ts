import { delaunayGraph } from './geo/delaunay-graph.js';
import type { Problem } from './input/problem.js';
import { formatValue } from './input/format-issue.js';
import { IssueList } from './input/issue-list.js';
import { normalizeInput } from './input/normalize-input.js';
import { TerritoryInputError } from './input/territory-input-error.js';
import { validateInput } from './input/validate-input.js';
import { computeMetrics } from './metrics/compute-metrics.js';
import { planWarnings } from './metrics/plan-warnings.js';
import { isolatedReps, oversizedAccounts } from './metrics/targets.js';
import type { Assignment, DesignOptions, PlanMetrics, PlanWarning, Territory, TerritoryInput } from './types.js';

/**
 * Scores any plan (today's alignment, another tool's, a hand-edited one) with exactly the metrics
 * `designTerritories` reports, so plans from different sources compare figure by figure.
 *
 * Steps: validate the input and options (`validateInput`) and the plan (every account assigned exactly once,
 * to a known rep), normalise, build the Delaunay graph of all accounts (contiguity), find oversized accounts
 * and the reps they isolate (their targets stay nominal, the other reps share the rest), then
 * `computeMetrics` and `planWarnings`. Locks are not enforced: a plan that breaks them is still scored.
 *
 * O(n log n) for the graph plus `computeMetrics`. Never mutates its arguments.
 * @param input accounts and reps
 * @param assignments one `{ accountId, repId }` per account, in any order
 * @param options the balanced measures and tolerances to score against (see `DesignOptions`; defaults apply)
 * @throws TerritoryInputError when the input, the options or the assignments are invalid; each issue has a
 *   path such as `['assignments', 3, 'repId']`
 * @example
 * const { metrics } = await evaluateTerritories(input, todaysAssignments, { balance: ['potential'] });
 * metrics.balance[0].maxDeviation // => 0.18
 */
export async function evaluateTerritories(
  input: TerritoryInput,
  assignments: readonly Assignment[],
  options?: DesignOptions,
): Promise<{ territories: Territory[]; metrics: PlanMetrics; warnings: PlanWarning[] }> {
  const valid = validateInput(input, options);
  const problem = normalizeInput(valid.input, valid.options);
  const assign = readAssignments(problem, assignments);
  const graph = delaunayGraph(problem.xyz, problem.n);
  const oversized = oversizedAccounts(problem);
  const isolated = isolatedReps(problem, assign, oversized);
  const { territories, metrics } = computeMetrics(problem, assign, { graph, hulls: valid.options.hulls, isolated });
  return { territories, metrics, warnings: planWarnings(problem, territories, metrics, oversized) };
}

/** Rep index per account from the caller's assignments; every problem found becomes one issue. O(n). */
function readAssignments(problem: Problem, assignments: unknown): Int32Array {
  const issues = new IssueList();
  if (!Array.isArray(assignments)) {
    issues.expect(['assignments'], 'an array of { accountId, repId }', assignments);
    throw new TerritoryInputError(issues.issues, issues.count);
  }
  const accountIndex = new Map<string, number>();
  problem.accountIds.forEach((id, i) => accountIndex.set(id, i));
  const repIndex = new Map<string, number>();
  problem.repIds.forEach((id, j) => repIndex.set(id, j));

  const assign = new Int32Array(problem.n).fill(-1);
  const firstAt = new Int32Array(problem.n).fill(-1);
  for (let t = 0; t < assignments.length; t++) {
    const a: unknown = assignments[t];
    if (typeof a !== 'object' || a === null) {
      issues.expect(['assignments', t], 'an object { accountId, repId }', a);
      continue;
    }
    const { accountId, repId } = a as Record<string, unknown>;
    const i = typeof accountId === 'string' ? accountIndex.get(accountId) : undefined;
    const j = typeof repId === 'string' ? repIndex.get(repId) : undefined;
    if (i === undefined) issues.expect(['assignments', t, 'accountId'], 'the id of an account in accounts', accountId);
    if (j === undefined) issues.expect(['assignments', t, 'repId'], 'the id of a rep in reps', repId);
    if (i === undefined) continue;
    if (firstAt[i] >= 0) {
      issues.add(
        ['assignments', t, 'accountId'],
        `expected each account once, but ${formatValue(accountId)} is already assigned at assignments[${firstAt[i]}]`,
        accountId,
      );
      continue;
    }
    firstAt[i] = t;
    if (j !== undefined) assign[i] = j;
  }
  for (let i = 0; i < problem.n; i++) {
    if (firstAt[i] >= 0) continue;
    const id = problem.accountIds[i];
    issues.add(['assignments'], `expected one assignment per account, but accounts[${problem.inputIndex[i]}] (${formatValue(id)}) has none`, id);
  }
  if (issues.count > 0) throw new TerritoryInputError(issues.issues, issues.count);
  return assign;
}
