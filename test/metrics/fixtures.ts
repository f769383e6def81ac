/**
 * Hand-built problems and independent recomputations for the metrics tests. Nothing here imports the code
 * under test beyond its types: distances, centres and statistics are written out with plain loops so a
 * shared mistake cannot make both sides agree.
 */
import type { NeighborGraph } from '../../src/geo/delaunay-graph.js';
import type { Problem } from '../../src/input/problem.js';

export interface TestAccount {
  id: string;
  lat: number;
  lon: number;
  potential: number;
  workload?: number;
  attributes?: Record<string, number>;
  currentRepId?: string;
}

export interface TestRep {
  id: string;
  capacity?: number;
  home?: { lat: number; lon: number };
}

const RAD = Math.PI / 180;

function unit(lat: number, lon: number): [number, number, number] {
  return [Math.cos(lat * RAD) * Math.cos(lon * RAD), Math.cos(lat * RAD) * Math.sin(lon * RAD), Math.sin(lat * RAD)];
}

/** A Problem built by hand, the way normalizeInput documents it; weight = 1 + potential / mean potential. */
export function buildProblem(
  accounts: readonly TestAccount[],
  reps: readonly TestRep[],
  balance: readonly { measure: string; tolerance: number }[],
): Problem {
  const n = accounts.length;
  const k = reps.length;
  const lat = Float64Array.from(accounts, (a) => a.lat);
  const lon = Float64Array.from(accounts, (a) => a.lon);
  const xyz = new Float64Array(3 * n);
  accounts.forEach((a, i) => xyz.set(unit(a.lat, a.lon), 3 * i));
  const potential = Float64Array.from(accounts, (a) => a.potential);
  const measures = balance.map(({ measure, tolerance }) => {
    const values = Float64Array.from(accounts, (a) =>
      measure === 'potential' ? a.potential
      : measure === 'workload' ? a.workload ?? 1
      : measure === 'accounts' ? 1
      : a.attributes?.[measure] ?? 0,
    );
    let total = 0;
    for (const v of values) total += v;
    return { name: measure, tolerance, values, total };
  });
  let meanPotential = 0;
  for (const p of potential) meanPotential += p / n;
  const weight = Float64Array.from(potential, (p) => 1 + (meanPotential > 0 ? p / meanPotential : 0));
  const capacity = Float64Array.from(reps, (r) => r.capacity ?? 1);
  let capTotal = 0;
  for (const c of capacity) capTotal += c;
  const share = Float64Array.from(capacity, (c) => c / capTotal);
  const homeXyz = new Float64Array(3 * k).fill(NaN);
  const hasHome = new Uint8Array(k);
  reps.forEach((r, j) => {
    if (!r.home) return;
    hasHome[j] = 1;
    homeXyz.set(unit(r.home.lat, r.home.lon), 3 * j);
  });
  const repIndex = new Map(reps.map((r, j) => [r.id, j]));
  const current = Int32Array.from(accounts, (a) => (a.currentRepId === undefined ? -1 : repIndex.get(a.currentRepId)!));
  return {
    n,
    k,
    accountIds: accounts.map((a) => a.id),
    inputIndex: Int32Array.from(accounts, (_, i) => i),
    repIds: reps.map((r) => r.id),
    lat,
    lon,
    // The vectors above are the caller's degrees unturned: the frame of a problem whose first account is at lon 0.
    frameLon: 0,
    xyz,
    potential,
    measures,
    weight,
    capacity,
    share,
    homeXyz,
    hasHome,
    locked: new Int32Array(n).fill(-1),
    current,
    realign: false,
    moveCost: new Float64Array(n),
    maxChord2: new Float64Array(k).fill(Infinity),
  };
}

/** Neighbour graph (CSR) from an undirected edge list. */
export function graphFromEdges(n: number, edges: readonly [number, number][]): NeighborGraph {
  const adj: number[][] = Array.from({ length: n }, () => []);
  for (const [a, b] of edges) {
    adj[a].push(b);
    adj[b].push(a);
  }
  const offsets = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) offsets[i + 1] = offsets[i] + adj[i].length;
  return { offsets, neighbors: Int32Array.from(adj.flat()) };
}

/** Haversine km with the same Earth radius the library documents (6371.0088 km, IUGG mean). */
export function refHaversine(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const R = 6371.0088;
  const p1 = lat1 * RAD;
  const p2 = lat2 * RAD;
  const a = Math.sin((p2 - p1) / 2) ** 2 + Math.cos(p1) * Math.cos(p2) * Math.sin(((lon2 - lon1) * RAD) / 2) ** 2;
  return 2 * R * Math.atan2(Math.sqrt(a), Math.sqrt(Math.max(0, 1 - a)));
}

/** Centre of territory j in degrees: the rep's home, else the weight-averaged direction of its accounts. */
export function refCenter(p: Problem, assign: Int32Array, reps: readonly TestRep[], j: number) {
  const home = reps[j].home;
  if (home) return { lat: home.lat, lon: home.lon, xyz: unit(home.lat, home.lon) };
  let x = 0, y = 0, z = 0, count = 0;
  for (let i = 0; i < p.n; i++) {
    if (assign[i] !== j) continue;
    count++;
    const [ux, uy, uz] = unit(p.lat[i], p.lon[i]);
    x += p.weight[i] * ux;
    y += p.weight[i] * uy;
    z += p.weight[i] * uz;
  }
  if (count === 0) return null;
  const r = Math.sqrt(x * x + y * y + z * z);
  return { lat: Math.asin(z / r) / RAD, lon: Math.atan2(y, x) / RAD, xyz: [x / r, y / r, z / r] as [number, number, number] };
}

/** Largest pairwise haversine distance, every pair. */
export function refDiameter(lat: ArrayLike<number>, lon: ArrayLike<number>, indices: readonly number[]): number {
  let best = 0;
  for (let s = 0; s < indices.length; s++) {
    for (let t = s + 1; t < indices.length; t++) {
      best = Math.max(best, refHaversine(lat[indices[s]], lon[indices[s]], lat[indices[t]], lon[indices[t]]));
    }
  }
  return best;
}

/** Every number reachable in a value (objects, arrays, typed arrays), with where it was found. */
export function numbersIn(value: unknown, path = '$', out: { path: string; value: number }[] = []) {
  if (typeof value === 'number') out.push({ path, value });
  else if (ArrayBuffer.isView(value)) Array.from(value as unknown as ArrayLike<number>, (v, i) => out.push({ path: `${path}[${i}]`, value: v }));
  else if (Array.isArray(value)) value.forEach((v, i) => numbersIn(v, `${path}[${i}]`, out));
  else if (value && typeof value === 'object') for (const [key, v] of Object.entries(value)) numbersIn(v, `${path}.${key}`, out);
  return out;
}

/** The numbers in `value` that are NaN or infinite, with their paths (empty when all are finite). */
export function nonFinite(value: unknown) {
  return numbersIn(value).filter((e) => !Number.isFinite(e.value));
}
