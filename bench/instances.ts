/**
 * The benchmark's instances, as plain serialisable specs: a child process gets a spec, builds the instance
 * itself from its seed, and so parent and child see the same accounts without ever sending them across.
 */
import type { Account, TerritoryInput } from '../src/types.js';
import {
  clusteredInstance,
  ctdpInstance,
  mulberry32,
  normal,
  uniformInstance,
  uniformInt,
  usZips,
  zipInstance,
} from '../test/support/instances.js';

export type Sizes = 'smoke' | 'default' | 'full';

/** Which generator builds an instance. `zip-jitter` is ZIP geography beyond the ZIPs that exist (see below). */
export type Family = 'uniform' | 'clustered' | 'zip' | 'zip-jitter' | 'ctdp';

/** One benchmark instance: everything needed to rebuild it anywhere. */
export interface InstanceSpec {
  name: string;
  family: Family;
  /** Accounts (CTDP: basic units). */
  n: number;
  /** Reps (CTDP: territories p). */
  k: number;
  seed: number;
  balance: string[];
}

export const GEO_BALANCE = ['potential', 'workload'];
export const CTDP_BALANCE = ['customers', 'demand', 'workload'];

/** Gaussian offset, in km, around a ZIP centroid drawn for `zip-jitter` instances. */
export const ZIP_JITTER_KM = 2;

const label = (n: number, k: number): string => `${n.toLocaleString('en-US')}x${k}`;

/** The main table's instances of one size class: three geographies per size, fixed seeds. */
export function benchInstances(sizes: Sizes): InstanceSpec[] {
  if (sizes === 'smoke') return [{ name: `uniform ${label(300, 5)}`, family: 'uniform', n: 300, k: 5, seed: 11, balance: GEO_BALANCE }];
  const shapes: [number, number][] = [
    [1000, 10],
    [10_000, 50],
  ];
  if (sizes === 'full') shapes.push([100_000, 200], [100_000, 500], [1_000_000, 2000]);
  const zipCount = usZips('lower48').length;
  const out: InstanceSpec[] = [];
  for (const [n, k] of shapes) {
    out.push({ name: `uniform ${label(n, k)}`, family: 'uniform', n, k, seed: 11, balance: GEO_BALANCE });
    out.push({ name: `clustered ${label(n, k)}`, family: 'clustered', n, k, seed: 12, balance: GEO_BALANCE });
    const zip: Family = n <= zipCount ? 'zip' : 'zip-jitter';
    out.push({ name: `${zip} ${label(n, k)}`, family: zip, n, k, seed: 13, balance: GEO_BALANCE });
  }
  return out;
}

/**
 * p for the CTDP grid: n / 200, n / 100 and n / 62.5, rounded to the nearest integer (halves up), so
 * 2,500 units give p = 13, 25 and 40, and 10,000 units give 50, 100 and 160.
 */
export function ctdpTerritories(n: number): number[] {
  return [200, 100, 62.5].map((d) => Math.round(n / d));
}

/** The CTDP table's instances (Rios-Mercado & Fernandez 2009 generator, seeded). */
export function ctdpInstances(sizes: Sizes): InstanceSpec[] {
  const spec = (n: number, p: number): InstanceSpec => ({
    name: `ctdp ${n.toLocaleString('en-US')}/p${p}`,
    family: 'ctdp',
    n,
    k: p,
    seed: 14,
    balance: CTDP_BALANCE,
  });
  if (sizes === 'smoke') return [spec(200, 4)];
  const out = [spec(500, 10)];
  for (const n of [1000, 2500, 5000, 10_000]) for (const p of ctdpTerritories(n)) out.push(spec(n, p));
  return out;
}

/** Builds the instance a spec names (deterministic: the same spec gives the same accounts). */
export function buildInstance(spec: InstanceSpec): TerritoryInput {
  const { n, k, seed } = spec;
  switch (spec.family) {
    case 'uniform':
      return uniformInstance({ n, k, seed });
    case 'clustered':
      return clusteredInstance({ n, k, seed });
    case 'zip':
      return zipInstance({ n, k, seed });
    case 'zip-jitter':
      return jitteredZipInstance(n, k, seed);
    case 'ctdp':
      return ctdpInstance({ n, p: k, seed });
  }
}

/**
 * More accounts than there are ZIP centroids (about 41,000 in the lower 48): each account draws a ZIP
 * uniformly, with replacement, and sits at a Gaussian offset of `ZIP_JITTER_KM` km from its centroid (the
 * longitude offset widened by 1 / cos(lat) so the spread is round on the ground). Account density therefore
 * follows ZIP density, as in `zipInstance`; ids are `j0..`, potentials lognormal(10, 1), workloads 1..8.
 * One pass, one object per account. O(n).
 */
export function jitteredZipInstance(n: number, k: number, seed: number): TerritoryInput {
  const zips = usZips('lower48');
  const rand = mulberry32(seed);
  const z = normal(rand);
  const kmPerDegree = 111.195;
  const accounts: Account[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const r = zips[Math.floor(rand() * zips.length)];
    const lat = r.latitude + (ZIP_JITTER_KM * z()) / kmPerDegree;
    const lon = r.longitude + (ZIP_JITTER_KM * z()) / (kmPerDegree * Math.max(0.05, Math.cos((r.latitude * Math.PI) / 180)));
    accounts[i] = { id: `j${i}`, lat, lon, potential: Math.round(Math.exp(10 + z())), workload: uniformInt(rand, 1, 8) };
  }
  return { accounts, reps: Array.from({ length: k }, (_, j) => ({ id: `r${j}`, capacity: 1 })) };
}
