import type { IssueList } from './issue-list.js';
import { MAX_ID_LENGTH, repSchema } from './schema.js';
import { collectZodIssues } from './zod-issues.js';
import { formatPath, formatValue, sumOverflows, unreadable } from './format-issue.js';

/**
 * Checks the reps array: each rep against `repSchema` (reps are few, so zod's cost does not matter here),
 * holes in a sparse array, duplicate ids, and a `maxDistanceKm` without a `home` to measure it from. A rep
 * that throws when read (a Proxy trap, a getter) is reported at `reps[j]`; an id longer than
 * `MAX_ID_LENGTH` is reported and kept out of the map (hashing would flatten it); capacities must add up
 * to a finite number. O(k).
 * @returns rep id -> index of its first use, for checking the accounts' rep references
 * @example
 * const list = new IssueList();
 * checkReps([{ id: 'R-1' }, { id: 'R-1' }], list);
 * list.issues[0].message // => 'duplicate id "R-1", first used at reps[0]'
 */
export function checkReps(reps: readonly unknown[], list: IssueList): Map<string, number> {
  const ids = new Map<string, number>();
  let capacitySum = 0;
  for (let j = 0; j < reps.length; j++) {
    let id: unknown;
    try {
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
      id = typeof rep === 'object' && rep !== null ? (rep as Record<string, unknown>).id : undefined;
      if (parsed.success) capacitySum += parsed.data.capacity ?? 1;
    } catch (error) {
      list.add(['reps', j], () => unreadable('rep', error), undefined);
      continue;
    }
    if (typeof id !== 'string' || id.length === 0 || id.length > MAX_ID_LENGTH) continue;
    const first = ids.get(id);
    if (first === undefined) ids.set(id, j);
    else {
      const where = formatPath(['reps', first]);
      list.add(['reps', j, 'id'], `duplicate id ${formatValue(id)}, first used at ${where}`, id);
    }
  }
  // Capacities are relative: each may be finite while their sum is not, which would make every share 0.
  if (!Number.isFinite(capacitySum)) {
    list.add(['reps'], sumOverflows('capacities'), undefined);
  }
  return ids;
}
