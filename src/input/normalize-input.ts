import type { ResolvedOptions, TerritoryInput } from '../types.js';
import type { MeasureColumn, Problem } from './problem.js';
import { ACCOUNTS_PER_CHECK_MASK, within } from '../util/progress.js';
import { toUnitVector } from '../geo/unit-vector.js';
import { realignCosts } from './realign-costs.js';
import { unreadable } from './format-issue.js';
import { IssueList } from './issue-list.js';
import { EXPECTED } from './schema.js';
import { isAmount, isLatitude, isLongitude } from './check-account.js';
import { TerritoryInputError } from './territory-input-error.js';

/** Distance weight every account gets even when all its balanced values are 0, so it still pulls its centre. */
const WEIGHT_FLOOR = 0.05;

/**
 * Turns validated input into the columnar `Problem` every stage works on: one typed array per coordinate
 * and measure, reps and accounts by index. Accounts are held in the natural order of their ids, not the
 * caller's (`inputIndex` maps back), so the plan does not depend on how the input happened to be sorted.
 * One pass over the accounts for their ids, one for their fields (no per-account objects are made), then
 * one over the columns for the weights.
 *
 * Measures, in the order of `options.balance`: `'potential'`; `'workload'` (default 1); `'accounts'` (1 per
 * account, so balancing it balances the count); any other name reads `attributes[name]`.
 * Distance weight: `weight[i] = 0.05 + mean over balanced measures of values[i] / (total / n)`, each measure
 * scaled by its mean so that no measure's units dominate (a measure whose total is 0 adds 0); with the single
 * measure m this is proportional to m_i plus a floor, which keeps allocation near a power diagram (DESIGN.md).
 * Reps: capacity (default 1), share = capacity / sum, home unit vectors (NaN and `hasHome` 0 when none).
 * Realignment terms (`moveCost`, `maxChord2`): see `realignCosts`.
 * O(n x measures + k).
 * @param input output of `validateInput` (trusted: not re-checked here)
 * @param options resolved options (only `balance` is read)
 * @param checkpoint called with the share done after the ids are read, after they are put in order, and every
 *   65,536 accounts after that (at 1,000,000 accounts the whole took 0.7 s); it may throw to abort
 * @example
 * const accounts = [{ id: 'A', lat: 0, lon: 0, potential: 3 }, { id: 'B', lat: 0, lon: 90, potential: 1 }];
 * const problem = normalizeInput(
 *   { accounts, reps: [{ id: 'R' }] },
 *   { ...defaultOptions, balance: [{ measure: 'potential', tolerance: 0.05 }] },
 * );
 * Array.from(problem.xyz.subarray(0, 3)) // => [1, 0, 0]
 * Array.from(problem.weight) // => [1.55, 0.55]
 */
export function normalizeInput(input: TerritoryInput, options: ResolvedOptions, checkpoint?: (fraction: number) => void): Problem {
  const { accounts, reps } = input;
  const n = accounts.length;
  const k = reps.length;

  const repIds: string[] = new Array(k);
  const repIndex = new Map<string, number>();
  const capacity = new Float64Array(k);
  const homeXyz = new Float64Array(3 * k).fill(NaN);
  const hasHome = new Uint8Array(k);
  const homeLat = new Float64Array(k);
  const homeLon = new Float64Array(k);
  const limits: (number | undefined)[] = new Array(k);
  let capacitySum = 0;
  for (let j = 0; j < k; j++) {
    const { id, capacity: c = 1, home, maxDistanceKm } = readRep(reps, j);
    if (typeof id !== 'string' || id.length === 0) changedAfterCheck(['reps', j, 'id'], EXPECTED.id, id);
    if (!(isAmount(c) && c > 0)) changedAfterCheck(['reps', j, 'capacity'], EXPECTED.positive, c);
    if (maxDistanceKm !== undefined && !(isAmount(maxDistanceKm) && maxDistanceKm > 0)) changedAfterCheck(['reps', j, 'maxDistanceKm'], EXPECTED.positive, maxDistanceKm);
    limits[j] = maxDistanceKm;
    repIds[j] = id;
    repIndex.set(id, j);
    capacity[j] = c;
    capacitySum += c;
    if (home !== undefined) {
      const { lat, lon } = home;
      if (!isLatitude(lat) || !isLongitude(lon)) changedAfterCheck(['reps', j, 'home'], EXPECTED.latLon, home);
      homeLat[j] = lat;
      homeLon[j] = lon;
      hasHome[j] = 1;
    }
  }
  if (!(capacitySum < Infinity)) changedAfterCheck(['reps'], 'capacities with a finite sum', capacitySum);
  const share = capacity.map((c) => c / capacitySum);

  // Each balanced measure reads one source; resolve the name once, outside the account loop.
  const B = options.balance.length;
  const kinds = new Int8Array(B); // 0 potential, 1 workload, 2 accounts, 3 attribute
  const columns: Float64Array[] = [];
  for (let b = 0; b < B; b++) {
    const name = options.balance[b].measure;
    kinds[b] = name === 'potential' ? 0 : name === 'workload' ? 1 : name === 'accounts' ? 2 : 3;
    columns.push(new Float64Array(n));
  }

  // Every account and field is read once, here, and what is read is what is used: a getter or Proxy that
  // answered the checks one thing and now answers another is stopped (`changedAfterCheck`), not let
  // through as NaN.
  const rows: unknown[] = new Array(n);
  const ids: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    rows[i] = readField(accounts, i, i);
    const id = readField(rows[i], i, 'id');
    if (typeof id !== 'string' || id.length === 0) changedAfterCheck(['accounts', i, 'id'], EXPECTED.id, id);
    ids[i] = id;
  }
  checkpoint?.(0.3);
  const inputIndex = canonicalOrder(ids, within(checkpoint, 0.3, 0.3));
  checkpoint?.(0.6);
  const accountIds: string[] = new Array(n);
  const lat = new Float64Array(n);
  const lon = new Float64Array(n);
  const xyz = new Float64Array(3 * n);
  const potential = new Float64Array(n);
  const locked = new Int32Array(n).fill(-1);
  const current = new Int32Array(n).fill(-1);
  const totals = new Float64Array(B);
  for (let i = 0; i < n; i++) {
    if (checkpoint && (i & ACCOUNTS_PER_CHECK_MASK) === 0) checkpoint(0.6 + (0.4 * i) / n);
    const at = inputIndex[i];
    accountIds[i] = ids[at];
    const row = rows[at];
    const la = readField(row, at, 'lat');
    const lo = readField(row, at, 'lon');
    const p = readField(row, at, 'potential');
    if (!isLatitude(la)) changedAfterCheck(['accounts', at, 'lat'], EXPECTED.latitude, la);
    if (!isLongitude(lo)) changedAfterCheck(['accounts', at, 'lon'], EXPECTED.longitude, lo);
    if (!isAmount(p)) changedAfterCheck(['accounts', at, 'potential'], EXPECTED.nonNegative, p);
    lat[i] = la;
    lon[i] = lo;
    potential[i] = p;
    const lockedRepId = readField(row, at, 'lockedRepId');
    const currentRepId = readField(row, at, 'currentRepId');
    if (lockedRepId !== undefined) locked[i] = repIndex.get(lockedRepId as string) ?? -1;
    if (currentRepId !== undefined) current[i] = repIndex.get(currentRepId as string) ?? -1;
    let attributes: unknown;
    for (let b = 0; b < B; b++) {
      const kind = kinds[b];
      let v: unknown = 1;
      if (kind === 0) v = p;
      else if (kind === 1) v = readField(row, at, 'workload') ?? 1;
      else if (kind === 3) {
        attributes ??= readField(row, at, 'attributes');
        v = readField(attributes, at, options.balance[b].measure, true);
      }
      if (!isAmount(v)) changedAfterCheck(kind === 3 ? ['accounts', at, 'attributes', options.balance[b].measure] : ['accounts', at, 'workload'], EXPECTED.nonNegative, v);
      columns[b][i] = v;
      totals[b] += v;
    }
  }
  // Unit vectors in the problem's frame (see `frameLongitude`): the same input turned about the polar axis
  // gives the same vectors, so the same plan.
  const frameLon = n > 0 ? lon[0] : 0;
  for (let i = 0; i < n; i++) toUnitVector(lat[i], frameLongitude(lon[i], frameLon), xyz, 3 * i);
  for (let j = 0; j < k; j++) if (hasHome[j]) toUnitVector(homeLat[j], frameLongitude(homeLon[j], frameLon), homeXyz, 3 * j);
  for (let b = 0; b < B; b++) {
    if (!(totals[b] < Infinity)) changedAfterCheck(['options', 'balance', b], 'measure totals that are finite', totals[b]);
  }

  const weight = new Float64Array(n).fill(WEIGHT_FLOOR);
  const measures: MeasureColumn[] = [];
  for (let b = 0; b < B; b++) {
    const values = columns[b];
    const total = totals[b];
    measures.push({ name: options.balance[b].measure, tolerance: options.balance[b].tolerance, values, total });
    if (total > 0) {
      // values[i] / (total / n) / B, computed as (values[i] / total) x (n / B): the ratio is <= 1, so a
      // denormal total (5e-324) cannot overflow to Infinity the way n / total would.
      const scale = n / B;
      for (let i = 0; i < n; i++) weight[i] += (values[i] / total) * scale;
    }
  }

  const base = { n, k, accountIds, inputIndex, repIds, lat, lon, frameLon, xyz, potential, measures, weight, capacity, share, homeXyz, hasHome, locked, current };
  return { ...base, ...realignCosts(base, options, limits) };
}

/** Mask on the count of comparisons of `canonicalOrder`'s sort for its checkpoints: one every 2^18. */
const COMPARISONS_PER_CHECK_MASK = (1 << 18) - 1;

/**
 * Input positions in the natural order of their account ids (`naturalCompare`: a2 before a10). Every stage
 * then sees the same accounts in the same order however the caller ordered them: seeding, tie-breaks,
 * triangulation and float sums all follow this order, so permuting the input permutes the plan and changes
 * no figure. Input already in that order (sequential ids, the usual export) is detected in one pass and
 * kept. O(n log n) comparisons otherwise (1,000,000 shuffled ids: see the README's timings). Two equal ids
 * (possible only if an id changed after the checks) are an input error, as they are there. `checkpoint` gets
 * the share done every 65,536 ids of the first pass and every 2^18 comparisons of the sort.
 */
function canonicalOrder(ids: readonly string[], checkpoint?: (fraction: number) => void): Int32Array {
  const n = ids.length;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) {
    if (checkpoint && (i & ACCOUNTS_PER_CHECK_MASK) === 0) checkpoint((0.2 * i) / n);
    sorted = naturalCompare(ids[i - 1], ids[i]) < 0;
  }
  if (sorted) return order;
  // The sort is one call: its comparisons report instead, every 2^18 of them (about 20 per account).
  let compared = 0;
  order.sort((x, y) => {
    if (checkpoint && (++compared & COMPARISONS_PER_CHECK_MASK) === 0) checkpoint(0.2 + 0.8 * Math.min(1, compared / (20 * n)));
    return naturalCompare(ids[x], ids[y]);
  });
  for (let i = 1; i < n; i++) {
    if (ids[order[i]] === ids[order[i - 1]]) changedAfterCheck(['accounts', order[i], 'id'], 'an id no other account has', ids[order[i]]);
  }
  return order;
}

const isDigit = (c: number) => c >= 48 && c <= 57;

/**
 * Natural order: runs of digits compare by their value (leading zeros aside), everything else by UTF-16
 * code unit; strings equal that way (a01, a1) fall back to plain code-unit order, so the order is total.
 * @example ['a10', 'a2', 'a01', 'a1'].sort(naturalCompare) // => ['a01', 'a1', 'a2', 'a10']
 */
export function naturalCompare(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(j);
    if (!isDigit(ca) || !isDigit(cb)) {
      if (ca !== cb) return ca - cb;
      i++;
      j++;
      continue;
    }
    while (i < a.length && a.charCodeAt(i) === 48) i++;
    while (j < b.length && b.charCodeAt(j) === 48) j++;
    let ei = i;
    let ej = j;
    while (ei < a.length && isDigit(a.charCodeAt(ei))) ei++;
    while (ej < b.length && isDigit(b.charCodeAt(ej))) ej++;
    if (ei - i !== ej - j) return ei - i - (ej - j);
    for (; i < ei; i++, j++) {
      const d = a.charCodeAt(i) - b.charCodeAt(j);
      if (d !== 0) return d;
    }
  }
  const rest = a.length - i - (b.length - j);
  if (rest !== 0) return rest;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `owner[key]` (account i of the list, a field of it, or one of its attributes), read once; a read that
 *  throws now (it did not during the checks) is an input error at `accounts[i]` (or its attributes), not a
 *  crash from inside the engine. */
function readField(owner: unknown, i: number, key: string | number, inAttributes = false): unknown {
  try {
    return (owner as Record<string | number, unknown>)[key];
  } catch (error) {
    return unreadableNow(inAttributes ? ['accounts', i, 'attributes'] : ['accounts', i], unreadable('account', error));
  }
}

/** A rep's fields, read once (a copy of the home too). */
function readRep(reps: TerritoryInput['reps'], j: number): { id: unknown; capacity?: unknown; maxDistanceKm?: unknown; home?: { lat: unknown; lon: unknown } } {
  try {
    const { id, capacity, home, maxDistanceKm } = reps[j];
    return { id, capacity, maxDistanceKm, home: home === undefined ? undefined : { lat: home.lat, lon: home.lon } };
  } catch (error) {
    return unreadableNow(['reps', j], unreadable('rep', error));
  }
}

function unreadableNow(path: (string | number)[], message: string): never {
  throw new TerritoryInputError([{ path, message: `${message} (changed after it was checked)`, value: undefined }]);
}

/** Longitudes in the frame are multiples of this many degrees (2^-28, 0.41 mm at the equator). */
const FRAME_STEP = 2 ** -28;

/**
 * A longitude in the problem's frame: relative to `frameLon` (the first account's, in id order), in
 * [-180, 180), rounded to a multiple of `FRAME_STEP`. Turning the whole input about the polar axis (adding a
 * constant to every longitude) turns `frameLon` with it, so the relative longitudes, and every vector,
 * distance and plan computed from them, stay the same to the last bit. Unrounded, they would not: the
 * caller's `lon + c` (and its wrapping) and the subtraction each round, and that 1e-14 degree decided ties in
 * prices and distances the other way (fourteen `npm run fuzz` cases, now in test/trust/fixtures and
 * fixtures-slow). Rounded, a turned longitude lands on another grid point only when it falls within the
 * caller's rounding, about 1e-13 degree, of a half-step: about one account in 10,000 to 60,000, and then it
 * moves by one step, 0.41 mm. Positions move by at most half a step, 0.21 mm, from the caller's; hulls and
 * every reported longitude use the caller's own degrees.
 */
export function frameLongitude(lon: number, frameLon: number): number {
  let relative = lon - frameLon;
  if (relative >= 180) relative -= 360;
  else if (relative < -180) relative += 360;
  // Multiplying and dividing by a power of two is exact, so the step count alone decides the result. The
  // `+ 0` turns -0 (Math.round of a value in [-0.5, 0)) into 0, so that both sides of the frame give one zero.
  const stepped = Math.round(relative / FRAME_STEP) * FRAME_STEP;
  return (stepped >= 180 ? stepped - 360 : stepped) + 0;
}

/** The input's checks passed, but a value read since (through a getter or Proxy) no longer would. */
function changedAfterCheck(path: (string | number)[], expected: string, value: unknown): never {
  const list = new IssueList();
  list.expect(path, expected, value);
  const issue = list.issues[0];
  throw new TerritoryInputError([{ ...issue, message: `${issue.message} (changed after it was checked)` }]);
}
