import { computeCenters } from '../geo/centers.js';
import { fromVector } from '../geo/unit-vector.js';
import type { Problem } from '../input/problem.js';
import type { LatLon } from '../types.js';

/** Territory centres both as unit vectors (for chord distances) and in degrees (for reports). */
export interface TerritoryCenters {
  /** Unit vector per territory, length 3k; NaN only for an empty territory without a home. */
  xyz: Float64Array;
  /** Centre in degrees per territory; null for an empty territory without a home. */
  latLon: (LatLon | null)[];
}

/**
 * The centres the metrics measure against: `computeCenters` (the rep's home, else the weight-averaged
 * direction of its accounts), made safe for reporting. When a territory's accounts cancel out on the sphere
 * (say two antipodal accounts) the average has no direction; every point is then about as central as any
 * other, so its first account stands in rather than letting NaN into the distances. O(n + k).
 * @param problem the normalised problem
 * @param assign territory index per account
 * @param members account indices per territory (see `territoryMembers`)
 * @example territoryCenters(problem, assign, members).latLon[0] // => { lat: 40.7, lon: -73.9 }
 */
export function territoryCenters(problem: Problem, assign: Int32Array, members: readonly Int32Array[]): TerritoryCenters {
  const xyz = computeCenters(problem, assign);
  const latLon: (LatLon | null)[] = new Array(problem.k);
  for (let j = 0; j < problem.k; j++) {
    let x = xyz[3 * j];
    let y = xyz[3 * j + 1];
    let z = xyz[3 * j + 2];
    if (!(Number.isFinite(x) && Number.isFinite(y) && Number.isFinite(z) && Math.hypot(x, y, z) > 0)) {
      if (members[j].length === 0) {
        latLon[j] = null;
        continue;
      }
      const i = members[j][0];
      x = problem.xyz[3 * i];
      y = problem.xyz[3 * i + 1];
      z = problem.xyz[3 * i + 2];
      xyz[3 * j] = x;
      xyz[3 * j + 1] = y;
      xyz[3 * j + 2] = z;
    }
    // The vectors are in the problem's frame (`Problem.frameLon`); the report is in the caller's degrees.
    const { lat, lon } = fromVector(x, y, z);
    const turned = lon + problem.frameLon;
    latLon[j] = { lat, lon: turned > 180 ? turned - 360 : turned < -180 ? turned + 360 : turned };
  }
  return { xyz, latLon };
}
