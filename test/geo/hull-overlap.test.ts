import { area, feature, featureCollection, intersect } from '@turf/turf';
import { describe, expect, it } from 'vitest';
import { hullOverlap, pointsInOtherHulls } from '../../src/geo/hull-overlap.js';
import { pointsInOtherHulls as direct } from '../../src/geo/points-in-other-hulls.js';
import { territoryHull } from '../../src/geo/territory-hull.js';
import type { TerritoryHull } from '../../src/types.js';
import { box, hullBox } from './hull-boxes.js';
import { seeded } from './sphere-points.js';

/** A polar cap: the hull of 24 accounts on the parallel lat0, every 15 degrees from -180 + shift. */
function cap(lat0: number, shift: number): TerritoryHull {
  const lat = Float64Array.from({ length: 24 }, () => lat0);
  const lon = Float64Array.from({ length: 24 }, (_, i) => -180 + 15 * i + shift);
  return territoryHull(lat, lon, Array.from(lat, (_, i) => i), { lat: 90, lon: 0 }, 'P')!;
}

describe('hullOverlap(hulls)', () => {
  it('is 0 for two disjoint squares and for two squares that only share an edge', () => {
    expect(hullOverlap([box(0, 0, 1, 1), box(2, 0, 3, 1)]).areaRatio).toBe(0);
    expect(hullOverlap([box(0, 0, 1, 1), box(1, 0, 2, 1)]).areaRatio).toBe(0);
  });

  it('is 1/4 for two equal squares overlapping on half their area', () => {
    expect(hullOverlap([box(0, 0, 2, 2), box(1, 0, 3, 2)]).areaRatio).toBeCloseTo(0.25, 4);
  });

  it('ignores null hulls and is 0 when no hull has area', () => {
    expect(hullOverlap([null, box(0, 0, 2, 2), null, box(1, 0, 3, 2)]).areaRatio).toBeCloseTo(0.25, 4);
    expect(hullOverlap([null, null]).areaRatio).toBe(0);
    expect(hullOverlap([]).areaRatio).toBe(0);
  });

  it('counts a MultiPolygon hull split at the antimeridian by its parts', () => {
    // A hull across lon 180 overlapping, on its western side (-180 .. -179), a square from -179.5 to -178.5.
    const split = hullBox(179, -18, -179, -16);
    expect(split.geometry.type).toBe('MultiPolygon');
    const across = hullOverlap([split, box(-179.5, -18, -178.5, -16)]).areaRatio;
    const moved = hullOverlap([hullBox(169, -18, 171, -16), box(170.5, -18, 171.5, -16)]).areaRatio;
    expect(across).toBeGreaterThan(0.1);
    expect(across).toBeCloseTo(moved, 6);
  });

  it('treats a degenerate polygon as having no area instead of throwing', () => {
    const flat = box(0, 0, 2, 0);
    expect(hullOverlap([flat, box(0, 0, 1, 1), box(0.5, 0, 1.5, 1)]).areaRatio).toBeCloseTo(0.25, 4);
  });

  it('handles 500 territories in well under a second', () => {
    const hulls: TerritoryHull[] = [];
    for (let i = 0; i < 500; i++) {
      const x = -120 + (i % 25) * 2, y = 30 + Math.floor(i / 25) * 1;
      hulls.push(box(x, y, x + 2.2, y + 1.1));
    }
    const t0 = performance.now();
    const { areaRatio } = hullOverlap(hulls);
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(areaRatio).toBeGreaterThan(0);
  });

  it('agrees within 0.1% with turf intersect and area on overlapping territory hulls', () => {
    const r = seeded(11);
    const hulls: TerritoryHull[] = [];
    for (let j = 0; j < 12; j++) {
      const lat0 = 35 + 6 * r(), lon0 = -100 + 8 * r();
      const lat = Float64Array.from({ length: 30 }, () => lat0 + 3 * r());
      const lon = Float64Array.from({ length: 30 }, () => lon0 + 3 * r());
      hulls.push(territoryHull(lat, lon, Array.from(lat, (_, i) => i), { lat: lat0 + 1.5, lon: lon0 + 1.5 }, `R${j}`)!);
    }
    let shared = 0, total = 0;
    for (let a = 0; a < hulls.length; a++) {
      total += area(hulls[a]);
      for (let b = a + 1; b < hulls.length; b++) {
        const x = intersect(featureCollection([feature(hulls[a].geometry), feature(hulls[b].geometry)]));
        shared += x ? area(x) : 0;
      }
    }
    expect(shared / total).toBeGreaterThan(0.05);
    expect(Math.abs(hullOverlap(hulls).areaRatio / (shared / total) - 1)).toBeLessThan(1e-3);
  });

  it('measures overlapping polar caps (turf path) without NaN', () => {
    const ratio = hullOverlap([cap(80, 0), cap(85, 7)]).areaRatio;
    expect(Number.isFinite(ratio)).toBe(true);
    expect(ratio).toBeGreaterThan(0);
    expect(ratio).toBeLessThan(0.5);
  });

  it('bounds the turf path by slowPairsMs: pairs past it are counted as skipped, and the ratio is a lower bound', () => {
    // Four nested polar caps: 6 pairs, every one on the turf path.
    const caps = [cap(70, 0), cap(75, 3), cap(80, 5), cap(85, 7)];
    const full = hullOverlap(caps);
    expect(full.skippedPairs).toBe(0);
    expect(full.areaRatio).toBeGreaterThan(0);
    // No time at all: nothing intersected.
    expect(hullOverlap(caps, 0)).toEqual({ areaRatio: 0, skippedPairs: 6 });
    // Time for one pair: the first is intersected, the five left are skipped.
    const one = hullOverlap(caps, 1e-9);
    expect(one.skippedPairs).toBe(5);
    expect(one.areaRatio).toBeGreaterThan(0);
    expect(one.areaRatio).toBeLessThan(full.areaRatio);
  });
});

describe('hull-overlap module', () => {
  it('re-exports pointsInOtherHulls', () => {
    expect(pointsInOtherHulls).toBe(direct);
  });
});
