import type { InputIssue } from '../types.js';
import { mismatch } from './format-issue.js';

/** Most issues kept: enough to fix a file by, bounded however broken a million-row input is. */
export const MAX_ISSUES = 1000;

/**
 * Collects input issues in the order they are found. Keeps the first `MAX_ISSUES` and only counts the
 * rest, so a huge, thoroughly broken input costs bounded memory but the error can still say how many
 * problems there were.
 * @example
 * const list = new IssueList();
 * list.expect(['accounts', 0, 'lat'], 'a number between -90 and 90', 91);
 * list.issues[0].message // => 'expected a number between -90 and 90, got 91'
 */
export class IssueList {
  /** The issues kept, at most `MAX_ISSUES`. */
  readonly issues: InputIssue[] = [];
  /** Every issue found, kept or not. */
  count = 0;

  /** Records an issue with a ready message, or one built only when the issue is kept (a function): a
   *  message that quotes a long value costs nothing for the issues beyond the cap. */
  add(path: (string | number)[], message: string | (() => string), value?: unknown): void {
    this.count++;
    if (this.issues.length < MAX_ISSUES) this.issues.push({ path, message: typeof message === 'string' ? message : message(), value });
  }

  /** Records an `expected ..., got ...` issue; the message is only built when the issue is kept. */
  expect(path: (string | number)[], expected: string, value: unknown): void {
    this.count++;
    if (this.issues.length < MAX_ISSUES) this.issues.push({ path, message: mismatch(expected, value), value });
  }

  /** Appends another list's issues after this one's (its uncounted overflow included). */
  append(other: IssueList): void {
    for (const issue of other.issues) if (this.issues.length < MAX_ISSUES) this.issues.push(issue);
    this.count += other.count;
  }
}
