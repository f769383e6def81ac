import { describe, expect, it } from 'vitest';
import { stereographicSnap } from '../../src/geo/stereographic-snap.js';
import { seeded, xyzOf } from './sphere-points.js';

describe('stereographicSnap(xyz, n)', () => {
  it('gives one representative per spot and maps every point to it', () => {
    const pts: [number, number][] = [[10, 10], [10, 10], [10.5, 10], [10.5, 10], [10.5, 10], [11, 11]];
    const { coords, repPoint, repOf } = stereographicSnap(xyzOf(pts), pts.length);
    expect(repPoint.length).toBe(3);
    expect(coords.length).toBe(6);
    expect(repOf[0]).toBe(repOf[1]);
    expect(new Set([repOf[2], repOf[3], repOf[4]]).size).toBe(1);
    expect(new Set([repOf[0], repOf[2], repOf[5]]).size).toBe(3);
    // A representative is one of the points it stands for.
    for (let r = 0; r < repPoint.length; r++) expect(repOf[repPoint[r]]).toBe(r);
  });

  it('keeps points a few centimetres apart as separate spots', () => {
    const pts: [number, number][] = [[40, -74], [40 + 3e-7, -74], [40, -74 + 3e-7], [41, -73], [39, -75]];
    const { repOf } = stereographicSnap(xyzOf(pts), pts.length);
    expect(new Set(repOf).size).toBe(5);
  });

  it('returns distinct planar points, all finite, for random points over the globe', () => {
    const r = seeded(8);
    const pts = Array.from({ length: 2000 }, () => [Math.asin(2 * r() - 1) * 57.29577951308232, 360 * r() - 180]);
    const { coords, repPoint } = stereographicSnap(xyzOf(pts as [number, number][]), pts.length);
    expect(repPoint.length).toBe(pts.length);
    expect(coords.every(Number.isFinite)).toBe(true);
    const keys = new Set<string>();
    for (let t = 0; t < coords.length; t += 2) keys.add(`${coords[t]},${coords[t + 1]}`);
    expect(keys.size).toBe(pts.length);
  });
});
