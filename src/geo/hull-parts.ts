import type { Polygon } from 'geojson';
import type { TerritoryHull } from '../types.js';

/** One polygon of a territory hull with its lon/lat bounding box. */
export interface HullPart {
  /** Index of the hull (territory) it belongs to. */
  hull: number;
  polygon: Polygon;
  /** [minLon, minLat, maxLon, maxLat]. */
  bbox: [number, number, number, number];
}

/**
 * The polygons of a list of hulls, each with its own bounding box. A hull split at the antimeridian is a
 * MultiPolygon whose single bounding box would span every longitude; one box per part keeps a bbox
 * prefilter tight. Null hulls and polygons without coordinates are skipped.
 * O(total vertices).
 * @param hulls hulls by territory index (null for none)
 * @returns the parts, in hull order
 * @example
 * // the hull of the corners of lon 179..181, lat -18..-16: split at the antimeridian, one box per part
 * hullParts([fijiHull, null]).map((p) => p.bbox)
 * // => [[-180, -18.0026, -179, -16], [179, -18.0026, 180, -16]] (the southern edge is a great circle)
 */
export function hullParts(hulls: readonly (TerritoryHull | null)[]): HullPart[] {
  const parts: HullPart[] = [];
  hulls.forEach((h, j) => {
    if (!h) return;
    const g = h.geometry;
    const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
    for (const coordinates of polys) {
      if (!coordinates[0] || coordinates[0].length < 4) continue;
      const bbox: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
      for (const [x, y] of coordinates[0]) {
        if (x < bbox[0]) bbox[0] = x;
        if (y < bbox[1]) bbox[1] = y;
        if (x > bbox[2]) bbox[2] = x;
        if (y > bbox[3]) bbox[3] = y;
      }
      parts.push({ hull: j, polygon: { type: 'Polygon', coordinates }, bbox });
    }
  });
  return parts;
}
