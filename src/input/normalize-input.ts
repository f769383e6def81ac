import type { ResolvedOptions, TerritoryInput } from '../types.js';
import type { MeasureColumn, Problem } from './problem.js';
import { toUnitVector } from '../geo/unit-vector.js';
import { realignCosts } from './realign-costs.js';

/** Distance weight every account gets even when all its balanced values are 0, so it still pulls its centre. */
const WEIGHT_FLOOR = 0.05;

/**
 * Turns validated input into the columnar `Problem` every stage works on: one typed array per coordinate
 * and measure, reps and accounts by index. One pass over the accounts (no per-account objects are made),
 * then one over the columns for the weights.
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
 * @example
 * const accounts = [{ id: 'A', lat: 0, lon: 0, potential: 3 }, { id: 'B', lat: 0, lon: 90, potential: 1 }];
 * const problem = normalizeInput(
 *   { accounts, reps: [{ id: 'R' }] },
 *   { ...defaultOptions, balance: [{ measure: 'potential', tolerance: 0.05 }] },
 * );
 * Array.from(problem.xyz.subarray(0, 3)) // => [1, 0, 0]
 * Array.from(problem.weight) // => [1.55, 0.55]
 */
export function normalizeInput(input: TerritoryInput, options: ResolvedOptions): Problem {
  const { accounts, reps } = input;
  const n = accounts.length;
  const k = reps.length;

  const repIds: string[] = new Array(k);
  const repIndex = new Map<string, number>();
  const capacity = new Float64Array(k);
  const homeXyz = new Float64Array(3 * k).fill(NaN);
  const hasHome = new Uint8Array(k);
  let capacitySum = 0;
  for (let j = 0; j < k; j++) {
    const rep = reps[j];
    repIds[j] = rep.id;
    repIndex.set(rep.id, j);
    capacity[j] = rep.capacity ?? 1;
    capacitySum += capacity[j];
    if (rep.home !== undefined) {
      toUnitVector(rep.home.lat, rep.home.lon, homeXyz, 3 * j);
      hasHome[j] = 1;
    }
  }
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

  const accountIds: string[] = new Array(n);
  const lat = new Float64Array(n);
  const lon = new Float64Array(n);
  const xyz = new Float64Array(3 * n);
  const potential = new Float64Array(n);
  const locked = new Int32Array(n).fill(-1);
  const current = new Int32Array(n).fill(-1);
  const totals = new Float64Array(B);
  for (let i = 0; i < n; i++) {
    const a = accounts[i];
    accountIds[i] = a.id;
    lat[i] = a.lat;
    lon[i] = a.lon;
    toUnitVector(a.lat, a.lon, xyz, 3 * i);
    potential[i] = a.potential;
    if (a.lockedRepId !== undefined) locked[i] = repIndex.get(a.lockedRepId) ?? -1;
    if (a.currentRepId !== undefined) current[i] = repIndex.get(a.currentRepId) ?? -1;
    for (let b = 0; b < B; b++) {
      const kind = kinds[b];
      const v =
        kind === 0
          ? a.potential
          : kind === 1
            ? (a.workload ?? 1)
            : kind === 2
              ? 1
              : a.attributes![options.balance[b].measure];
      columns[b][i] = v;
      totals[b] += v;
    }
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

  const base = { n, k, accountIds, repIds, lat, lon, xyz, potential, measures, weight, capacity, share, homeXyz, hasHome, locked, current };
  return { ...base, ...realignCosts(base, options, reps.map((r) => r.maxDistanceKm)) };
}
