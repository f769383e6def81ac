import { territoryHull } from '../../src/geo/territory-hull.js';
import type { TerritoryHull } from '../../src/types.js';

/** An axis-aligned lon/lat rectangle as a hull feature, counter-clockwise. */
export function box(w: number, s: number, e: number, n: number, repId = 'R'): TerritoryHull {
  return {
    type: 'Feature',
    properties: { repId },
    geometry: { type: 'Polygon', coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] },
  };
}

/** The hull of a rectangle's corners (through territoryHull, so it may be split at the antimeridian). */
export function hullBox(w: number, s: number, e: number, n: number): TerritoryHull {
  const lat = Float64Array.of(s, s, n, n);
  const lon = Float64Array.of(w, e, e, w);
  const mid = (w + ((((e - w) % 360) + 360) % 360) / 2 + 540) % 360 - 180;
  return territoryHull(lat, lon, [0, 1, 2, 3], { lat: (s + n) / 2, lon: mid }, 'R')!;
}
