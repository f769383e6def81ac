import type { IssueList } from './issue-list.js';
import { checkAccount, isAmount } from './check-account.js';
import { EXPECTED, MAX_ID_LENGTH } from './schema.js';
import { formatPath, formatValue, sumOverflows, unreadable } from './format-issue.js';
import { ACCOUNTS_PER_CHECK_MASK } from '../util/progress.js';

/** Rep ids named in an unknown-rep message. */
const SHOWN_REP_IDS = 5;

/** A balanced measure that must be an attribute of every account, and where `balance` names it. */
export interface AttributeMeasure {
  name: string;
  /** Path of its entry in the options, e.g. `['options', 'balance', 1]`. */
  path: (string | number)[];
}

/**
 * Checks the accounts array in one pass: each account's fields (`checkAccount`), holes in a sparse array,
 * duplicate ids, `currentRepId` / `lockedRepId` that name no rep, and the attribute measures that
 * `balance` names, which every account must carry. Ids live in a Set (and, only when a duplicate turns
 * up, a Map to find its first use), so ids such as `__proto__` or `constructor` are ordinary data; an id
 * longer than `MAX_ID_LENGTH` is reported by `checkAccount` and kept out of both. An account that throws
 * when read (a Proxy trap, a getter) is reported at `accounts[i]`, not left to crash a later stage.
 * Each value may be finite while their sum is not (30 potentials of 1e307): the potentials, and every
 * balanced measure, must add up to a finite number, or every target and total downstream is Infinity.
 * O(n + attributes); a second pass only for inputs that have duplicates or some missing measure.
 * @param repIds rep id -> index, or null when the reps are unusable (rep references are not checked then)
 * @param measures attribute measures named in `balance`; an issue goes on the `balance` entry when no
 *   account has the attribute, and on each account that lacks it when only some do
 * @param optionIssues where issues about `balance` entries go
 * @param balancesWorkload whether `balance` names `'workload'` (its sum is checked then)
 * @param checkpoint called with the share of accounts checked, every 65,536 accounts; what it throws (an
 *   abort) propagates, never reported as a bad account
 * @example
 * const list = new IssueList();
 * const accounts = [{ id: 'A', lat: 0, lon: 0, potential: 1, lockedRepId: 'R-9' }];
 * checkAccounts(accounts, new Map([['R-1', 0]]), [], list, list);
 * list.issues[0].message // => 'expected a rep id (one of "R-1"), got "R-9"'
 */
export function checkAccounts(
  accounts: readonly unknown[],
  repIds: ReadonlyMap<string, number> | null,
  measures: readonly AttributeMeasure[],
  list: IssueList,
  optionIssues: IssueList,
  balancesWorkload = false,
  checkpoint?: (fraction: number) => void,
): void {
  const n = accounts.length;
  const ids = new Set<string>();
  const present = new Array<number>(measures.length).fill(0);
  const sums = new Array<number>(measures.length).fill(0);
  let potentialSum = 0;
  let workloadSum = 0;
  const repRef = repIds && describeRepIds(repIds);
  let objects = 0;
  let duplicates = false;
  // Set while the checkpoint runs, so that the catch below tells an abort from an account that throws.
  let checking = false;
  // The caller's objects may be Proxies or have getters that throw: what they throw becomes an issue here,
  // at the account, rather than a TypeError from deep inside a later stage. The try wraps the inner loop,
  // which resumes after a throwing account, so the common path pays nothing per account for it.
  for (let i = 0; i < n; i++) {
    try {
      for (; i < n; i++) {
        if (checkpoint && (i & ACCOUNTS_PER_CHECK_MASK) === 0) {
          checking = true;
          checkpoint(i / n);
          checking = false;
        }
        const account = accounts[i];
        // Only an undefined slot can be a hole; `in` tells a hole from an explicit undefined.
        if (account === undefined && !(i in accounts)) {
          list.add(['accounts', i], 'expected an account, got an empty slot (sparse array)', undefined);
          continue;
        }
        if (!checkAccount(account, i, list)) continue;
        objects++;
        const a = account as Record<string, unknown>;
        const id = a.id;
        // Length first: hashing flattens a concatenated string, and an over-long id is already reported.
        if (typeof id === 'string' && id.length > 0 && id.length <= MAX_ID_LENGTH) {
          const size = ids.size;
          if (ids.add(id).size === size) duplicates = true;
        }
        if (repRef !== null) {
          const { currentRepId, lockedRepId } = a;
          if (isShortId(currentRepId) && !repIds!.has(currentRepId)) {
            list.expect(['accounts', i, 'currentRepId'], repRef, currentRepId);
          }
          if (isShortId(lockedRepId) && !repIds!.has(lockedRepId)) {
            list.expect(['accounts', i, 'lockedRepId'], repRef, lockedRepId);
          }
        }
        if (measures.length > 0) {
          const attributes = a.attributes;
          if (typeof attributes === 'object' && attributes !== null) {
            for (let b = 0; b < measures.length; b++) {
              if (!Object.prototype.hasOwnProperty.call(attributes, measures[b].name)) continue;
              present[b]++;
              sums[b] += amount((attributes as Record<string, unknown>)[measures[b].name]);
            }
          }
        }
        potentialSum += amount(a.potential);
        if (balancesWorkload) workloadSum += a.workload === undefined ? 1 : amount(a.workload);
      }
    } catch (error) {
      if (checking) throw error;
      list.add(['accounts', i], () => unreadable('account', error), undefined);
    }
  }
  if (duplicates) reportDuplicates(accounts, list);
  if (!Number.isFinite(potentialSum)) list.add(['accounts'], sumOverflows('potential values', 'values'), undefined);
  if (!Number.isFinite(workloadSum)) list.add(['accounts'], sumOverflows('workload values', 'values'), undefined);
  for (let b = 0; b < measures.length; b++) {
    if (!Number.isFinite(sums[b])) list.add(['accounts'], sumOverflows(`attributes.${measures[b].name} values`, 'values'), undefined);
  }
  for (let b = 0; b < measures.length && objects > 0; b++) {
    const { name, path } = measures[b];
    if (present[b] === 0) {
      optionIssues.expect(path, '"potential", "workload", "accounts" or an attribute that every account has', name);
    } else if (present[b] < objects) {
      reportMissing(accounts, name, list);
    }
  }
}

/** A valid measure value, or 0 for one `checkAccount` has already reported (so the sum stays a number). */
function amount(value: unknown): number {
  return isAmount(value) ? value : 0;
}

/** A string id within `MAX_ID_LENGTH` (a longer one is reported by `checkAccount` and never hashed). */
function isShortId(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_ID_LENGTH;
}

/** The account at `i`, or undefined when reading it throws (already reported by the first pass). */
function readAt(accounts: readonly unknown[], i: number): Record<string, unknown> | undefined {
  try {
    const a = accounts[i];
    if (typeof a !== 'object' || a === null || Array.isArray(a)) return undefined;
    const { id, attributes } = a as Record<string, unknown>;
    return { id, attributes };
  } catch {
    return undefined;
  }
}

/** The expectation for a rep reference, naming the first few rep ids so that a typo shows at a glance. */
function describeRepIds(repIds: ReadonlyMap<string, number>): string {
  const shown: string[] = [];
  for (const id of repIds.keys()) {
    if (shown.length === SHOWN_REP_IDS) break;
    shown.push(formatValue(id));
  }
  const more = repIds.size - shown.length;
  return `a rep id (one of ${shown.join(', ')}${more > 0 ? `, … ${more} more` : ''})`;
}

/** Second pass, only when a duplicate exists: each repeat, with where its id was first used. */
function reportDuplicates(accounts: readonly unknown[], list: IssueList): void {
  const first = new Map<string, number>();
  for (let i = 0; i < accounts.length; i++) {
    const id = readAt(accounts, i)?.id;
    if (!isShortId(id) || id.length === 0) continue;
    const at = first.get(id);
    if (at === undefined) first.set(id, i);
    else {
      const where = formatPath(['accounts', at]);
      list.add(['accounts', i, 'id'], `duplicate id ${formatValue(id)}, first used at ${where}`, id);
    }
  }
}

/** Second pass, only when some accounts lack a balanced attribute: each account that lacks it. */
function reportMissing(accounts: readonly unknown[], name: string, list: IssueList): void {
  for (let i = 0; i < accounts.length; i++) {
    const a = readAt(accounts, i);
    if (a === undefined) continue;
    const attributes = a.attributes;
    const has =
      typeof attributes === 'object' && attributes !== null && Object.prototype.hasOwnProperty.call(attributes, name);
    if (!has) {
      list.add(
        ['accounts', i, 'attributes', name],
        `required because options.balance names it: expected ${EXPECTED.nonNegative}, got undefined`,
        undefined,
      );
    }
  }
}
