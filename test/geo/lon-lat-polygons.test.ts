import { booleanClockwise } from '@turf/turf';
import { describe, expect, it } from 'vitest';
import { lonLatPolygons } from '../../src/geo/lon-lat-polygons.js';

describe('lonLatPolygons(lat, lon, centerLon)', () => {
  it('returns one closed counter-clockwise ring for a small triangle, densifying edges over 1 degree', () => {
    const [[ring], ...rest] = lonLatPolygons([0, 0, 1], [0, 0.5, 0], 0);
    expect(rest).toEqual([]);
    expect(ring[0]).toEqual(ring[ring.length - 1]);
    expect(booleanClockwise(ring)).toBe(false);
    expect(ring.length).toBe(5);
  });

  it('splits a ring crossing lon 180 into two parts that meet on the antimeridian', () => {
    const parts = lonLatPolygons([0, 0, 1], [179, -179, 180], 180);
    expect(parts.length).toBe(2);
    expect(parts[0][0].every(([lon]) => lon >= 179 && lon <= 180)).toBe(true);
    expect(parts[1][0].every(([lon]) => lon >= -180 && lon <= -179)).toBe(true);
    for (const [ring] of parts) expect(booleanClockwise(ring)).toBe(false);
  });

  it('gives the same split whichever side of 180 the centre longitude is given on', () => {
    const byWest = (ps: number[][][][]) => ps.map(([ring]) => ring).sort((a, b) => a[0][0] - b[0][0]);
    const east = byWest(lonLatPolygons([0, 0, 1], [179, -179, 180], 179.5));
    const west = byWest(lonLatPolygons([0, 0, 1], [179, -179, 180], -179.5));
    expect(west.length).toBe(2);
    west.forEach((ring, i) => {
      expect(ring.length).toBe(east[i].length);
      ring.forEach(([lon, lat], t) => {
        expect(lon).toBeCloseTo(east[i][t][0], 9);
        expect(lat).toBeCloseTo(east[i][t][1], 9);
      });
    });
  });

  it('closes a ring around the North Pole along lat 90 from lon 180 to -180', () => {
    const [[ring]] = lonLatPolygons([80, 80, 80, 80], [10, 100, 190, -80], 0);
    expect(ring.slice(-4, -1)).toEqual([[180, ring[ring.length - 4][1]], [180, 90], [-180, 90]]);
    expect(ring[0][0]).toBe(-180);
    expect(booleanClockwise(ring)).toBe(false);
  });

  it('closes a ring around the South Pole along lat -90', () => {
    const [[ring]] = lonLatPolygons([-80, -80, -80], [0, -120, 120], 0);
    expect(ring).toContainEqual([-180, -90]);
    expect(ring).toContainEqual([180, -90]);
    expect(booleanClockwise(ring)).toBe(false);
  });

  it('turns a vertex at the pole into two positions at lat 90 at its neighbours\' longitudes', () => {
    const [[ring]] = lonLatPolygons([80, 80, 90], [0, 90, 0], 45);
    expect(ring.filter(([, lat]) => lat === 90).map(([lon]) => lon).sort((a, b) => a - b)).toEqual([0, 90]);
  });

  it('returns nothing for a ring without area', () => {
    expect(lonLatPolygons([90, 90, 90], [0, 10, 20], 0)).toEqual([]);
  });
});
