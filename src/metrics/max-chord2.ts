/** Below this many points a plain pairwise scan is cheaper than building cells. */
const BRUTE_FORCE_MAX = 256;

/**
 * The largest squared chord distance between two of the given unit vectors: the diameter of the point set,
 * exactly. Chord length grows with great-circle distance, so this pair is also the great-circle diameter.
 *
 * Algorithm: branch and bound over a grid. Points go into cubic cells of a 3-D grid (about m^(1/4) cells per
 * axis, so about sqrt(m) cells are occupied on the sphere's surface); each cell gets its centroid c and
 * radius r. By the triangle inequality no pair drawn from cells A and B is farther apart than
 * |c_A - c_B| + r_A + r_B, so cell pairs are scanned in decreasing order of that bound and the scan stops
 * as soon as the bound cannot beat the best pair found. The answer is exact; the work is O(m log m) for the
 * sorting plus the pairs of the few cell pairs near the diameter, O(m^2) only for adversarial sets (points
 * spread evenly along a circle).
 * @param xyz interleaved unit vectors (x, y, z per point)
 * @param indices which points to consider
 * @returns the squared chord distance (0 for fewer than two points), in [0, 4]
 * @example maxChord2(Float64Array.of(1, 0, 0, -1, 0, 0), [0, 1]) // => 4
 */
export function maxChord2(xyz: Float64Array, indices: ArrayLike<number>): number {
  const m = indices.length;
  if (m < 2) return 0;
  if (m <= BRUTE_FORCE_MAX) return pairScan(xyz, indices, indices, true);

  let lo0 = Infinity, lo1 = Infinity, lo2 = Infinity, hi0 = -Infinity, hi1 = -Infinity, hi2 = -Infinity;
  for (let t = 0; t < m; t++) {
    const p = 3 * indices[t];
    lo0 = Math.min(lo0, xyz[p]); hi0 = Math.max(hi0, xyz[p]);
    lo1 = Math.min(lo1, xyz[p + 1]); hi1 = Math.max(hi1, xyz[p + 1]);
    lo2 = Math.min(lo2, xyz[p + 2]); hi2 = Math.max(hi2, xyz[p + 2]);
  }
  const extent = Math.max(hi0 - lo0, hi1 - lo1, hi2 - lo2);
  if (!(extent > 0)) return 0;
  const g = Math.max(1, Math.ceil(Math.sqrt(Math.sqrt(m))));
  const size = extent / g;
  const side = g + 1;
  const cellOf = new Map<number, number[]>();
  for (let t = 0; t < m; t++) {
    const i = indices[t];
    const p = 3 * i;
    const ix = Math.min(g, Math.floor((xyz[p] - lo0) / size));
    const iy = Math.min(g, Math.floor((xyz[p + 1] - lo1) / size));
    const iz = Math.min(g, Math.floor((xyz[p + 2] - lo2) / size));
    const key = ix + side * (iy + side * iz);
    const list = cellOf.get(key);
    if (list) list.push(i);
    else cellOf.set(key, [i]);
  }

  const cells = [...cellOf.values()];
  const C = cells.length;
  const cen = new Float64Array(3 * C);
  const rad = new Float64Array(C);
  for (let c = 0; c < C; c++) {
    const list = cells[c];
    let sx = 0, sy = 0, sz = 0;
    for (const i of list) {
      sx += xyz[3 * i]; sy += xyz[3 * i + 1]; sz += xyz[3 * i + 2];
    }
    sx /= list.length; sy /= list.length; sz /= list.length;
    cen[3 * c] = sx; cen[3 * c + 1] = sy; cen[3 * c + 2] = sz;
    let r = 0;
    for (const i of list) r = Math.max(r, Math.hypot(xyz[3 * i] - sx, xyz[3 * i + 1] - sy, xyz[3 * i + 2] - sz));
    rad[c] = r;
  }

  // A farthest-point double sweep gives a good lower bound at O(m), so most cell pairs are never stored.
  let best = sweep(xyz, indices);
  const pairA: number[] = [];
  const pairB: number[] = [];
  const bound: number[] = [];
  for (let a = 0; a < C; a++) {
    for (let b = a; b < C; b++) {
      const d = Math.hypot(cen[3 * a] - cen[3 * b], cen[3 * a + 1] - cen[3 * b + 1], cen[3 * a + 2] - cen[3 * b + 2]);
      // The relative slack keeps a pair whose bound equals the best up to rounding, so exactness survives it.
      const ub = (d + rad[a] + rad[b]) * (1 + 1e-12);
      if (ub * ub <= best) continue;
      pairA.push(a);
      pairB.push(b);
      bound.push(ub);
    }
  }
  const order = Array.from(bound.keys()).sort((u, v) => bound[v] - bound[u]);
  for (const q of order) {
    const ub = bound[q];
    if (ub * ub <= best) break;
    const a = pairA[q];
    const b = pairB[q];
    best = Math.max(best, pairScan(xyz, cells[a], cells[b], a === b));
  }
  return best;
}

/** Farthest-point double sweep: from the first point to its farthest, then to that one's farthest. O(m). */
function sweep(xyz: Float64Array, indices: ArrayLike<number>): number {
  let from = indices[0];
  let best = 0;
  for (let round = 0; round < 2; round++) {
    const a = 3 * from;
    let far = from;
    let farD2 = -1;
    for (let t = 0; t < indices.length; t++) {
      const b = 3 * indices[t];
      const dx = xyz[a] - xyz[b], dy = xyz[a + 1] - xyz[b + 1], dz = xyz[a + 2] - xyz[b + 2];
      const d2 = dx * dx + dy * dy + dz * dz;
      if (d2 > farD2) {
        farD2 = d2;
        far = indices[t];
      }
    }
    best = Math.max(best, farD2);
    from = far;
  }
  return best;
}

/** Largest squared chord between a point of `p` and a point of `q` (pairs i < j when they are the same set). */
function pairScan(xyz: Float64Array, p: ArrayLike<number>, q: ArrayLike<number>, same: boolean): number {
  let best = 0;
  for (let s = 0; s < p.length; s++) {
    const a = 3 * p[s];
    const ax = xyz[a], ay = xyz[a + 1], az = xyz[a + 2];
    for (let t = same ? s + 1 : 0; t < q.length; t++) {
      const b = 3 * q[t];
      const dx = ax - xyz[b], dy = ay - xyz[b + 1], dz = az - xyz[b + 2];
      const d2 = dx * dx + dy * dy + dz * dz;
      if (d2 > best) best = d2;
    }
  }
  return best;
}
