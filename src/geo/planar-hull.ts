/**
 * Convex hull of points in the plane: the indices of its vertices, counter-clockwise, starting from the
 * lowest-x (then lowest-y) point. Points on a hull edge and repeated points are left out, so fewer than 3
 * vertices means the points have no area (all equal or all on one line).
 *
 * Algorithm: Andrew's monotone chain (Andrew 1979, "Another efficient algorithm for convex hulls in two
 * dimensions"): sort by x then y, build the lower and upper chains with a cross-product turn test.
 * O(m log m) time, O(m) memory. Used instead of turf's `convex`, which wraps concaveman and needs a
 * GeoJSON Feature per point plus an R-tree: several times slower on typed arrays and silent about
 * collinear input.
 * @param x x coordinates
 * @param y y coordinates, same length
 * @returns vertex indices, counter-clockwise (empty for no points)
 * @example planarHull(Float64Array.of(0, 1, 1, 0, 0.5), Float64Array.of(0, 0, 1, 1, 0.5)) // => Int32Array [0, 1, 2, 3]
 */
export function planarHull(x: ArrayLike<number>, y: ArrayLike<number>): Int32Array {
  const m = x.length;
  const order = new Int32Array(m);
  for (let i = 0; i < m; i++) order[i] = i;
  order.sort((a, b) => x[a] - x[b] || y[a] - y[b]);
  const hull = new Int32Array(2 * m + 1);
  // Counter-clockwise turn o -> a -> b is a positive cross product.
  const cross = (o: number, a: number, b: number) => (x[a] - x[o]) * (y[b] - y[o]) - (y[a] - y[o]) * (x[b] - x[o]);
  let h = 0;
  for (let t = 0; t < m; t++) {
    const p = order[t];
    while (h >= 2 && cross(hull[h - 2], hull[h - 1], p) <= 0) h--;
    hull[h++] = p;
  }
  const lower = h + 1;
  for (let t = m - 2; t >= 0; t--) {
    const p = order[t];
    while (h >= lower && cross(hull[h - 2], hull[h - 1], p) <= 0) h--;
    hull[h++] = p;
  }
  // The last point repeats the first one (and for a single point, h is 2: keep one).
  return hull.slice(0, Math.max(Math.min(m, 1), h - 1));
}
