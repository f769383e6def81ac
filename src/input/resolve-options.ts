import { defaultDisruption, defaultOptions, type BalanceSpec, type DesignOptions, type ResolvedOptions } from '../types.js';
import { TerritoryInputError } from './territory-input-error.js';
import { IssueList } from './issue-list.js';
import { designOptionsSchema } from './schema.js';
import { collectZodIssues } from './zod-issues.js';
import { formatPath, formatValue, readOrReport, UNREAD } from './format-issue.js';

/** A balance entry resolved to a name and tolerance, with the path of the entry that named it. */
export interface ResolvedMeasure {
  measure: string;
  tolerance: number;
  /** `['options', 'balance', b]`, or `[..., 'measure']` when the entry was an object. */
  path: (string | number)[];
}

/**
 * Fills the defaults of `DesignOptions` (see `defaultOptions`) and normalises `balance` to
 * `{ measure, tolerance }` objects, a measure's own tolerance falling back to the global one.
 * Does not check that attribute measures exist on the accounts: that needs the input (`validateInput`).
 * O(options).
 * @param options the caller's options; `undefined` means all defaults
 * @throws TerritoryInputError listing every bad option (unknown keys included)
 * @example
 * resolveOptions({ balance: ['potential', { measure: 'workload', tolerance: 0.1 }] }).balance
 * // => [{ measure: 'potential', tolerance: 0.05 }, { measure: 'workload', tolerance: 0.1 }]
 */
export function resolveOptions(options?: unknown): ResolvedOptions {
  const list = new IssueList();
  const resolved = collectOptions(options, list);
  if (list.count > 0) throw new TerritoryInputError(list.issues, list.count);
  return resolved.options;
}

/**
 * `resolveOptions` that reports into `list` instead of throwing, for `validateInput`. Also returns the
 * balanced measures with the paths that named them whenever `balance` itself is readable, so the accounts
 * can be checked for them even when some other option is wrong (`measures` is null when it is not).
 * @example
 * const list = new IssueList();
 * collectOptions({ balance: ['potential'], tolerance: 2 }, list).measures
 * // => [{ measure: 'potential', tolerance: 0.05, path: ['options', 'balance', 0] }]
 * list.issues[0].path // => ['options', 'tolerance']
 */
export function collectOptions(
  options: unknown,
  list: IssueList,
): { options: ResolvedOptions; measures: ResolvedMeasure[] | null } {
  const given = options === undefined ? {} : readOptions(options, list);
  // A getter or Proxy trap deeper in the options (inside balance or disruption) throws out of zod: reported.
  const parsed = readOrReport(() => designOptionsSchema.safeParse(given), ['options'], 'options object', list, { success: false as const, error: null });
  if (!parsed.success && parsed.error === null) return collectOptions({}, new IssueList());
  let opts: DesignOptions = {};
  let balance: readonly BalanceSpec[] | null;
  if (parsed.success) {
    opts = parsed.data;
    balance = opts.balance ?? defaultOptions.balance;
  } else {
    collectZodIssues(parsed.error, given, ['options'], list);
    // Salvage `balance` so the accounts can still be checked against it in the same report.
    const raw = typeof given === 'object' && given !== null ? (given as Record<string, unknown>).balance : undefined;
    const b = designOptionsSchema.shape.balance.safeParse(raw);
    balance = b.success ? (b.data ?? defaultOptions.balance) : null;
  }
  const tolerance = opts.tolerance ?? defaultOptions.tolerance;
  const measures: ResolvedMeasure[] = [];
  const seen = new Map<string, number>();
  const specs = balance ?? [];
  for (let b = 0; b < specs.length; b++) {
    const spec = specs[b];
    const measure = typeof spec === 'string' ? spec : spec.measure;
    const path = typeof spec === 'string' ? ['options', 'balance', b] : ['options', 'balance', b, 'measure'];
    const first = seen.get(measure);
    if (first !== undefined) {
      const where = formatPath(['options', 'balance', first]);
      list.add(path, `duplicate measure ${formatValue(measure)}, first listed at ${where}`, measure);
      continue;
    }
    seen.set(measure, b);
    measures.push({ measure, tolerance: (typeof spec === 'string' ? undefined : spec.tolerance) ?? tolerance, path });
  }
  return {
    options: {
      balance: measures.map(({ measure, tolerance }) => ({ measure, tolerance })),
      tolerance,
      seed: opts.seed ?? defaultOptions.seed,
      candidates: opts.candidates ?? defaultOptions.candidates,
      solver: opts.solver ?? defaultOptions.solver,
      timeLimitMs: opts.timeLimitMs ?? defaultOptions.timeLimitMs,
      contiguity: opts.contiguity ?? defaultOptions.contiguity,
      hulls: opts.hulls ?? defaultOptions.hulls,
      exactLpMaxAccounts: opts.exactLpMaxAccounts ?? defaultOptions.exactLpMaxAccounts,
      workers: opts.workers ?? defaultOptions.workers,
      // Field by field: an option given as `undefined` takes its default, never overrides it.
      disruption: opts.disruption
        ? {
            weight: opts.disruption.weight ?? defaultDisruption.weight,
            per: opts.disruption.per ?? defaultDisruption.per,
            maxMovedShare: opts.disruption.maxMovedShare ?? defaultDisruption.maxMovedShare,
          }
        : null,
      maxDistanceKm: opts.maxDistanceKm ?? Infinity,
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    },
    measures: balance === null ? null : measures,
  };
}

/**
 * A plain copy of an options object's own enumerable keys, each read once: a key list or a value that throws
 * when read (a Proxy trap, a getter) is reported at its path and left out, so the rest is still checked.
 * Anything but a plain object is returned as it is, for the schema to reject. O(keys).
 */
function readOptions(options: unknown, list: IssueList): unknown {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) return options;
  const keys = readOrReport(() => Object.keys(options), ['options'], 'options object', list, [] as string[]);
  const copy: Record<string, unknown> = {};
  for (const key of keys) {
    const value = readOrReport(() => (options as Record<string, unknown>)[key], ['options', key], 'value', list, UNREAD);
    // defineProperty, so an own "__proto__" key stays a key (and is rejected as unknown) rather than a prototype.
    if (value !== UNREAD) Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

