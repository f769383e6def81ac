/** Points per kd-tree leaf. */
const LEAF = 8;

/**
 * The largest great-circle angle (radians) between two of the given unit vectors, exactly, for sets spread
 * wide over the sphere (a territory wider than a quarter of the globe).
 *
 * Algorithm: for unit vectors |a - b|^2 = 4 - |a + b|^2, so the farthest pair of S is the closest pair
 * between S and its antipodes -S. Closest pairs prune well where farthest pairs do not: near the antipode
 * the chord barely changes with the angle, so bounds on farthest chords stay loose, while distances to -S
 * are small and sharply bounded there. A kd-tree over S (median splits on the widest axis, leaves of 8) is
 * searched from every -p, pruning boxes farther than the best distance found so far (a farthest-point
 * double sweep gives the first one). The angle comes from that closest chord c as pi - 2 asin(c / 2),
 * which stays well-conditioned near pi where going through the farthest chord would not.
 *
 * O(m log m) to build; each search visits the boxes within the best distance of -p, so O(m log m) overall
 * for sets spread over a hemisphere or more, degrading only as the set shrinks toward a small cap (use the
 * hull route of `territoryDiameterKm` there).
 * @param xyz interleaved unit vectors (x, y, z per point)
 * @param indices which points to consider (at least one)
 * @returns the diameter as an angle in [0, pi] radians
 * @example antipodalDiameter(Float64Array.of(1, 0, 0, 0, 1, 0, -1, 0, 0), [0, 1, 2]) // => Math.PI
 */
export function antipodalDiameter(xyz: Float64Array, indices: ArrayLike<number>): number {
  const m = indices.length;
  if (m < 2) return 0;
  const order = Int32Array.from(indices);
  // Node arrays: box (min x,y,z, max x,y,z), children or a leaf's range in `order`.
  // Median splits stop above LEAF points, so every leaf holds more than LEAF / 2: at most 2m / LEAF leaves.
  const capacity = 2 * Math.ceil((2 * m) / LEAF) + 1;
  const box = new Float64Array(6 * capacity);
  const left = new Int32Array(capacity).fill(-1);
  const right = new Int32Array(capacity).fill(-1);
  const from = new Int32Array(capacity);
  const to = new Int32Array(capacity);
  let nodes = 0;
  const build = (lo: number, hi: number): number => {
    const node = nodes++;
    from[node] = lo;
    to[node] = hi;
    const b = 6 * node;
    box.fill(Infinity, b, b + 3);
    box.fill(-Infinity, b + 3, b + 6);
    for (let t = lo; t < hi; t++) {
      for (let d = 0; d < 3; d++) {
        const v = xyz[3 * order[t] + d];
        if (v < box[b + d]) box[b + d] = v;
        if (v > box[b + 3 + d]) box[b + 3 + d] = v;
      }
    }
    if (hi - lo <= LEAF) return node;
    let axis = 0;
    for (let d = 1; d < 3; d++) if (box[b + 3 + d] - box[b + d] > box[b + 3 + axis] - box[b + axis]) axis = d;
    const mid = (lo + hi) >> 1;
    select(xyz, order, lo, hi - 1, mid, axis);
    left[node] = build(lo, mid);
    right[node] = build(mid, hi);
    return node;
  };
  build(0, m);

  let best = sweepAntipodal2(xyz, order);
  const stack = new Int32Array(capacity);
  for (let s = 0; s < m; s++) {
    const p = 3 * order[s];
    const qx = -xyz[p], qy = -xyz[p + 1], qz = -xyz[p + 2];
    let top = 0;
    stack[top++] = 0;
    while (top > 0) {
      const node = stack[--top];
      const b = 6 * node;
      const gx = Math.max(box[b] - qx, 0, qx - box[b + 3]);
      const gy = Math.max(box[b + 1] - qy, 0, qy - box[b + 4]);
      const gz = Math.max(box[b + 2] - qz, 0, qz - box[b + 5]);
      if (gx * gx + gy * gy + gz * gz >= best) continue;
      if (left[node] < 0) {
        for (let t = from[node]; t < to[node]; t++) {
          const c = 3 * order[t];
          // |(-p) - x|^2 written as |p + x|^2: no cancellation for nearly antipodal pairs.
          const dx = xyz[p] + xyz[c], dy = xyz[p + 1] + xyz[c + 1], dz = xyz[p + 2] + xyz[c + 2];
          const d2 = dx * dx + dy * dy + dz * dz;
          if (d2 < best) best = d2;
        }
      } else {
        stack[top++] = left[node];
        stack[top++] = right[node];
      }
    }
  }
  return Math.PI - 2 * Math.asin(Math.min(1, Math.sqrt(best) / 2));
}

/** |a + b|^2 for the pair of a farthest-point double sweep: an upper bound on the closest antipodal chord^2. */
function sweepAntipodal2(xyz: Float64Array, order: Int32Array): number {
  let from = order[0];
  let best = Infinity;
  for (let round = 0; round < 2; round++) {
    const a = 3 * from;
    let far = from;
    let farD2 = Infinity;
    for (let t = 0; t < order.length; t++) {
      const b = 3 * order[t];
      const dx = xyz[a] + xyz[b], dy = xyz[a + 1] + xyz[b + 1], dz = xyz[a + 2] + xyz[b + 2];
      const d2 = dx * dx + dy * dy + dz * dz;
      if (d2 < farD2) {
        farD2 = d2;
        far = order[t];
      }
    }
    best = Math.min(best, farD2);
    from = far;
  }
  return best;
}

/** Quickselect with Hoare partitioning: reorders order[lo..hi] so order[k] has the k-th smallest coordinate on `axis`. */
function select(xyz: Float64Array, order: Int32Array, lo: number, hi: number, k: number, axis: number): void {
  while (hi > lo) {
    const pivot = xyz[3 * order[(lo + hi) >> 1] + axis];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (xyz[3 * order[i] + axis] < pivot) i++;
      while (xyz[3 * order[j] + axis] > pivot) j--;
      if (i <= j) {
        const t = order[i];
        order[i] = order[j];
        order[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}
