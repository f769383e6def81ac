import type { IssueList } from './issue-list.js';
import { repSchema } from './schema.js';
import { collectZodIssues } from './zod-issues.js';
import { formatPath, formatValue } from './format-issue.js';

/**
 * Checks the reps array: each rep against `repSchema` (reps are few, so zod's cost does not matter here),
 * holes in a sparse array, duplicate ids, and a `maxDistanceKm` without a `home` to measure it from. O(k).
 * @returns rep id -> index of its first use, for checking the accounts' rep references
 * @example
 * const list = new IssueList();
 * checkReps([{ id: 'R-1' }, { id: 'R-1' }], list);
 * list.issues[0].message // => 'duplicate id "R-1", first used at reps[0]'
 */
export function checkReps(reps: readonly unknown[], list: IssueList): Map<string, number> {
  const ids = new Map<string, number>();
  for (let j = 0; j < reps.length; j++) {
    const rep = reps[j];
    if (rep === undefined && !(j in reps)) {
      list.add(['reps', j], 'expected a rep, got an empty slot (sparse array)', undefined);
      continue;
    }
    const parsed = repSchema.safeParse(rep);
    if (!parsed.success) collectZodIssues(parsed.error, rep, ['reps', j], list);
    if (parsed.success && parsed.data.maxDistanceKm !== undefined && parsed.data.home === undefined) {
      list.add(['reps', j, 'maxDistanceKm'], `expected a home to measure it from, got a limit of ${parsed.data.maxDistanceKm} km on a rep without one`, parsed.data.maxDistanceKm);
    }
    const id = typeof rep === 'object' && rep !== null ? (rep as Record<string, unknown>).id : undefined;
    if (typeof id !== 'string' || id.length === 0) continue;
    const first = ids.get(id);
    if (first === undefined) ids.set(id, j);
    else {
      const where = formatPath(['reps', first]);
      list.add(['reps', j, 'id'], `duplicate id ${formatValue(id)}, first used at ${where}`, id);
    }
  }
  return ids;
}
