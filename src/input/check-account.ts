import type { IssueList } from './issue-list.js';
import { EXPECTED, MAX_ID_LENGTH, idTooLong } from './schema.js';

// The value rules, shared with `checkAccounts` (sums) and `normalizeInput` (its re-check of what it reads).
// Comparisons are false for NaN and exclude +-Infinity through the bounds, as zod 4's z.number() does.
export const isLatitude = (v: unknown): v is number => typeof v === 'number' && v >= -90 && v <= 90;
export const isLongitude = (v: unknown): v is number => typeof v === 'number' && v >= -180 && v <= 180;
/** A finite number >= 0: a potential, a workload, a balanced attribute. */
export const isAmount = (v: unknown): v is number => typeof v === 'number' && v >= 0 && v < Infinity;

/**
 * Checks one account's own fields, reporting exactly what `accountSchema` would (same paths, same words,
 * same order), but without zod's per-field machinery and without copying the account: at a million
 * accounts this loop is what keeps validation near a second (measured in validate-input.ts).
 * Cross-record rules (duplicate ids, unknown rep ids, balanced attributes) are `checkAccounts`' job.
 * O(fields + attributes).
 * @param account the caller's value at `accounts[index]`, never modified
 * @returns true when the account is an object (its fields may still have issues)
 * @example
 * const list = new IssueList();
 * checkAccount({ id: 'A', lat: 91, lon: 0, potential: 1 }, 12, list);
 * list.issues[0].path // => ['accounts', 12, 'lat']
 */
export function checkAccount(account: unknown, index: number, list: IssueList): boolean {
  if (typeof account !== 'object' || account === null || Array.isArray(account)) {
    list.expect(['accounts', index], EXPECTED.account, account);
    return false;
  }
  const a = account as Record<string, unknown>;
  const { id, lat, lon, potential, workload, attributes, currentRepId, lockedRepId } = a;
  if (typeof id !== 'string' || id.length === 0) list.expect(['accounts', index, 'id'], EXPECTED.id, id);
  else if (id.length > MAX_ID_LENGTH) list.add(['accounts', index, 'id'], () => idTooLong(id), id);
  if (!isLatitude(lat)) list.expect(['accounts', index, 'lat'], EXPECTED.latitude, lat);
  if (!isLongitude(lon)) list.expect(['accounts', index, 'lon'], EXPECTED.longitude, lon);
  if (!isAmount(potential)) list.expect(['accounts', index, 'potential'], EXPECTED.nonNegative, potential);
  if (workload !== undefined && !isAmount(workload)) list.expect(['accounts', index, 'workload'], EXPECTED.nonNegative, workload);
  if (attributes !== undefined) checkAttributes(attributes, index, list);
  checkRepId(currentRepId, index, 'currentRepId', list);
  checkRepId(lockedRepId, index, 'lockedRepId', list);
  return true;
}

function checkRepId(value: unknown, index: number, field: string, list: IssueList): void {
  if (value === undefined) return;
  if (typeof value !== 'string') list.expect(['accounts', index, field], EXPECTED.repId, value);
  else if (value.length > MAX_ID_LENGTH) list.add(['accounts', index, field], () => idTooLong(value), value);
}

function checkAttributes(attributes: unknown, index: number, list: IssueList): void {
  // zod's z.record takes plain objects only (a Map or a class instance is not a record of numbers).
  const proto = typeof attributes === 'object' && attributes !== null ? Object.getPrototypeOf(attributes) : undefined;
  if (proto !== Object.prototype && proto !== null) {
    list.expect(['accounts', index, 'attributes'], EXPECTED.attributes, attributes);
    return;
  }
  const record = attributes as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const v = record[key];
    if (!isAmount(v)) list.expect(['accounts', index, 'attributes', key], EXPECTED.nonNegative, v);
  }
}
