import type { z } from 'zod';
import type { IssueList } from './issue-list.js';

/**
 * Moves the issues of a failed zod parse into `list`, prefixed with `basePath`, each with the offending
 * value read back from `root` (the caller's object, not zod's copy). Unknown keys become one issue per
 * key, at the key's own path, so `options.tolerence` is named where it is. Repeats at one path (a value
 * failing two checks with the same words, such as `candidates: 40.5`) are reported once.
 * O(issues x path length).
 * @example
 * const r = latLonSchema.safeParse({ lat: 91, lon: 0 });
 * const list = new IssueList();
 * if (!r.success) collectZodIssues(r.error, { lat: 91, lon: 0 }, ['reps', 0, 'home'], list);
 * list.issues[0]
 * // => { path: ['reps', 0, 'home', 'lat'], message: 'expected a number between -90 and 90, got 91', value: 91 }
 */
export function collectZodIssues(
  error: z.ZodError,
  root: unknown,
  basePath: readonly (string | number)[],
  list: IssueList,
): void {
  let lastKey = '';
  for (const issue of error.issues) {
    const at = issue.path.filter((key): key is string | number => typeof key !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      const owner = valueAt(root, at);
      for (const key of issue.keys) {
        const message = `unknown key ${JSON.stringify(key)}; ${issue.message}`;
        list.add([...basePath, ...at, key], message, valueAt(owner, [key]));
      }
      continue;
    }
    const path = [...basePath, ...at];
    const dedupeKey = JSON.stringify(path) + issue.message;
    if (dedupeKey === lastKey) continue;
    lastKey = dedupeKey;
    list.add(path, issue.message, valueAt(root, at));
  }
}

/** The value at `path` inside `root`, through own properties only (a key like `__proto__` is data here). */
function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
  let node = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, key)) return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}
