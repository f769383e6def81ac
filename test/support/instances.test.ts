import { describe, expect, it } from 'vitest';
import type { TerritoryInput } from '../../src/types.js';
import {
  ANTIMERIDIAN_BBOX,
  CTDP_KM_PER_DEGREE,
  POLAR_BBOX,
  clusteredInstance,
  ctdpInstance,
  ctdpUnitToLatLon,
  deepFreeze,
  latLonToCtdpUnit,
  mulberry32,
  normal,
  uniformInstance,
  usZips,
  withHomes,
  zipInstance,
} from './instances.js';

/** Every account has a valid, unique id, valid coordinates and finite non-negative measures. */
function expectValid(input: TerritoryInput, n: number, k: number): void {
  expect(input.accounts).toHaveLength(n);
  expect(input.reps).toHaveLength(k);
  expect(new Set(input.accounts.map((a) => a.id)).size).toBe(n);
  expect(new Set(input.reps.map((r) => r.id)).size).toBe(k);
  const bad = input.accounts.filter(
    (a) =>
      !(a.lat >= -90 && a.lat <= 90 && a.lon >= -180 && a.lon <= 180) ||
      !(Number.isFinite(a.potential) && a.potential >= 0) ||
      !(Number.isFinite(a.workload) && (a.workload ?? 0) >= 0),
  );
  expect(bad).toEqual([]);
}

describe('uniformInstance({ n, k, seed, bbox })', () => {
  it('returns n accounts and k reps with valid coordinates inside the default US box', () => {
    const input = uniformInstance({ n: 1000, k: 10, seed: 1 });
    expectValid(input, 1000, 10);
    const outside = input.accounts.filter((a) => a.lat < 30 || a.lat > 47 || a.lon < -120 || a.lon > -75);
    expect(outside).toEqual([]);
    expect(input.accounts[0].id).toBe('a0');
    expect(input.reps[9].id).toBe('r9');
  });

  it('is deterministic under a seed and changes with it', () => {
    expect(uniformInstance({ n: 200, k: 5, seed: 7 })).toEqual(uniformInstance({ n: 200, k: 5, seed: 7 }));
    expect(uniformInstance({ n: 200, k: 5, seed: 7 })).not.toEqual(uniformInstance({ n: 200, k: 5, seed: 8 }));
  });

  it('draws heavy-tailed integer potentials and integer workloads 1..8', () => {
    const { accounts } = uniformInstance({ n: 5000, k: 1, seed: 3 });
    const p = accounts.map((a) => a.potential).sort((x, y) => x - y);
    const median = p[p.length >> 1];
    const mean = p.reduce((s, x) => s + x, 0) / p.length;
    // lognormal(10, 1): median e^10 ~ 22,026, mean e^10.5 ~ 36,316.
    expect(median).toBeGreaterThan(19_000);
    expect(median).toBeLessThan(25_000);
    expect(mean / median).toBeGreaterThan(1.4);
    expect(p.every(Number.isInteger)).toBe(true);
    const w = new Set(accounts.map((a) => a.workload));
    expect([...w].sort((x, y) => (x ?? 0) - (y ?? 0))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('wraps boxes across the antimeridian and reaches the pole box', () => {
    const seam = uniformInstance({ n: 500, k: 3, seed: 2, bbox: ANTIMERIDIAN_BBOX });
    expectValid(seam, 500, 3);
    expect(seam.accounts.filter((a) => a.lon > -170 && a.lon < 175)).toEqual([]);
    expect(seam.accounts.some((a) => a.lon > 175)).toBe(true);
    expect(seam.accounts.some((a) => a.lon < -170)).toBe(true);
    const pole = uniformInstance({ n: 500, k: 3, seed: 2, bbox: POLAR_BBOX });
    expectValid(pole, 500, 3);
    expect(Math.min(...pole.accounts.map((a) => a.lat))).toBeGreaterThanOrEqual(85);
  });

  it('puts every account on one spot for a zero-size box', () => {
    const { accounts } = uniformInstance({ n: 50, k: 2, seed: 1, bbox: { latMin: 10, latMax: 10, lonMin: 20, lonMax: 20 } });
    expect(new Set(accounts.map((a) => `${a.lat},${a.lon}`)).size).toBe(1);
  });

  it('rejects a bad n or k', () => {
    expect(() => uniformInstance({ n: -1, k: 2, seed: 1 })).toThrow(/n must be/);
    expect(() => uniformInstance({ n: 10, k: 0, seed: 1 })).toThrow(/k must be/);
  });
});

describe('clusteredInstance({ n, k, seed, towns })', () => {
  it('returns n valid accounts, deterministic under a seed', () => {
    const a = clusteredInstance({ n: 2000, k: 20, seed: 5 });
    expectValid(a, 2000, 20);
    expect(clusteredInstance({ n: 2000, k: 20, seed: 5 })).toEqual(a);
    expect(clusteredInstance({ n: 2000, k: 20, seed: 6 })).not.toEqual(a);
  });

  it('is clustered: nearest-neighbour distances are far shorter than for uniform accounts', () => {
    const meanNn = (input: TerritoryInput): number => {
      const pts = input.accounts.slice(0, 400);
      let sum = 0;
      for (const p of pts) {
        let best = Infinity;
        for (const q of input.accounts) if (q !== p) best = Math.min(best, Math.hypot(p.lat - q.lat, p.lon - q.lon));
        sum += best;
      }
      return sum / pts.length;
    };
    const clustered = meanNn(clusteredInstance({ n: 2000, k: 10, seed: 1 }));
    const uniform = meanNn(uniformInstance({ n: 2000, k: 10, seed: 1 }));
    expect(clustered).toBeLessThan(0.6 * uniform);
  });

  it('honours the towns option', () => {
    const one = clusteredInstance({ n: 500, k: 4, seed: 1, towns: 1 });
    expectValid(one, 500, 4);
    const lats = one.accounts.map((a) => a.lat);
    expect(Math.max(...lats) - Math.min(...lats)).toBeLessThan(6);
  });
});

describe('ctdpInstance({ n, p, seed })', () => {
  it('returns n units u0.. with the three activities in their published ranges', () => {
    const input = ctdpInstance({ n: 3000, p: 30, seed: 11 });
    expectValid(input, 3000, 30);
    expect(input.accounts[0].id).toBe('u0');
    const range = (name: string): [number, number] => {
      const v = input.accounts.map((a) => a.attributes?.[name] ?? NaN);
      expect(v.every(Number.isInteger)).toBe(true);
      return [Math.min(...v), Math.max(...v)];
    };
    expect(range('customers')).toEqual([4, 20]);
    expect(range('demand')[0]).toBeGreaterThanOrEqual(15);
    expect(range('demand')[1]).toBeLessThanOrEqual(400);
    expect(range('workload')[0]).toBe(15);
    expect(range('workload')[1]).toBe(100);
    expect(input.accounts.filter((a) => a.potential !== a.attributes?.demand)).toEqual([]);
    expect(input.accounts.filter((a) => a.workload !== a.attributes?.workload)).toEqual([]);
  });

  it('maps the square [0, 1000]^2 linearly onto lat/lon around (0, 0)', () => {
    const { accounts } = ctdpInstance({ n: 2000, p: 10, seed: 2 });
    const units = accounts.map((a) => latLonToCtdpUnit(a.lat, a.lon));
    expect(units.filter((u) => u.x < 0 || u.x > 1000 || u.y < 0 || u.y > 1000)).toEqual([]);
    expect(ctdpUnitToLatLon(500, 500)).toEqual({ lat: 0, lon: 0 });
    expect(ctdpUnitToLatLon(1000, 0).lon).toBeCloseTo(500 / CTDP_KM_PER_DEGREE, 12);
    expect(CTDP_KM_PER_DEGREE).toBeCloseTo(111.195, 3);
    const back = latLonToCtdpUnit(ctdpUnitToLatLon(123.4, 987.6).lat, ctdpUnitToLatLon(123.4, 987.6).lon);
    expect(back.x).toBeCloseTo(123.4, 9);
    expect(back.y).toBeCloseTo(987.6, 9);
  });

  it('is deterministic under a seed', () => {
    expect(ctdpInstance({ n: 500, p: 5, seed: 3 })).toEqual(ctdpInstance({ n: 500, p: 5, seed: 3 }));
  });
});

describe('zipInstance({ n, k, seed, region })', () => {
  it('draws n distinct lower-48 ZIPs, deterministic under a seed', () => {
    const input = zipInstance({ n: 5000, k: 50, seed: 9 });
    expectValid(input, 5000, 50);
    expect(input.accounts.every((a) => /^z\d{5}$/.test(a.id))).toBe(true);
    expect(zipInstance({ n: 5000, k: 50, seed: 9 })).toEqual(input);
    expect(zipInstance({ n: 5000, k: 50, seed: 10 })).not.toEqual(input);
    const outside = input.accounts.filter((a) => a.lat < 24 || a.lat > 50 || a.lon < -125 || a.lon > -66);
    expect(outside).toEqual([]);
  });

  it('can draw every ZIP of a region exactly once', () => {
    const all = usZips('all');
    const input = zipInstance({ n: all.length, k: 1, seed: 1, region: 'all' });
    expectValid(input, all.length, 1);
    expect(all.length).toBeGreaterThan(41_000);
    expect(() => zipInstance({ n: all.length + 1, k: 1, seed: 1, region: 'all' })).toThrow(/exceeds/);
  });

  it('drops lower-48 records outside the lower 48 (zipcodes has ZIP 10200, NY, at longitude +73.95)', () => {
    // East longitudes are real only west of the antimeridian: Alaska's Aleutians, Wake Island (96898, filed
    // under HI) and the Pacific island areas.
    const outside = usZips('all').filter((r) => !['AK', 'HI', 'GU', 'MP', 'AS', 'PW', 'FM', 'MH'].includes(r.state) && r.longitude > 0);
    expect(outside).toEqual([]);
    const lower = usZips('lower48').filter((r) => r.latitude < 24 || r.latitude > 50 || r.longitude < -125 || r.longitude > -66);
    expect(lower).toEqual([]);
  });

  it('keeps the regions nested: lower48 within states within all', () => {
    const lower = usZips('lower48').length;
    const states = usZips('states').length;
    const all = usZips('all').length;
    expect(lower).toBeGreaterThan(40_000);
    expect(states).toBeGreaterThan(lower);
    expect(all).toBeGreaterThan(states);
  });
});

describe('withHomes(input, count, seed)', () => {
  it('gives the first count reps a home at distinct account locations without touching the input', () => {
    const input = deepFreeze(uniformInstance({ n: 100, k: 6, seed: 1 }));
    const out = withHomes(input, 4, 2);
    expect(out.reps.filter((r) => r.home).map((r) => r.id)).toEqual(['r0', 'r1', 'r2', 'r3']);
    const locations = new Set(input.accounts.map((a) => `${a.lat},${a.lon}`));
    const homes = out.reps.flatMap((r) => (r.home ? [`${r.home.lat},${r.home.lon}`] : []));
    expect(homes.filter((h) => !locations.has(h))).toEqual([]);
    expect(new Set(homes).size).toBe(4);
    expect(input.reps.some((r) => r.home)).toBe(false);
    expect(withHomes(input, 4, 2)).toEqual(out);
  });

  it('rejects more homes than reps', () => {
    expect(() => withHomes(uniformInstance({ n: 10, k: 2, seed: 1 }), 3, 1)).toThrow(/exceeds/);
  });
});

describe('deepFreeze(obj)', () => {
  it('freezes nested objects and arrays and returns its argument', () => {
    const obj = { a: [{ b: 1 }], c: { d: { e: 2 } }, t: new Float64Array(2) };
    const frozen = deepFreeze(obj);
    expect(frozen).toBe(obj);
    expect(Object.isFrozen(obj.a)).toBe(true);
    expect(Object.isFrozen(obj.a[0])).toBe(true);
    expect(Object.isFrozen(obj.c.d)).toBe(true);
    expect(() => {
      (obj.c.d as { e: number }).e = 3;
    }).toThrow(TypeError);
  });
});

describe('normal(rand)', () => {
  it('gives standard normal deviates', () => {
    const z = normal(mulberry32(4));
    const xs = Array.from({ length: 20_000 }, z);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(variance).toBeGreaterThan(0.95);
    expect(variance).toBeLessThan(1.05);
    expect(xs.every(Number.isFinite)).toBe(true);
  });
});
