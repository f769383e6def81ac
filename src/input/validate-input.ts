import type { ResolvedOptions, TerritoryInput } from '../types.js';
import { TerritoryInputError } from './territory-input-error.js';
import { IssueList } from './issue-list.js';
import { EXPECTED } from './schema.js';
import { readOrReport, UNREAD } from './format-issue.js';
import { collectOptions } from './resolve-options.js';
import { checkReps } from './check-reps.js';
import { checkAccounts, type AttributeMeasure } from './check-accounts.js';

/** Measures every account has by construction; any other balanced name must be an attribute. */
const BUILT_IN_MEASURES = new Set(['potential', 'workload', 'accounts']);

/**
 * Checks the caller's input and options at the boundary and resolves the options' defaults, reporting
 * every problem at once rather than the first: per-field rules of `accountSchema`, `repSchema` and
 * `designOptionsSchema`, then the rules across records (unique account and rep ids, `currentRepId` /
 * `lockedRepId` naming a rep, every balanced attribute present on every account, no measure balanced twice,
 * ids of at most `MAX_ID_LENGTH` characters, potentials, balanced measures and capacities with finite sums).
 * An account or rep that throws when read (a Proxy, a getter) is reported at its path.
 *
 * Accounts are checked by `checkAccount`, a hand-written loop with the same messages as `accountSchema`
 * (a property test holds the two equal), because zod was measured too slow for the hot path. Measured on
 * the 2-core dev machine, Node 20, while other jobs shared it (accounts with id, lat, lon, potential,
 * workload, currentRepId and one attribute, 500 reps, min / median of 7-9 runs):
 *
 * | accounts  | `validateInput`   | `z.array(accountSchema)` alone | `normalizeInput` |
 * |-----------|-------------------|--------------------------------|------------------|
 * | 100,000   | 33 / 42 ms        | 77 / 160 ms                    | 32 / 45 ms       |
 * | 1,000,000 | 0.58 / 0.85 s     | 1.2 / 1.7 s (and copies all)   | 0.18 / 0.6 s     |
 *
 * About two thirds of the 1,000,000 case is the Set of account ids (its inserts and the GC they cause);
 * the field checks themselves take ~45 ms. Reps and options are few, so they go through zod.
 *
 * Never mutates or copies the caller's data: the result holds the caller's own arrays.
 * O(n + k + attributes).
 * @param input `{ accounts, reps }` (extra keys ignored)
 * @param options `DesignOptions`; `undefined` means all defaults
 * @param checkpointFor called once the options are known to be valid, before the accounts are checked; the
 *   checkpoint it returns gets the share of accounts checked, every 65,536 accounts (1,000,000 accounts took
 *   0.6 s without a report), and may throw to abort (the error is not caught as a bad account)
 * @returns the input as typed data and the options with every default filled in
 * @throws TerritoryInputError listing every issue found (up to 1000 kept, 20 in the message)
 * @example
 * const { options } = validateInput(
 *   { accounts: [{ id: 'A-1', lat: 40.7, lon: -74, potential: 10 }], reps: [{ id: 'R-1' }] },
 *   { balance: ['potential', 'accounts'] },
 * );
 * options.balance // => [{ measure: 'potential', tolerance: 0.05 }, { measure: 'accounts', tolerance: 0.05 }]
 */
export function validateInput(
  input: unknown,
  options?: unknown,
  checkpointFor?: (options: ResolvedOptions) => ((fraction: number) => void) | undefined,
): { input: TerritoryInput; options: ResolvedOptions } {
  // Few, global problems (the input's shape, the options, the reps) are listed before the per-account ones,
  // so that a million bad rows cannot push a one-line fix out of the message or past the issue cap.
  const shapeIssues = new IssueList();
  const optionIssues = new IssueList();
  const repIssues = new IssueList();
  const accountIssues = new IssueList();
  const resolved = collectOptions(options, optionIssues);

  let accounts: unknown = undefined;
  let reps: unknown = undefined;
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    shapeIssues.expect([], EXPECTED.input, input);
  } else {
    // Each read may throw (a getter, a Proxy): that is reported at its path, like any other bad value.
    const record = input as Record<string, unknown>;
    accounts = readOrReport(() => record.accounts, ['accounts'], 'array of accounts', shapeIssues, UNREAD);
    reps = readOrReport(() => record.reps, ['reps'], 'array of reps', shapeIssues, UNREAD);
    const lengthOf = (list: unknown[], path: string, what: string) => readOrReport(() => list.length, [path], what, shapeIssues, -1);
    const accountCount = accounts === UNREAD ? -1 : Array.isArray(accounts) ? lengthOf(accounts, 'accounts', 'array of accounts') : -1;
    const repCount = reps === UNREAD ? -1 : Array.isArray(reps) ? lengthOf(reps, 'reps', 'array of reps') : -1;
    if (accounts !== UNREAD && !Array.isArray(accounts)) shapeIssues.expect(['accounts'], EXPECTED.accounts, accounts);
    else if (accountCount === 0) shapeIssues.add(['accounts'], 'expected at least one account, got 0', accounts);
    let repIds: Map<string, number> | null = null;
    if (reps !== UNREAD && !Array.isArray(reps)) shapeIssues.expect(['reps'], EXPECTED.reps, reps);
    else if (repCount === 0) shapeIssues.add(['reps'], 'expected at least one rep, got 0', reps);
    else if (repCount > 0) repIds = checkReps(reps as unknown[], repIssues);

    if (Array.isArray(accounts) && accountCount > 0) {
      const attributeMeasures: AttributeMeasure[] = [];
      for (const m of resolved.measures ?? []) {
        if (!BUILT_IN_MEASURES.has(m.measure)) attributeMeasures.push({ name: m.measure, path: m.path });
      }
      const balancesWorkload = (resolved.measures ?? []).some((m) => m.measure === 'workload');
      // Only for input that can still pass: an abort must not hide an error already found.
      const clean = optionIssues.count === 0 && shapeIssues.count === 0 && repIssues.count === 0;
      const checkpoint = clean ? checkpointFor?.(resolved.options) : undefined;
      checkAccounts(accounts, repIds, attributeMeasures, accountIssues, optionIssues, balancesWorkload, checkpoint);
    }
  }

  shapeIssues.append(optionIssues);
  shapeIssues.append(repIssues);
  shapeIssues.append(accountIssues);
  if (shapeIssues.count > 0) throw new TerritoryInputError(shapeIssues.issues, shapeIssues.count);
  return {
    input: { accounts: accounts as TerritoryInput['accounts'], reps: reps as TerritoryInput['reps'] },
    options: resolved.options,
  };
}
