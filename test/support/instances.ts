/**
 * Seeded synthetic instances for tests and benchmarks (DESIGN.md, "Data for tests and benchmarks").
 * Every generator takes a `seed`, draws only from `mulberry32` (never `Math.random`), returns a fresh
 * `TerritoryInput`, and gives deterministic ids: accounts `a0..a{n-1}` (CTDP units `u0..`), reps `r0..r{k-1}`.
 */
import { createRequire } from 'node:module';
import { EARTH_RADIUS_KM } from '../../src/geo/haversine.js';
import type { Account, Rep, TerritoryInput } from '../../src/types.js';
import { mulberry32 } from '../../src/util/random.js';

export { mulberry32 };

/** A lat/lon box in degrees. `lonMin > lonMax` means the box crosses the antimeridian. */
export interface BBox {
  latMin: number;
  latMax: number;
  lonMin: number;
  lonMax: number;
}

/** The default box: roughly the contiguous United States. */
export const US_BBOX: BBox = { latMin: 30, latMax: 47, lonMin: -120, lonMax: -75 };
/** A box across the antimeridian (Fiji to Samoa), for seam tests. */
export const ANTIMERIDIAN_BBOX: BBox = { latMin: -20, latMax: -10, lonMin: 175, lonMax: -170 };
/** A box touching the North Pole, for pole tests. */
export const POLAR_BBOX: BBox = { latMin: 85, latMax: 90, lonMin: -180, lonMax: 180 };

/**
 * Standard normal deviates from a uniform source by Box-Muller (Box & Muller 1958); the second deviate of
 * each pair is kept for the next call.
 * @example const z = normal(mulberry32(1)); z() // => a standard normal deviate
 */
export function normal(rand: () => number): () => number {
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const z = spare;
      spare = null;
      return z;
    }
    // 1 - u is in (0, 1], so the log is finite.
    const r = Math.sqrt(-2 * Math.log(1 - rand()));
    const theta = 2 * Math.PI * rand();
    spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  };
}

/** Integer uniform in [lo, hi]. */
export function uniformInt(rand: () => number, lo: number, hi: number): number {
  return lo + Math.floor(rand() * (hi - lo + 1));
}

/** Heavy-tailed potential: lognormal with mu 10, sigma 1 (median ~22,000), rounded to an integer. */
function lognormalPotential(z: () => number): number {
  return Math.round(Math.exp(10 + z()));
}

/** Longitude wrapped into [-180, 180). */
export function wrapLon(lon: number): number {
  return ((((lon + 180) % 360) + 360) % 360) - 180;
}

/** The input turned about the polar axis by `degrees`: every account's longitude and every rep home's, wrapped. */
export function rotated(input: TerritoryInput, degrees: number): TerritoryInput {
  return {
    accounts: input.accounts.map((a) => ({ ...a, lon: wrapLon(a.lon + degrees) })),
    reps: input.reps.map((r) => (r.home ? { ...r, home: { lat: r.home.lat, lon: wrapLon(r.home.lon + degrees) } } : r)),
  };
}

/** A point uniform (in degrees) in the box, across the antimeridian when lonMin > lonMax. */
function pointInBox(rand: () => number, bbox: BBox): { lat: number; lon: number } {
  const lonWidth = bbox.lonMin <= bbox.lonMax ? bbox.lonMax - bbox.lonMin : bbox.lonMax - bbox.lonMin + 360;
  const lat = bbox.latMin + rand() * (bbox.latMax - bbox.latMin);
  const lon = wrapLon(bbox.lonMin + rand() * lonWidth);
  return { lat, lon };
}

function clampLat(lat: number): number {
  return Math.max(-90, Math.min(90, lat));
}

function makeReps(k: number): Rep[] {
  return Array.from({ length: k }, (_, j) => ({ id: `r${j}`, capacity: 1 }));
}

function checkCount(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer >= ${min}, got ${value}`);
}

/**
 * Accounts uniform in a lat/lon box (uniform in degrees, not in area). Potential lognormal(10, 1),
 * workload an integer 1..8 (visits). A zero-size box puts every account on one spot; `ANTIMERIDIAN_BBOX`
 * and `POLAR_BBOX` give the seam and pole cases.
 * @example uniformInstance({ n: 3, k: 2, seed: 1 }).accounts.length // => 3
 */
export function uniformInstance(opts: { n: number; k: number; seed: number; bbox?: BBox }): TerritoryInput {
  const { n, k, seed, bbox = US_BBOX } = opts;
  checkCount('n', n, 0);
  checkCount('k', k, 1);
  const rand = mulberry32(seed);
  const z = normal(rand);
  const accounts: Account[] = [];
  for (let i = 0; i < n; i++) {
    const { lat, lon } = pointInBox(rand, bbox);
    accounts.push({ id: `a${i}`, lat, lon, potential: lognormalPotential(z), workload: uniformInt(rand, 1, 8) });
  }
  return { accounts, reps: makeReps(k) };
}

/**
 * Accounts around town centres: `towns` centres (default 2k) uniform in the box, Zipf-like town sizes
 * (town r drawn with weight 1/r), each account a Gaussian offset from its town with a per-town spread of
 * 0.1-0.6 degrees (longitude spread widened by 1/cos(lat) so towns are round on the ground). Same measures
 * as `uniformInstance`.
 * @example clusteredInstance({ n: 100, k: 5, seed: 1 }).reps.length // => 5
 */
export function clusteredInstance(opts: {
  n: number;
  k: number;
  seed: number;
  towns?: number;
  bbox?: BBox;
}): TerritoryInput {
  const { n, k, seed, towns = 2 * k, bbox = US_BBOX } = opts;
  checkCount('n', n, 0);
  checkCount('k', k, 1);
  checkCount('towns', towns, 1);
  const rand = mulberry32(seed);
  const z = normal(rand);
  const centres = Array.from({ length: towns }, () => pointInBox(rand, bbox));
  const spread = centres.map(() => 0.1 + 0.5 * rand());
  // Cumulative Zipf weights 1/r for sampling a town by inverse transform.
  const cumulative = new Float64Array(towns);
  let acc = 0;
  for (let t = 0; t < towns; t++) cumulative[t] = acc += 1 / (t + 1);
  const accounts: Account[] = [];
  for (let i = 0; i < n; i++) {
    const u = rand() * acc;
    let lo = 0;
    let hi = towns - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] > u) hi = mid;
      else lo = mid + 1;
    }
    const c = centres[lo];
    const s = spread[lo];
    const lat = clampLat(c.lat + s * z());
    const lon = wrapLon(c.lon + (s * z()) / Math.max(0.05, Math.cos((c.lat * Math.PI) / 180)));
    accounts.push({ id: `a${i}`, lat, lon, potential: lognormalPotential(z), workload: uniformInt(rand, 1, 8) });
  }
  return { accounts, reps: makeReps(k) };
}

/**
 * Kilometres per degree of great circle on the library's sphere (mean radius 6371.0088 km): ~111.195.
 * CTDP units map to degrees by this factor, so one unit is one km along the equator.
 */
export const CTDP_KM_PER_DEGREE = (Math.PI * EARTH_RADIUS_KM) / 180;

/**
 * The CTDP square [0, 1000]^2 to lat/lon, linearly and centred on (0, 0):
 * `lat = (y - 500) / CTDP_KM_PER_DEGREE`, `lon = (x - 500) / CTDP_KM_PER_DEGREE` (about +-4.5 degrees).
 * One unit is one great-circle km along both axes through the centre; east-west distances shrink by
 * cos(lat), at most 0.3% at the square's top and bottom edges.
 */
export function ctdpUnitToLatLon(x: number, y: number): { lat: number; lon: number } {
  return { lat: (y - 500) / CTDP_KM_PER_DEGREE, lon: (x - 500) / CTDP_KM_PER_DEGREE };
}

/** Inverse of `ctdpUnitToLatLon`. */
export function latLonToCtdpUnit(lat: number, lon: number): { x: number; y: number } {
  return { x: lon * CTDP_KM_PER_DEGREE + 500, y: lat * CTDP_KM_PER_DEGREE + 500 };
}

/**
 * The commercial territory design problem generator of Rios-Mercado & Fernandez (2009, C&OR 36(3)):
 * `n` basic units uniform in [0, 1000]^2 (mapped by `ctdpUnitToLatLon`), `p` territories, three activities
 * as attributes: `customers` U[4, 20], `demand` U[15, 400], `workload` U[15, 100], all integers.
 * `potential` = demand and `workload` = the workload activity, so the built-in measures carry them too.
 * Balance all three with `balance: ['customers', 'demand', 'workload']` at tolerance 0.05.
 * @example ctdpInstance({ n: 500, p: 10, seed: 1 }).accounts[0].id // => 'u0'
 */
export function ctdpInstance(opts: { n: number; p: number; seed: number }): TerritoryInput {
  const { n, p, seed } = opts;
  checkCount('n', n, 0);
  checkCount('p', p, 1);
  const rand = mulberry32(seed);
  const accounts: Account[] = [];
  for (let i = 0; i < n; i++) {
    const x = rand() * 1000;
    const y = rand() * 1000;
    const customers = uniformInt(rand, 4, 20);
    const demand = uniformInt(rand, 15, 400);
    const workload = uniformInt(rand, 15, 100);
    accounts.push({
      id: `u${i}`,
      ...ctdpUnitToLatLon(x, y),
      potential: demand,
      workload,
      attributes: { customers, demand, workload },
    });
  }
  return { accounts, reps: makeReps(p) };
}

/** One US ZIP centroid as the zipcodes package gives it. */
export interface ZipRecord {
  zip: string;
  latitude: number;
  longitude: number;
  city: string;
  state: string;
  country: string;
}

/** Which US ZIPs `zipInstance` draws from. */
export type ZipRegion = 'lower48' | 'states' | 'all';

const NOT_LOWER48 = new Set(['AK', 'HI', 'PR', 'VI', 'GU', 'AS', 'PW', 'FM', 'MH', 'MP']);
const MILITARY = new Set(['AA', 'AE', 'AP']);
const zipCache = new Map<ZipRegion, readonly ZipRecord[]>();

/** The lower 48's bounding box, with a margin; a record of a lower-48 state outside it is a data error. */
function inLower48Box(r: ZipRecord): boolean {
  return r.latitude >= 24 && r.latitude <= 50 && r.longitude >= -125 && r.longitude <= -66;
}

/**
 * US ZIP centroids from the `zipcodes` package (42,555 US ZIPs; its `codes` also holds Canadian FSAs,
 * dropped here), sorted by ZIP so the order never depends on the package's key order. Military APO/FPO
 * codes (AA, AE, AP; many at 0, 0) are always dropped, and so is a record of a lower-48 state outside the
 * lower 48 (ZIP 10200, NY, is filed at longitude +73.95, in Central Asia). `lower48`: the contiguous states and DC;
 * `states`: plus Alaska and Hawaii; `all`: plus Puerto Rico and the island areas (the Pacific ones lie
 * on both sides of the antimeridian). About 4,000 ZIPs share a centroid with another ZIP.
 */
export function usZips(region: ZipRegion = 'lower48'): readonly ZipRecord[] {
  const cached = zipCache.get(region);
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const codes = (require('zipcodes') as { codes: Record<string, ZipRecord> }).codes;
  const out: ZipRecord[] = [];
  for (const key of Object.keys(codes)) {
    const r = codes[key];
    if (r.country !== 'US' || MILITARY.has(r.state)) continue;
    if (!Number.isFinite(r.latitude) || !Number.isFinite(r.longitude)) continue;
    if (!NOT_LOWER48.has(r.state) && !inLower48Box(r)) continue;
    if (region === 'lower48' && NOT_LOWER48.has(r.state)) continue;
    if (region === 'states' && NOT_LOWER48.has(r.state) && r.state !== 'AK' && r.state !== 'HI') continue;
    out.push(r);
  }
  out.sort((a, b) => (a.zip < b.zip ? -1 : a.zip > b.zip ? 1 : 0));
  zipCache.set(region, out);
  return out;
}

/**
 * `n` distinct US ZIP centroids drawn without replacement (partial Fisher-Yates over `usZips(region)`),
 * ids `z{ZIP}` in draw order, seeded lognormal(10, 1) potentials and workloads 1..8. O(N) for N ZIPs.
 * @throws Error when n exceeds the ZIPs in the region.
 * @example zipInstance({ n: 2, k: 1, seed: 1 }).accounts[0].id // => 'z' + a five-digit ZIP
 */
export function zipInstance(opts: { n: number; k: number; seed: number; region?: ZipRegion }): TerritoryInput {
  const { n, k, seed, region = 'lower48' } = opts;
  checkCount('n', n, 0);
  checkCount('k', k, 1);
  const zips = usZips(region);
  if (n > zips.length) throw new Error(`n = ${n} exceeds the ${zips.length} ZIPs in region '${region}'`);
  const rand = mulberry32(seed);
  const z = normal(rand);
  const order = Int32Array.from({ length: zips.length }, (_, i) => i);
  const accounts: Account[] = [];
  for (let i = 0; i < n; i++) {
    const pick = i + Math.floor(rand() * (zips.length - i));
    const t = order[i];
    order[i] = order[pick];
    order[pick] = t;
    const r = zips[order[i]];
    accounts.push({
      id: `z${r.zip}`,
      lat: r.latitude,
      lon: r.longitude,
      potential: lognormalPotential(z),
      workload: uniformInt(rand, 1, 8),
    });
  }
  return { accounts, reps: makeReps(k) };
}

/**
 * A square grid of side x side accounts 0.01 degree apart near (0, 0), potential 1 each, and k reps: account
 * i sits at column i % side, row floor(i / side), and its id `a<i>` keeps index order after normalisation.
 * @example gridInstance(20, 5).accounts.length // => 400
 */
export function gridInstance(side: number, k: number): TerritoryInput {
  return {
    accounts: Array.from({ length: side * side }, (_, i) => ({ id: `a${i}`, lat: Math.floor(i / side) * 0.01, lon: (i % side) * 0.01, potential: 1 })),
    reps: Array.from({ length: k }, (_, j) => ({ id: `r${j}` })),
  };
}

/**
 * A copy of `input` whose first `count` reps have a home at the location of a distinct random account
 * (the rest unchanged). The input is not mutated.
 * @throws Error when count exceeds the reps or the accounts.
 */
export function withHomes(input: TerritoryInput, count: number, seed: number): TerritoryInput {
  checkCount('count', count, 0);
  if (count > input.reps.length) throw new Error(`count = ${count} exceeds the ${input.reps.length} reps`);
  if (count > input.accounts.length) throw new Error(`count = ${count} exceeds the ${input.accounts.length} accounts`);
  const rand = mulberry32(seed);
  const taken = new Set<number>();
  const reps = input.reps.map((rep, j) => {
    if (j >= count) return { ...rep };
    let i: number;
    do i = Math.floor(rand() * input.accounts.length);
    while (taken.has(i));
    taken.add(i);
    const a = input.accounts[i];
    return { ...rep, home: { lat: a.lat, lon: a.lon } };
  });
  return { accounts: input.accounts.map((a) => ({ ...a })), reps };
}

/**
 * Freezes `obj` and everything reachable from it, so a test fails if the code under test mutates its input.
 * Typed arrays and other array-buffer views are left alone (they cannot be frozen). Returns `obj`.
 */
export function deepFreeze<T>(obj: T, seen: WeakSet<object> = new WeakSet()): T {
  if (obj === null || typeof obj !== 'object' || ArrayBuffer.isView(obj) || seen.has(obj)) return obj;
  seen.add(obj);
  Object.freeze(obj);
  for (const key of Reflect.ownKeys(obj)) deepFreeze((obj as Record<PropertyKey, unknown>)[key], seen);
  return obj;
}
