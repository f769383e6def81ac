import { describe, expect, it } from 'vitest';
import { designTerritories } from '../../src/index.js';
import { frameLongitude } from '../../src/input/normalize-input.js';
import { rotated, uniformInstance, withHomes, wrapLon } from '../support/instances.js';
import { makeProblem } from '../rebalance/problems.js';

const STEP = 2 ** -28;

describe('frameLongitude(lon, frameLon)', () => {
  it('is the longitude relative to the frame, wrapped into [-180, 180), on a grid of 2^-28 degree', () => {
    expect(frameLongitude(10, 10)).toBe(0);
    expect(frameLongitude(179, -179)).toBe(-2);
    expect(frameLongitude(-179, 179)).toBe(2);
    expect(frameLongitude(0, 180)).toBe(-180);
    expect(frameLongitude(180, 0)).toBe(-180);
    // Rounded to the nearest grid point: a third of a step down, two thirds up.
    expect(frameLongitude(STEP / 3, 0)).toBe(0);
    expect(frameLongitude((2 * STEP) / 3, 0)).toBe(STEP);
    // One zero on both sides of the frame: a turned longitude a hair west of it gives 0, not -0.
    expect(Object.is(frameLongitude(-STEP / 3, 0), 0)).toBe(true);
    for (const lon of [-179.99, -33.3, 0.1, 71.123456789, 179.99]) {
      const rel = frameLongitude(lon, 12.5);
      expect(Number.isInteger(rel / STEP)).toBe(true);
      expect(rel).toBeGreaterThanOrEqual(-180);
      expect(rel).toBeLessThan(180);
      expect(Math.abs(wrapLon(rel + 12.5) - lon)).toBeLessThanOrEqual(STEP / 2 + 1e-12);
    }
  });

  it('gives the same value whatever constant was added to both longitudes first (the rounding of the addition absorbed)', () => {
    for (const [lon, frame] of [
      [1.1, 0.3],
      [-120.000001, 45.5],
      [179.5, -179.5],
    ]) {
      const base = frameLongitude(lon, frame);
      for (const c of [0.7, 33.3, 101.01, -250.123]) expect(frameLongitude(wrapLon(lon + c), wrapLon(frame + c))).toBe(base);
    }
  });
});

describe('normalizeInput in the problem frame', () => {
  const input = withHomes(uniformInstance({ n: 400, k: 6, seed: 5, bbox: { latMin: -40, latMax: 60, lonMin: 150, lonMax: -150 } }), 4, 6);

  it('builds the same unit vectors, bit for bit, for the input turned about the polar axis (across the antimeridian too)', () => {
    const options = { balance: ['potential', 'workload'] };
    const base = makeProblem(input, options);
    expect(base.hasHome.some((h) => h === 1)).toBe(true);
    for (const degrees of [21, 137.25, -95.5, 359]) {
      const p = makeProblem(rotated(input, degrees), options);
      expect(p.xyz).toEqual(base.xyz);
      expect(p.homeXyz).toEqual(base.homeXyz);
      // The caller's own degrees are kept (hulls and the report use them).
      expect(p.lon[0]).toBe(wrapLon(base.lon[0] + degrees));
    }
  });

  it('so a turned input gets the same plan, and territory centres turned by the same angle', async () => {
    const options = { balance: ['potential', 'workload'], tolerance: 0.05, seed: 1, hulls: false };
    const plan = await designTerritories(input, options);
    const other = await designTerritories(rotated(input, 137.25), options);
    expect(other.assignments).toEqual(plan.assignments);
    expect(other.metrics.compactness).toEqual(plan.metrics.compactness);
    expect(other.metrics.balance).toEqual(plan.metrics.balance);
    for (let t = 0; t < plan.territories.length; t++) {
      const a = plan.territories[t].center!;
      const b = other.territories[t].center!;
      expect(b.lat).toBeCloseTo(a.lat, 9);
      expect(Math.abs(wrapLon(b.lon - a.lon - 137.25))).toBeLessThan(1e-9);
    }
  });
});
