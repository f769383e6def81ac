import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { antipodalDiameter } from '../../src/metrics/antipodal-diameter.js';
import { gnomonicHull } from '../../src/metrics/gnomonic-hull.js';
import { maxChord2 } from '../../src/metrics/max-chord2.js';
import { territoryDiameterKm } from '../../src/metrics/territory-diameter.js';
import { refDiameter } from './fixtures.js';

const RAD = Math.PI / 180;

/** Seeded points uniform in a lat/lon box (wrapping longitudes into [-180, 180]). */
function points(seed: number, m: number, lat0: number, lon0: number, spanLat: number, spanLon: number) {
  let s = seed >>> 0;
  const rand = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const lat = new Float64Array(m);
  const lon = new Float64Array(m);
  const xyz = new Float64Array(3 * m);
  for (let i = 0; i < m; i++) {
    lat[i] = Math.max(-90, Math.min(90, lat0 + (rand() - 0.5) * spanLat));
    lon[i] = ((lon0 + (rand() - 0.5) * spanLon + 540) % 360) - 180;
    xyz[3 * i] = Math.cos(lat[i] * RAD) * Math.cos(lon[i] * RAD);
    xyz[3 * i + 1] = Math.cos(lat[i] * RAD) * Math.sin(lon[i] * RAD);
    xyz[3 * i + 2] = Math.sin(lat[i] * RAD);
  }
  return { lat, lon, xyz, all: Array.from({ length: m }, (_, i) => i) };
}

describe('territoryDiameterKm(xyz, indices)', () => {
  it('is 0 for no account and for one account', () => {
    const { xyz } = points(1, 3, 0, 0, 1, 1);
    expect(territoryDiameterKm(xyz, [])).toBe(0);
    expect(territoryDiameterKm(xyz, [2])).toBe(0);
  });

  it('matches every-pair haversine on small sets (pairwise scan)', () => {
    const { lat, lon, xyz, all } = points(7, 120, 45, 10, 8, 12);
    expect(territoryDiameterKm(xyz, all)).toBeCloseTo(refDiameter(lat, lon, all), 6);
  });

  it('matches every-pair haversine above 2,000 accounts (hull path), also across the antimeridian and a pole', () => {
    for (const [seed, m, lat0, lon0, sLat, sLon] of [
      [2, 2500, 40, -100, 10, 20],
      [3, 2100, -30, 179, 6, 8],
      [4, 2200, 85, 0, 8, 360],
    ] as const) {
      const { lat, lon, xyz, all } = points(seed, m, lat0, lon0, sLat, sLon);
      expect(territoryDiameterKm(xyz, all)).toBeCloseTo(refDiameter(lat, lon, all), 5);
    }
  });

  it('matches every-pair haversine for a territory wider than a quarter of the globe (exact fallback)', () => {
    for (const [seed, m, span] of [[5, 800, 150], [8, 2600, 150], [9, 2300, 80]] as const) {
      const { lat, lon, xyz, all } = points(seed, m, 0, 0, span, 2 * span);
      expect(territoryDiameterKm(xyz, all)).toBeCloseTo(refDiameter(lat, lon, all), 5);
    }
  });

  it('matches every-pair haversine for two dense towns far apart', () => {
    const a = points(10, 1300, 40, -74, 0.05, 0.05);
    const b = points(11, 1300, 41.9, -87.6, 0.05, 0.05);
    const lat = Float64Array.from([...a.lat, ...b.lat]);
    const lon = Float64Array.from([...a.lon, ...b.lon]);
    const xyz = Float64Array.from([...a.xyz, ...b.xyz]);
    const all = Array.from({ length: 2600 }, (_, i) => i);
    expect(territoryDiameterKm(xyz, all)).toBeCloseTo(refDiameter(lat, lon, all), 5);
  });

  it('matches every-pair haversine on a subset of the accounts', () => {
    const { lat, lon, xyz } = points(6, 5000, 10, 20, 20, 20);
    const subset = Array.from({ length: 2400 }, (_, t) => 2 * t);
    expect(territoryDiameterKm(xyz, Int32Array.from(subset))).toBeCloseTo(refDiameter(lat, lon, subset), 5);
  });
});

describe('maxChord2(xyz, indices)', () => {
  it('equals the every-pair maximum for random sets of any size (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 2, max: 700 }), fc.double({ min: 0.01, max: 180, noNaN: true }), (seed, m, span) => {
        const { xyz, all } = points(seed, m, 20, 30, span, 2 * span);
        let best = 0;
        for (let a = 0; a < m; a++) {
          for (let b = a + 1; b < m; b++) {
            const d2 = (xyz[3 * a] - xyz[3 * b]) ** 2 + (xyz[3 * a + 1] - xyz[3 * b + 1]) ** 2 + (xyz[3 * a + 2] - xyz[3 * b + 2]) ** 2;
            best = Math.max(best, d2);
          }
        }
        expect(maxChord2(xyz, all)).toBe(best);
      }),
      { numRuns: 40, seed: 20261129 },
    );
  });
  it('is 4 for two antipodal points', () => {
    expect(maxChord2(Float64Array.of(1, 0, 0, -1, 0, 0), [0, 1])).toBe(4);
  });
});

describe('gnomonicHull(xyz, indices)', () => {
  it('keeps the four corners of a small square and drops its centre', () => {
    const { xyz } = {
      xyz: (() => {
        const pts = [[0, 0], [0, 1], [1, 1], [1, 0], [0.5, 0.5]];
        const out = new Float64Array(15);
        pts.forEach(([la, lo], i) => {
          out[3 * i] = Math.cos(la * RAD) * Math.cos(lo * RAD);
          out[3 * i + 1] = Math.cos(la * RAD) * Math.sin(lo * RAD);
          out[3 * i + 2] = Math.sin(la * RAD);
        });
        return out;
      })(),
    };
    expect(gnomonicHull(xyz, [0, 1, 2, 3, 4])!.slice().sort()).toEqual([0, 1, 2, 3]);
  });
  it('returns null when the points do not fit in one hemisphere around their mean', () => {
    expect(gnomonicHull(Float64Array.of(1, 0, 0, -1, 0, 0, 0, 1, 0), [0, 1, 2])).toBeNull();
  });
});

describe('antipodalDiameter(xyz, indices)', () => {
  it('equals the every-pair largest angle for sets of any width (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 2, max: 600 }), fc.double({ min: 0.01, max: 180, noNaN: true }), (seed, m, span) => {
        const { lat, lon, xyz, all } = points(seed, m, -10, 100, span, 2 * span);
        expect(antipodalDiameter(xyz, all) * 6371.0088).toBeCloseTo(refDiameter(lat, lon, all), 5);
      }),
      { numRuns: 40, seed: 20261129 },
    );
  });
  it('is pi for two antipodal points and 0 for one point', () => {
    expect(antipodalDiameter(Float64Array.of(0, 0, 1, 0, 0, -1), [0, 1])).toBe(Math.PI);
    expect(antipodalDiameter(Float64Array.of(0, 0, 1), [0])).toBe(0);
  });
});
