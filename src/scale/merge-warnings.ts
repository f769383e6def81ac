import type { PlanWarning } from '../types.js';

/** The kind of a 'solver-fallback' warning: which LP ended with which status (details such as the row left out). */
const FALLBACK_KIND = /^(.*? LP ended '[^']*')/;

/**
 * The warnings of many sub-problems (the regions of a large input) as the caller should read them: one
 * 'solver-fallback' warning per kind of failure (which LP, which status), the first one's message with the
 * number of times it happened, so a backend that fails in every one of 40 regions gives one line, not 40.
 * Other warnings pass through unchanged, in order. O(warnings).
 * @example mergeWarnings([w, w]).map((x) => x.message) // => ["account-level LP ended 'error' (...); ... (2 times)"]
 */
export function mergeWarnings(warnings: readonly PlanWarning[]): PlanWarning[] {
  const out: PlanWarning[] = [];
  const seen = new Map<string, { index: number; count: number }>();
  for (const warning of warnings) {
    const kind = warning.code === 'solver-fallback' ? FALLBACK_KIND.exec(warning.message)?.[1] ?? warning.message : null;
    if (kind === null) {
      out.push(warning);
      continue;
    }
    const first = seen.get(kind);
    if (first) first.count++;
    else seen.set(kind, { index: out.push(warning) - 1, count: 1 });
  }
  for (const { index, count } of seen.values()) if (count > 1) out[index] = { ...out[index], message: `${out[index].message} (${count} times)` };
  return out;
}
