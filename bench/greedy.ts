/**
 * Greedy balanced baseline for the benchmark: centres spread by k-means++ seeding (Arthur & Vassilvitskii
 * 2007, seeded), then accounts in order of distance to their nearest centre, each to the nearest rep whose
 * potential load is still under its target (the least loaded rep when every candidate is full).
 * Balances potential only; it never looks at other measures, compactness beyond the centre order, or contiguity.
 */
import { haversineKm } from '../src/geo/haversine.js';
import type { Assignment, LatLon, TerritoryInput } from '../src/types.js';
import { mulberry32 } from '../src/util/random.js';

/** k centres by k-means++ seeding over the accounts (each next centre drawn with weight D^2). O(n k). */
export function kmeansPlusPlusCentres(input: TerritoryInput, k: number, seed: number): LatLon[] {
  const { accounts } = input;
  const n = accounts.length;
  const rand = mulberry32(seed);
  const centres: LatLon[] = [];
  if (n === 0) return Array.from({ length: k }, () => ({ lat: 0, lon: 0 }));
  const d2 = new Float64Array(n).fill(Infinity);
  let pick = Math.floor(rand() * n);
  for (let c = 0; c < k; c++) {
    const p = accounts[pick];
    centres.push({ lat: p.lat, lon: p.lon });
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const d = haversineKm(p.lat, p.lon, accounts[i].lat, accounts[i].lon);
      if (d * d < d2[i]) d2[i] = d * d;
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
 * Greedy balanced assignment of accounts to `input.reps` around `centres` (one per rep, same order).
 * Targets are total potential times each rep's capacity share. O(n k log k).
 */
export function greedyBalanced(input: TerritoryInput, centres: readonly LatLon[]): Assignment[] {
  const { accounts, reps } = input;
  const n = accounts.length;
  const k = reps.length;
  const capTotal = reps.reduce((s, r) => s + (r.capacity ?? 1), 0);
  const totalPotential = accounts.reduce((s, a) => s + a.potential, 0);
  const target = reps.map((r) => (totalPotential * (r.capacity ?? 1)) / capTotal);
  const load = new Float64Array(k);

  // Each account's reps by distance, and its distance to the nearest one.
  const orderOf: Int32Array[] = new Array(n);
  const nearest = new Float64Array(n);
  const dist = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const a = accounts[i];
    for (let j = 0; j < k; j++) dist[j] = haversineKm(a.lat, a.lon, centres[j].lat, centres[j].lon);
    const order = Int32Array.from({ length: k }, (_, j) => j).sort((x, y) => dist[x] - dist[y] || x - y);
    orderOf[i] = order;
    nearest[i] = dist[order[0]];
  }
  const sequence = Int32Array.from({ length: n }, (_, i) => i).sort((x, y) => nearest[x] - nearest[y] || x - y);

  const repOf = new Int32Array(n);
  for (const i of sequence) {
    let chosen = -1;
    for (const j of orderOf[i]) {
      if (load[j] < target[j]) {
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
