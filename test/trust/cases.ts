/**
 * Generated territory cases for the trust suite and `npm run fuzz`: fast-check draws a small `CaseSpec`
 * (sizes, geography, measure shapes, locks, incumbents, capacities, homes, options) and `buildCase` turns it
 * into an input with a seeded generator. Shrinking then works on the spec (fewer accounts, fewer reps,
 * plainer data), and a failing spec is a few lines of JSON that `npm run fuzz` saves as a fixture.
 */
import fc from 'fast-check';
import type { Account, DesignOptions, Rep, TerritoryInput } from '../../src/types.js';
import { mulberry32, normal, wrapLon } from '../support/instances.js';

export const GEOGRAPHIES = ['box', 'towns', 'globe', 'antimeridian', 'pole', 'line', 'spot', 'duplicates'] as const;
export const MEASURE_SHAPES = ['lognormal', 'pareto', 'zeros', 'mostly-zero', 'constant', 'one-giant'] as const;

/** Everything that decides one generated case. Plain JSON, so a failing one can be saved and replayed. */
export interface CaseSpec {
  n: number;
  k: number;
  seed: number;
  geography: (typeof GEOGRAPHIES)[number];
  potential: (typeof MEASURE_SHAPES)[number];
  /** Workload: integers 0..8 (zeros included), or the same shapes as potential. */
  workload: 'visits' | (typeof MEASURE_SHAPES)[number];
  /** Balance an attribute `calls` as well (present on every account). */
  attribute: boolean;
  balance: ('potential' | 'workload' | 'accounts' | 'calls')[];
  tolerance: number;
  /** Share of accounts locked to a random rep. */
  lockShare: number;
  /** Share of accounts with a current rep; with `realign` the design is a realignment against them. */
  currentShare: number;
  realign: boolean;
  capacities: 'equal' | 'mixed' | 'hundred-to-one';
  /** Share of reps with a home (at a random account's location). */
  homeShare: number;
}

/** Sizes skewed small: most cases run in milliseconds, a few reach the region path (over 25 reps). */
const sizes = fc.oneof(
  { weight: 6, arbitrary: fc.record({ n: fc.integer({ min: 1, max: 60 }), k: fc.integer({ min: 1, max: 8 }) }) },
  { weight: 3, arbitrary: fc.record({ n: fc.integer({ min: 60, max: 800 }), k: fc.integer({ min: 1, max: 30 }) }) },
  { weight: 1, arbitrary: fc.record({ n: fc.integer({ min: 800, max: 5000 }), k: fc.integer({ min: 10, max: 200 }) }) },
);

/** A spec of 1 to 5,000 accounts and 1 to 200 reps; `maxN` caps the accounts (the quick suite uses less). */
export function caseSpec(maxN = 5000): fc.Arbitrary<CaseSpec> {
  return fc
    .record({
      size: sizes,
      seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      geography: fc.constantFrom(...GEOGRAPHIES),
      potential: fc.constantFrom(...MEASURE_SHAPES),
      workload: fc.constantFrom('visits' as const, ...MEASURE_SHAPES),
      attribute: fc.boolean(),
      balance: fc.subarray(['potential', 'workload', 'accounts', 'calls'] as const, { minLength: 1 }),
      tolerance: fc.constantFrom(0.02, 0.05, 0.1, 0.2),
      lockShare: fc.constantFrom(0, 0, 0.01, 0.1, 0.3),
      currentShare: fc.constantFrom(0, 0, 0.5, 1),
      realign: fc.boolean(),
      capacities: fc.constantFrom('equal' as const, 'mixed' as const, 'hundred-to-one' as const),
      homeShare: fc.constantFrom(0, 0, 0.5, 1),
    })
    .map(({ size, ...rest }) => {
      const n = Math.min(size.n, maxN);
      const spec: CaseSpec = { n, k: size.k, ...rest };
      // `calls` can only be balanced when the accounts carry it.
      if (!spec.attribute) spec.balance = spec.balance.filter((b) => b !== 'calls');
      if (spec.balance.length === 0) spec.balance = ['potential'];
      return spec;
    });
}

/** A measure value of the given shape. */
function measureValue(shape: (typeof MEASURE_SHAPES)[number], rand: () => number, z: () => number, i: number): number {
  switch (shape) {
    case 'lognormal':
      return Math.round(Math.exp(10 + 1.5 * z()));
    case 'pareto':
      // Tail index 1.1: a few accounts hold much of the total.
      return 1000 / Math.pow(1 - rand(), 1 / 1.1);
    case 'zeros':
      return 0;
    case 'mostly-zero':
      return rand() < 0.9 ? 0 : Math.round(1 + 100 * rand());
    case 'constant':
      return 7;
    case 'one-giant':
      return i === 0 ? 1e9 : 1 + Math.round(10 * rand());
  }
}

/** A location for account i of the given geography. */
function location(spec: CaseSpec, rand: () => number, z: () => number, towns: { lat: number; lon: number }[], i: number): { lat: number; lon: number } {
  switch (spec.geography) {
    case 'box':
      return { lat: 30 + 17 * rand(), lon: -120 + 45 * rand() };
    case 'towns': {
      const t = towns[Math.floor(rand() * rand() * towns.length)];
      return { lat: Math.max(-90, Math.min(90, t.lat + 0.3 * z())), lon: wrapLon(t.lon + 0.4 * z()) };
    }
    case 'globe':
      // Uniform on the sphere.
      return { lat: (Math.asin(2 * rand() - 1) * 180) / Math.PI, lon: -180 + 360 * rand() };
    case 'antimeridian':
      return { lat: -25 + 20 * rand(), lon: wrapLon(170 + 20 * rand()) };
    case 'pole':
      return i % 7 === 0 ? { lat: 90, lon: -180 + 360 * rand() } : { lat: 84 + 6 * rand(), lon: -180 + 360 * rand() };
    case 'line':
      return { lat: 10 + 30 * rand(), lon: 20 };
    case 'spot':
      return { lat: 48.8566, lon: 2.3522 };
    case 'duplicates':
      return { lat: 35 + Math.floor(4 * rand()), lon: -100 + Math.floor(4 * rand()) };
  }
}

/** The input and options a spec stands for. Deterministic in the spec. */
export function buildCase(spec: CaseSpec): { input: TerritoryInput; options: DesignOptions } {
  const rand = mulberry32(spec.seed);
  const z = normal(rand);
  const towns = Array.from({ length: 1 + Math.floor(spec.k * 1.5) }, () => ({ lat: -50 + 110 * rand(), lon: -180 + 360 * rand() }));
  const reps: Rep[] = Array.from({ length: spec.k }, (_, j) => {
    const capacity = spec.capacities === 'equal' ? 1 : spec.capacities === 'mixed' ? [0.5, 1, 1.5, 0.25, 2][j % 5] : j === 0 ? 100 : 1;
    return { id: `r${j}`, capacity };
  });
  const accounts: Account[] = [];
  for (let i = 0; i < spec.n; i++) {
    const { lat, lon } = location(spec, rand, z, towns, i);
    const account: Account = {
      id: `a${i}`,
      lat,
      lon,
      potential: measureValue(spec.potential, rand, z, i),
      workload: spec.workload === 'visits' ? Math.floor(9 * rand()) : measureValue(spec.workload, rand, z, i),
    };
    if (spec.attribute) account.attributes = { calls: Math.floor(20 * rand() * rand()) };
    if (rand() < spec.lockShare) account.lockedRepId = `r${Math.floor(rand() * spec.k)}`;
    if (rand() < spec.currentShare) account.currentRepId = `r${Math.floor(rand() * spec.k)}`;
    accounts.push(account);
  }
  for (const rep of reps) {
    if (rand() < spec.homeShare && accounts.length > 0) {
      const a = accounts[Math.floor(rand() * accounts.length)];
      rep.home = { lat: a.lat, lon: a.lon };
    }
  }
  const options: DesignOptions = {
    balance: spec.balance,
    tolerance: spec.tolerance,
    seed: spec.seed % 1000,
    workers: 1,
    ...(spec.realign ? { disruption: { weight: 1 } } : {}),
  };
  return { input: { accounts, reps }, options };
}
