/**
 * The declared shape of the input: zod schemas for `Account`, `Rep`, `LatLon`, `BalanceSpec` and
 * `DesignOptions`, exactly as `types.ts` documents them. Each check carries its own message built by
 * `mismatch` from the words in `EXPECTED`, so a zod issue already reads as
 * `expected a number between -90 and 90, got 91`.
 *
 * Accounts and reps are loose objects: real CRM exports carry extra columns, which are allowed and ignored.
 * Options are strict: a misspelt option would otherwise be silently ignored. Numbers given as strings
 * (`"12"`) are rejected, never coerced: a CSV reader must convert its columns on purpose.
 *
 * `validateInput` checks accounts with a hand-written loop (`checkAccount`) that produces the same issues
 * as `accountSchema` about 3x faster and without copying a million objects; a property test holds the two
 * to the same output.
 */
import { z } from 'zod';
import type { Account, BalanceSpec, DesignOptions, LatLon, Progress, Rep } from '../types.js';
import { formatValue, mismatch } from './format-issue.js';

/**
 * Longest id, in characters, of an account, a rep, a `currentRepId` or a `lockedRepId`. Ids are hashed
 * (Sets, Maps) and compared, which makes V8 flatten a string built by concatenation: a million 10,000-char
 * ids built cheaply as `prefix + i` would cost ~10 GB there and crash the process. Checked before any id
 * goes into a Set or Map, so an over-long id is reported, never hashed.
 */
export const MAX_ID_LENGTH = 1000;

/** The message for an id over `MAX_ID_LENGTH`: the start of the value and its length. O(1) (the value is
 *  cut before it is printed). */
export function idTooLong(value: string): string {
  return `expected an id of at most ${MAX_ID_LENGTH} characters, got ${formatValue(value)} (${value.length} characters)`;
}

/** The words of every expectation, shared by the schemas and the hand-written account check. */
export const EXPECTED = {
  input: 'an object with "accounts" and "reps" arrays',
  accounts: 'an array of accounts',
  reps: 'an array of reps',
  account: 'an account object',
  rep: 'a rep object',
  id: 'a non-empty string',
  repId: 'a rep id (string)',
  latitude: 'a number between -90 and 90',
  longitude: 'a number between -180 and 180',
  nonNegative: 'a finite number >= 0',
  positive: 'a finite number > 0',
  attributes: 'an object of numbers',
  latLon: 'an object { lat, lon }',
  options: 'an options object',
  balance: 'an array of measures to balance',
  balanceSpec: 'a measure name or { measure, tolerance }',
  measure: 'a measure name (non-empty string)',
  tolerance: 'a number between 0 and 1 (exclusive)',
  seed: 'an integer',
  candidates: 'an integer between 1 and 32',
  solver: '"auto", "highs" or "javascript-lp-solver"',
  workers: 'an integer >= 0 (0 = one per core)',
  onProgress: 'a function',
  signal: 'an AbortSignal',
  boolean: 'true or false',
  count: 'an integer >= 0',
  disruption: 'an object { weight?, per?, maxMovedShare? }',
  weight: 'a finite number >= 0',
  per: '"account" or "potential"',
  share: 'a number between 0 and 1',
} as const;

/** The option names, in the order `DesignOptions` documents them (named when an unknown key is found). */
export const OPTION_KEYS = [
  'balance',
  'tolerance',
  'seed',
  'candidates',
  'solver',
  'timeLimitMs',
  'contiguity',
  'hulls',
  'exactLpMaxAccounts',
  'workers',
  'disruption',
  'maxDistanceKm',
  'onProgress',
  'signal',
] as const satisfies readonly (keyof DesignOptions)[];

/** zod params whose message is `expected <what>, got <value>` for whatever value failed. */
function says(what: string) {
  return { error: (issue: { input?: unknown }) => mismatch(what, issue.input) };
}

// Length rules are refinements, not .min/.max: zod 4 runs a length check on any value with a `length`
// property even after the type check failed, so `{ length: ':' }` would get a second, nonsensical issue.
const tooLong = { error: (issue: { input?: unknown }) => idTooLong(String(issue.input)) };
const shortEnough = (value: string) => value.length <= MAX_ID_LENGTH;
const id = z
  .string(says(EXPECTED.id))
  .refine((value) => value.length > 0, says(EXPECTED.id))
  .refine(shortEnough, tooLong);
const repId = z.string(says(EXPECTED.repId)).refine(shortEnough, tooLong);
// z.number() already rejects NaN and +-Infinity (zod 4), so range checks need no isFinite.
const latitude = z
  .number(says(EXPECTED.latitude))
  .gte(-90, says(EXPECTED.latitude))
  .lte(90, says(EXPECTED.latitude));
const longitude = z
  .number(says(EXPECTED.longitude))
  .gte(-180, says(EXPECTED.longitude))
  .lte(180, says(EXPECTED.longitude));
const nonNegative = z.number(says(EXPECTED.nonNegative)).gte(0, says(EXPECTED.nonNegative));
const positive = z.number(says(EXPECTED.positive)).gt(0, says(EXPECTED.positive));
const tolerance = z.number(says(EXPECTED.tolerance)).gt(0, says(EXPECTED.tolerance)).lt(1, says(EXPECTED.tolerance));

/** A point in degrees; extra keys allowed. */
export const latLonSchema = z.looseObject(
  { lat: latitude, lon: longitude },
  says(EXPECTED.latLon),
) satisfies z.ZodType<LatLon>;

/**
 * One account; extra keys (CRM columns) allowed and ignored.
 * @example
 * accountSchema.safeParse({ id: 'A-1', lat: 91, lon: 0, potential: 1 }).error?.issues[0].message
 * // => 'expected a number between -90 and 90, got 91'
 */
export const accountSchema = z.looseObject(
  {
    id,
    lat: latitude,
    lon: longitude,
    potential: nonNegative,
    workload: nonNegative.optional(),
    attributes: z.record(z.string(), nonNegative, says(EXPECTED.attributes)).optional(),
    currentRepId: repId.optional(),
    lockedRepId: repId.optional(),
  },
  says(EXPECTED.account),
) satisfies z.ZodType<Account>;

/** One rep; extra keys allowed and ignored. */
export const repSchema = z.looseObject(
  { id, capacity: positive.optional(), home: latLonSchema.optional(), maxDistanceKm: positive.optional() },
  says(EXPECTED.rep),
) satisfies z.ZodType<Rep>;

/** A balanced measure, by name or with its own tolerance. */
const measureName = z.string(says(EXPECTED.measure)).min(1, says(EXPECTED.measure));
export const balanceSpecSchema = z.union(
  [measureName, z.looseObject({ measure: measureName, tolerance: tolerance.optional() })],
  says(EXPECTED.balanceSpec),
) satisfies z.ZodType<BalanceSpec>;

/** `DesignOptions`, every key optional; unknown keys are an error that names them. */
export const designOptionsSchema = z.strictObject(
  {
    balance: z
      .array(balanceSpecSchema, says(EXPECTED.balance))
      .min(1, { error: () => 'expected at least one measure to balance, got an empty array' })
      .optional(),
    tolerance: tolerance.optional(),
    seed: z.number(says(EXPECTED.seed)).refine(Number.isInteger, says(EXPECTED.seed)).optional(),
    candidates: z
      .number(says(EXPECTED.candidates))
      .refine(Number.isInteger, says(EXPECTED.candidates))
      .gte(1, says(EXPECTED.candidates))
      .lte(32, says(EXPECTED.candidates))
      .optional(),
    solver: z.enum(['auto', 'highs', 'javascript-lp-solver'], says(EXPECTED.solver)).optional(),
    timeLimitMs: positive.optional(),
    contiguity: z.boolean(says(EXPECTED.boolean)).optional(),
    hulls: z.boolean(says(EXPECTED.boolean)).optional(),
    exactLpMaxAccounts: z
      .number(says(EXPECTED.count))
      .refine(Number.isInteger, says(EXPECTED.count))
      .gte(0, says(EXPECTED.count))
      .optional(),
    workers: z
      .number(says(EXPECTED.workers))
      .refine(Number.isInteger, says(EXPECTED.workers))
      .gte(0, says(EXPECTED.workers))
      .optional(),
    disruption: z
      .strictObject(
        {
          weight: nonNegative.optional(),
          per: z.enum(['account', 'potential'], says(EXPECTED.per)).optional(),
          maxMovedShare: z.number(says(EXPECTED.share)).gte(0, says(EXPECTED.share)).lte(1, says(EXPECTED.share)).optional(),
        },
        {
          error: (issue: { code?: string; input?: unknown }) =>
            issue.code === 'unrecognized_keys' ? 'expected one of weight, per, maxMovedShare' : mismatch(EXPECTED.disruption, issue.input),
        },
      )
      .optional(),
    maxDistanceKm: positive.optional(),
    onProgress: z.custom<(progress: Progress) => void>((v) => typeof v === 'function', says(EXPECTED.onProgress)).optional(),
    signal: z
      .custom<AbortSignal>((v) => typeof v === 'object' && v !== null && typeof (v as AbortSignal).aborted === 'boolean' && typeof (v as AbortSignal).addEventListener === 'function', says(EXPECTED.signal))
      .optional(),
  },
  {
    // An unknown key is reported once per key by `collectZodIssues`, which prefixes the key itself.
    error: (issue: { code?: string; input?: unknown }) =>
      issue.code === 'unrecognized_keys'
        ? `expected one of ${OPTION_KEYS.join(', ')}`
        : mismatch(EXPECTED.options, issue.input),
  },
) satisfies z.ZodType<DesignOptions>;

/** The whole input as declared (cross-record checks such as duplicate ids live in `validateInput`). */
export const territoryInputSchema = z.looseObject(
  {
    accounts: z
      .array(accountSchema, says(EXPECTED.accounts))
      .min(1, { error: (issue: { input?: unknown }) => `expected at least one account, got ${lengthOf(issue.input)}` }),
    reps: z
      .array(repSchema, says(EXPECTED.reps))
      .min(1, { error: (issue: { input?: unknown }) => `expected at least one rep, got ${lengthOf(issue.input)}` }),
  },
  says(EXPECTED.input),
);

function lengthOf(value: unknown): number {
  return Array.isArray(value) ? value.length : 0;
}
