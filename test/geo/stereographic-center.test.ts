import { describe, expect, it } from 'vitest';
import { stereographicCenter } from '../../src/geo/stereographic-center.js';
import { xyzOf } from './sphere-points.js';

/** Smallest angle in degrees from the projection pole (-c) to any point. */
function clearanceDeg(xyz: Float64Array, c: number[]): number {
  let best = Infinity;
  for (let i = 0; i < xyz.length; i += 3) {
    const dot = -(xyz[i] * c[0] + xyz[i + 1] * c[1] + xyz[i + 2] * c[2]);
    best = Math.min(best, (Math.acos(Math.max(-1, Math.min(1, dot))) * 180) / Math.PI);
  }
  return best;
}

describe('stereographicCenter(xyz, n)', () => {
  it('is the mean direction of regional points', () => {
    const c = stereographicCenter(xyzOf([[0, 10], [0, 20]]), 2);
    expect(c[0]).toBeCloseTo(Math.cos((15 * Math.PI) / 180), 12);
    expect(c[1]).toBeCloseTo(Math.sin((15 * Math.PI) / 180), 12);
    expect(c[2]).toBeCloseTo(0, 12);
  });

  it('moves the pole away from a point sitting at the antipode of the mean', () => {
    const pts: [number, number][] = [[0, 0], [0, 0], [0, 0], [0, 180]];
    const xyz = xyzOf(pts);
    expect(clearanceDeg(xyz, stereographicCenter(xyz, pts.length))).toBeGreaterThan(10);
  });

  it('finds a gap between points spread over the whole globe', () => {
    const n = 5000;
    const pts: [number, number][] = [];
    for (let i = 0; i < n; i++) {
      pts.push([(Math.asin(1 - (2 * i + 1) / n) * 180) / Math.PI, ((i * 137.50776405) % 360) - 180]);
    }
    const xyz = xyzOf(pts);
    const c = stereographicCenter(xyz, n);
    expect(Math.hypot(...c)).toBeCloseTo(1, 12);
    // Points are ~3 degrees apart; the pole lands in a hole between them.
    expect(clearanceDeg(xyz, c)).toBeGreaterThan(0.5);
  });

  it('handles points all at one spot and a single point', () => {
    const xyz = xyzOf([[45, 45], [45, 45], [45, 45]]);
    expect(clearanceDeg(xyz, stereographicCenter(xyz, 3))).toBeCloseTo(180, 6);
    expect(clearanceDeg(xyzOf([[-30, 100]]), stereographicCenter(xyzOf([[-30, 100]]), 1))).toBeCloseTo(180, 6);
  });
});
