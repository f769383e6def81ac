/**
 * Greedy balanced baseline for the benchmark: centres spread by k-means++ seeding (Arthur & Vassilvitskii
 * 2007, seeded), then accounts in order of distance to their nearest centre, each to the nearest of its
 * `GREEDY_CANDIDATES` nearest reps whose potential load is still under its target (the least loaded rep
 * overall when every candidate is full). Balances potential only; it never looks at other measures,
 * compactness beyond the centre order, or contiguity.
 *
 * Distances are squared chords between unit vectors (same order as great-circle distance, three multiplies
 * instead of a haversine), and each account keeps only its nearest few reps, so 1,000,000 accounts x 2,000
 * reps needs O(n x candidates) memory rather than n x k.
 */
import { nearestCenters } from '../src/cluster/nearest-centers.js';
import { toUnitVector } from '../src/geo/unit-vector.js';
import type { Assignment, TerritoryInput } from '../src/types.js';
import { mulberry32 } from '../src/util/random.js';

/** How many of its nearest reps each account may go to before the least-loaded fallback. */
export const GREEDY_CANDIDATES = 16;

/** Unit vectors of the accounts, interleaved x, y, z. O(n). */
export function accountVectors(input: TerritoryInput): Float64Array {
  const xyz = new Float64Array(3 * input.accounts.length);
  input.accounts.forEach((a, i) => toUnitVector(a.lat, a.lon, xyz, 3 * i));
  return xyz;
}

/** k centres (unit vectors, length 3k) by k-means++ seeding over the accounts, each next one drawn with weight D^2. O(n k). */
export function kmeansPlusPlusCentres(xyz: Float64Array, k: number, seed: number): Float64Array {
  const n = xyz.length / 3;
  const rand = mulberry32(seed);
  const centres = new Float64Array(3 * k);
  if (n === 0) return centres.fill(NaN);
  const d2 = new Float64Array(n).fill(Infinity);
  let pick = Math.floor(rand() * n);
  for (let c = 0; c < k; c++) {
    const px = xyz[3 * pick];
    const py = xyz[3 * pick + 1];
    const pz = xyz[3 * pick + 2];
    centres[3 * c] = px;
    centres[3 * c + 1] = py;
    centres[3 * c + 2] = pz;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const dx = xyz[3 * i] - px;
      const dy = xyz[3 * i + 1] - py;
      const dz = xyz[3 * i + 2] - pz;
      const d = dx * dx + dy * dy + dz * dz;
      if (d < d2[i]) d2[i] = d;
      sum += d2[i];
    }
    if (sum <= 0) {
      pick = Math.floor(rand() * n);
      continue;
    }
    let u = rand() * sum;
    pick = n - 1;
    for (let i = 0; i < n; i++) {
      u -= d2[i];
      if (u <= 0) {
        pick = i;
        break;
      }
    }
  }
  return centres;
}

/**
 * Greedy balanced assignment of accounts to `input.reps` around `centres` (unit vectors, one per rep, same
 * order). Targets are total potential times each rep's capacity share. O(n log k) time for the candidates (k-d tree), O(n x candidates) memory.
 */
export function greedyBalanced(input: TerritoryInput, xyz: Float64Array, centres: Float64Array): Assignment[] {
  const { accounts, reps } = input;
  const n = accounts.length;
  const k = reps.length;
  const L = Math.min(k, GREEDY_CANDIDATES);
  const capTotal = reps.reduce((s, r) => s + (r.capacity ?? 1), 0);
  const totalPotential = accounts.reduce((s, a) => s + a.potential, 0);
  const target = reps.map((r) => (totalPotential * (r.capacity ?? 1)) / capTotal);
  const load = new Float64Array(k);

  // Each account's L nearest reps, nearest first (the engine's k-d tree query), and its distance to the first.
  const near = nearestCenters(xyz, n, centres, k, L);
  const nearest = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const j = near[i * L];
    const dx = centres[3 * j] - xyz[3 * i];
    const dy = centres[3 * j + 1] - xyz[3 * i + 1];
    const dz = centres[3 * j + 2] - xyz[3 * i + 2];
    nearest[i] = dx * dx + dy * dy + dz * dz;
  }
  const sequence = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => nearest[a] - nearest[b] || a - b);

  const repOf = new Int32Array(n);
  for (const i of sequence) {
    let chosen = -1;
    for (let s = 0; s < L; s++) {
      const j = near[i * L + s];
      if (j >= 0 && load[j] < target[j]) {
        chosen = j;
        break;
      }
    }
    if (chosen < 0) {
      chosen = 0;
      for (let j = 1; j < k; j++) if (load[j] / target[j] < load[chosen] / target[chosen]) chosen = j;
    }
    repOf[i] = chosen;
    load[chosen] += accounts[i].potential;
  }
  return accounts.map((a, i) => ({ accountId: a.id, repId: reps[repOf[i]].id }));
}
