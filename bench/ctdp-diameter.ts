/**
 * Territory diameters in CTDP units, the way the CTDP literature reports them: the largest Euclidean
 * distance between two basic units of one territory in the [0, 1000]^2 square. Our metrics report
 * great-circle km, so the benchmark maps each account back with `latLonToCtdpUnit` and measures in the plane.
 */
import type { Assignment, TerritoryInput } from '../src/types.js';
import { latLonToCtdpUnit } from '../test/support/instances.js';

/** Convex hull of points (x, y) by Andrew's monotone chain (1979), counter-clockwise. O(m log m). */
export function planarHull(xs: readonly number[], ys: readonly number[]): number[] {
  const idx = xs.map((_, i) => i).sort((a, b) => xs[a] - xs[b] || ys[a] - ys[b]);
  if (idx.length < 3) return idx;
  const cross = (o: number, a: number, b: number): number => (xs[a] - xs[o]) * (ys[b] - ys[o]) - (ys[a] - ys[o]) * (xs[b] - xs[o]);
  const lower: number[] = [];
  for (const p of idx) {
    while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: number[] = [];
  for (let t = idx.length - 1; t >= 0; t--) {
    const p = idx[t];
    while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], p) <= 0) upper.pop();
    upper.push(p);
  }
  return lower.slice(0, -1).concat(upper.slice(0, -1));
}

/**
 * The largest territory diameter of a plan, in CTDP units: per territory, the hull of its units, then
 * every pair of hull vertices (hulls hold a few dozen points, so the quadratic pass is cheap). O(n log n).
 */
export function maxDiameterUnits(input: TerritoryInput, assignments: readonly Assignment[]): number {
  const index = new Map<string, number>();
  input.accounts.forEach((a, i) => index.set(a.id, i));
  const xs = new Map<string, number[]>();
  const ys = new Map<string, number[]>();
  for (const { accountId, repId } of assignments) {
    const a = input.accounts[index.get(accountId)!];
    const { x, y } = latLonToCtdpUnit(a.lat, a.lon);
    if (!xs.has(repId)) {
      xs.set(repId, []);
      ys.set(repId, []);
    }
    xs.get(repId)!.push(x);
    ys.get(repId)!.push(y);
  }
  let best = 0;
  for (const [rep, px] of xs) {
    const py = ys.get(rep)!;
    const hull = planarHull(px, py);
    for (let s = 0; s < hull.length; s++) {
      for (let t = s + 1; t < hull.length; t++) {
        best = Math.max(best, Math.hypot(px[hull[s]] - px[hull[t]], py[hull[s]] - py[hull[t]]));
      }
    }
  }
  return best;
}
