import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isInBand, relativeDeviation } from '../../src/metrics/band.js';

describe('relativeDeviation(total, target)', () => {
  it('is (total - target) / target for a positive target', () => {
    expect(relativeDeviation(105, 100)).toBeCloseTo(0.05, 12);
    expect(relativeDeviation(0, 100)).toBe(-1);
  });
  it('is 0 for 0 / 0 and 1 for a positive total on a zero target', () => {
    expect(relativeDeviation(0, 0)).toBe(0);
    expect(relativeDeviation(3, 0)).toBe(1);
  });
  it('stays finite for every finite non-negative total and target', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e308, noNaN: true }), fc.double({ min: 0, max: 1e308, noNaN: true }), (total, target) => {
        expect(Number.isFinite(relativeDeviation(total, target))).toBe(true);
      }),
      { seed: 20261129 },
    );
  });
});

describe('isInBand(total, target, tolerance, accounts)', () => {
  it('accepts |deviation| <= tolerance, edge included', () => {
    expect(isInBand(105, 100, 0.05, 3)).toBe(true);
    expect(isInBand(95, 100, 0.05, 3)).toBe(true);
    expect(isInBand(105.01, 100, 0.05, 3)).toBe(false);
  });
  it('puts a positive total on a zero target outside whatever the tolerance', () => {
    expect(isInBand(1, 0, 10, 1)).toBe(false);
    expect(isInBand(0, 0, 0.05, 0)).toBe(true);
  });
  it('puts an empty territory with a positive target outside, even at tolerance 1', () => {
    expect(isInBand(0, 100, 1, 0)).toBe(false);
    expect(isInBand(0, 100, 1, 2)).toBe(true);
  });
});
