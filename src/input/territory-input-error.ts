import type { InputIssue } from '../types.js';
import { formatPath } from './format-issue.js';

/** Issues spelled out in the message; the rest are counted ("... and N more") and stay in `issues`. */
const LISTED = 20;

/**
 * Thrown for bad input: every problem found, each with a path and a plain message, checked at the
 * boundary before any work starts (zod-style; see STYLE.md "three kinds of failure").
 * The message lists the first 20 issues one per line as `path: message`; `issues` keeps up to 1000
 * and `issueCount` says how many were found in all.
 * @example
 * try {
 *   validateInput({ accounts: [{ id: 'A', lat: 91, lon: 0, potential: 1 }], reps: [{ id: 'R' }] });
 * } catch (e) {
 *   (e as TerritoryInputError).issues[0].path // => ['accounts', 0, 'lat']
 *   (e as TerritoryInputError).message
 *   // => 'territory-design: 1 problem in the input\n  accounts[0].lat: expected a number between -90 and 90, got 91'
 * }
 */
export class TerritoryInputError extends Error {
  override readonly name = 'TerritoryInputError';
  /** The problems found, at most 1000: the input's shape, options, reps, then accounts (few global
   *  problems first); within each, field problems in input order, then those across records (duplicate
   *  ids, missing balanced attributes). */
  readonly issues: InputIssue[];
  /** How many problems were found, including any beyond those kept in `issues`. */
  readonly issueCount: number;

  /**
   * @param issues the problems, at least one
   * @param issueCount how many were found in all, when more were found than kept (default `issues.length`)
   */
  constructor(issues: InputIssue[], issueCount: number = issues.length) {
    super(describe(issues, Math.max(issueCount, issues.length)));
    this.issues = issues;
    this.issueCount = Math.max(issueCount, issues.length);
  }
}

function describe(issues: readonly InputIssue[], count: number): string {
  const lines = [`territory-design: ${count} ${count === 1 ? 'problem' : 'problems'} in the input`];
  const shown = Math.min(issues.length, LISTED);
  for (let i = 0; i < shown; i++) lines.push(`  ${formatPath(issues[i].path)}: ${issues[i].message}`);
  if (count > shown) lines.push(`  ... and ${count - shown} more`);
  return lines.join('\n');
}
