import { area, booleanClockwise, polygon } from '@turf/turf';
import type { Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { territoryHull } from '../../src/geo/territory-hull.js';
import type { TerritoryHull } from '../../src/types.js';
import { seeded, wrapLon } from './sphere-points.js';

const EARTH_RADIUS_M = 6371008.8;

function hullOf(points: [number, number][], center: { lat: number; lon: number }, repId = 'R'): TerritoryHull | null {
  const lat = Float64Array.from(points, (p) => p[0]);
  const lon = Float64Array.from(points, (p) => p[1]);
  return territoryHull(lat, lon, points.map((_, i) => i), center, repId);
}

function rings(h: TerritoryHull): Position[][] {
  const g = h.geometry;
  return g.type === 'Polygon' ? [g.coordinates[0]] : g.coordinates.map((p) => p[0]);
}

/** Every RFC 7946 promise a hull makes: closed, counter-clockwise, finite, in range. */
function ringProblems(h: TerritoryHull): string[] {
  const problems: string[] = [];
  for (const ring of rings(h)) {
    const [a, z] = [ring[0], ring[ring.length - 1]];
    if (ring.length < 4) problems.push('fewer than 4 positions');
    if (a[0] !== z[0] || a[1] !== z[1]) problems.push('not closed');
    if (booleanClockwise(ring)) problems.push('clockwise');
    for (const [lon, lat] of ring) {
      if (!Number.isFinite(lon) || !Number.isFinite(lat)) problems.push('not finite');
      if (lon < -180 || lon > 180 || lat < -90 || lat > 90) problems.push(`out of range ${lon}, ${lat}`);
    }
  }
  return problems;
}

function cloud(seed: number, n: number, lat: [number, number], lon: [number, number]): [number, number][] {
  const r = seeded(seed);
  return Array.from({ length: n }, () => [lat[0] + (lat[1] - lat[0]) * r(), wrapLon(lon[0] + (lon[1] - lon[0]) * r())]);
}

describe('territoryHull(lat, lon, indices, center, repId)', () => {
  it('returns the square around (0, 0) with the square\'s area, closed and counter-clockwise', () => {
    const corners: [number, number][] = [[-1, -1], [-1, 1], [1, 1], [1, -1]];
    const h = hullOf([...corners, ...cloud(1, 50, [-0.9, 0.9], [-0.9, 0.9])], { lat: 0, lon: 0 }, 'R-7');
    expect(h?.geometry.type).toBe('Polygon');
    expect(h?.properties.repId).toBe('R-7');
    expect(ringProblems(h!)).toEqual([]);
    const square = polygon([[[-1, -1], [1, -1], [1, 1], [-1, 1], [-1, -1]]]);
    expect(area(h!) / area(square)).toBeCloseTo(1, 3);
    // The corners, exactly as given, are the hull's vertices.
    const ring = rings(h!)[0];
    for (const [lat, lon] of corners) expect(ring).toContainEqual([lon, lat]);
  });

  it('does not depend on the order of the accounts or on which subset of indices is passed', () => {
    const pts = cloud(2, 40, [10, 12], [20, 23]);
    const lat = Float64Array.from(pts, (p) => p[0]);
    const lon = Float64Array.from(pts, (p) => p[1]);
    const a = territoryHull(lat, lon, pts.map((_, i) => i), { lat: 11, lon: 21 }, 'A');
    const b = territoryHull(lat, lon, pts.map((_, i) => pts.length - 1 - i), { lat: 11, lon: 21 }, 'A');
    expect(area(b!)).toBeCloseTo(area(a!), 0);
    expect(new Set(rings(b!)[0].map(String))).toEqual(new Set(rings(a!)[0].map(String)));
  });

  it('returns null for fewer than 3 distinct spots and for accounts on one great circle', () => {
    expect(hullOf([[1, 1], [2, 2]], { lat: 1.5, lon: 1.5 })).toBeNull();
    expect(hullOf([[1, 1], [1, 1], [2, 2], [2, 2]], { lat: 1.5, lon: 1.5 })).toBeNull();
    expect(hullOf([[0, 1], [0, 2], [0, 3], [0, 5]], { lat: 0, lon: 3 })).toBeNull();
    expect(hullOf([[10, 30], [20, 30], [35, 30]], { lat: 20, lon: 30 })).toBeNull();
  });

  it('splits a territory straddling lon 180 (Fiji) into a MultiPolygon as large as the shape moved west', () => {
    const pts = cloud(3, 200, [-19.5, -15.5], [177, 182]);
    const h = hullOf(pts, { lat: -17.5, lon: 179.5 }, 'FJ');
    expect(h?.geometry.type).toBe('MultiPolygon');
    expect(ringProblems(h!)).toEqual([]);
    const sides = rings(h!).map((ring) => Math.sign(ring.reduce((s, p) => s + p[0], 0)));
    expect(sides.sort()).toEqual([-1, 1]);
    for (const ring of rings(h!)) expect(ring.some(([lon]) => Math.abs(lon) === 180)).toBe(true);
    const moved = hullOf(pts.map(([lat, lon]) => [lat, wrapLon(lon - 10)]), { lat: -17.5, lon: 169.5 });
    expect(moved?.geometry.type).toBe('Polygon');
    expect(Math.abs(area(h!) / area(moved!) - 1)).toBeLessThan(0.01);
  });

  it('keeps one Polygon for a territory that ends exactly at lon 180', () => {
    const h = hullOf([[0, 179], [0, 180], [1, 180], [1, 179]], { lat: 0.5, lon: 179.5 });
    expect(h?.geometry.type).toBe('Polygon');
    expect(ringProblems(h!)).toEqual([]);
  });

  it('returns a polar cap Polygon (lon -180 to 180, closed along lat 90) for a territory around the North Pole', () => {
    const pts: [number, number][] = Array.from({ length: 36 }, (_, i) => [80, -180 + 10 * i + 3]);
    pts.push([85, 40], [88, -120]);
    const h = hullOf(pts, { lat: 90, lon: 0 });
    expect(h?.geometry.type).toBe('Polygon');
    expect(ringProblems(h!)).toEqual([]);
    const ring = rings(h!)[0];
    expect(ring).toContainEqual([180, 90]);
    expect(ring).toContainEqual([-180, 90]);
    const cap = 2 * Math.PI * EARTH_RADIUS_M ** 2 * (1 - Math.sin((80 * Math.PI) / 180));
    expect(Math.abs(area(h!) / cap - 1)).toBeLessThan(0.01);
  });

  it('returns a polar cap for a territory around the South Pole even when its centre is far away', () => {
    const pts: [number, number][] = Array.from({ length: 12 }, (_, i) => [-75, -180 + 30 * i]);
    const h = hullOf(pts, { lat: 0, lon: 0 });
    expect(ringProblems(h!)).toEqual([]);
    expect(rings(h!)[0]).toContainEqual([180, -90]);
    const cap = 2 * Math.PI * EARTH_RADIUS_M ** 2 * (1 - Math.sin((75 * Math.PI) / 180));
    expect(area(h!) / cap).toBeGreaterThan(0.95);
    expect(area(h!) / cap).toBeLessThan(1);
  });

  it('handles an account at the pole on the hull (the ring runs along lat 90 between its neighbours)', () => {
    const h = hullOf([[90, 0], [80, 0], [80, 90], [82, 45]], { lat: 85, lon: 45 });
    expect(ringProblems(h!)).toEqual([]);
    const ring = rings(h!)[0];
    expect(ring.filter(([, lat]) => lat === 90).map(([lon]) => lon).sort((a, b) => a - b)).toEqual([0, 90]);
    const lons = ring.map(([lon]) => lon);
    expect(Math.max(...lons) - Math.min(...lons)).toBeLessThanOrEqual(90 + 1e-9);
  });

  it('never returns NaN for accounts spread over more than a hemisphere', () => {
    const h = hullOf([[0, 0], [0, 90], [0, 180], [0, -90], [60, 0], [-60, 0], [0, 45]], { lat: 0, lon: 0 });
    expect(h).not.toBeNull();
    expect(ringProblems(h!)).toEqual([]);
  });
});
