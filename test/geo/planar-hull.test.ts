import { describe, expect, it } from 'vitest';
import { planarHull } from '../../src/geo/planar-hull.js';

const hullOf = (pts: [number, number][]) => Array.from(planarHull(pts.map((p) => p[0]), pts.map((p) => p[1])));

describe('planarHull(x, y)', () => {
  it('returns the corners of a square counter-clockwise from the lowest-x point, skipping inner points', () => {
    expect(hullOf([[1, 1], [0, 0], [0.5, 0.5], [1, 0], [0, 1], [0.2, 0.9]])).toEqual([1, 3, 0, 4]);
  });

  it('leaves out points on an edge and repeated points', () => {
    const pts: [number, number][] = [[0, 0], [1, 0], [2, 0], [2, 2], [2, 2], [0, 2], [0, 1]];
    expect(hullOf(pts).map((i) => pts[i])).toEqual([[0, 0], [2, 0], [2, 2], [0, 2]]);
  });

  it('returns fewer than 3 vertices when the points have no area', () => {
    expect(hullOf([])).toEqual([]);
    expect(hullOf([[3, 4]])).toEqual([0]);
    expect(hullOf([[0, 0], [1, 1], [2, 2], [3, 3]]).length).toBe(2);
    expect(hullOf([[5, 5], [5, 5], [5, 5]]).length).toBeLessThan(3);
  });

  it('is counter-clockwise (positive shoelace area) for random clouds', () => {
    let seed = 3;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let run = 0; run < 20; run++) {
      const pts = Array.from({ length: 50 }, () => [rand(), rand()] as [number, number]);
      const h = hullOf(pts);
      let a = 0;
      for (let i = 0, j = h.length - 1; i < h.length; j = i++) {
        a += pts[h[j]][0] * pts[h[i]][1] - pts[h[i]][0] * pts[h[j]][1];
      }
      expect(a).toBeGreaterThan(0);
      // Every point is on the left of (or on) every hull edge.
      for (let i = 0; i < h.length; i++) {
        const [p, q] = [pts[h[i]], pts[h[(i + 1) % h.length]]];
        for (const s of pts) {
          expect((q[0] - p[0]) * (s[1] - p[1]) - (q[1] - p[1]) * (s[0] - p[0])).toBeGreaterThanOrEqual(-1e-12);
        }
      }
    }
  });
});
