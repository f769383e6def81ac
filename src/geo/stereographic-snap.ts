import { stereographicCenter } from './stereographic-center.js';
import { tangentBasis } from './tangent-basis.js';
import { ACCOUNTS_PER_CHECK_MASK } from '../util/progress.js';

/**
 * Snapping step of projected coordinates relative to their largest magnitude: under 1 mm on the ground for
 * regional data (a projected unit is about 2 radians near the centre), up to about 1 m for points all over
 * the globe (the pole then sits near some point, stretching the range).
 */
const SNAP_RELATIVE = 2 ** -42;
/** Absolute floor of the snapping step: stays far above delaunator's duplicate epsilon (2^-52). */
const SNAP_ABSOLUTE = 2 ** -46;

/**
 * Points on the unit sphere as distinct planar points ready for delaunator: stereographic projection from the
 * pole -c (`stereographicCenter`), snapped to a grid and deduplicated.
 *
 * Algorithm: x = v.e1 / (1 + v.c), y = v.e2 / (1 + v.c) for a tangent basis (e1, e2) at c, the denominator
 * computed as |v + c|^2 / 2 (no cancellation near the pole). Coordinates are rounded to a grid step of
 * 2^-42 of their largest magnitude (at least 2^-46) and repeats found with an open-addressing hash table:
 * points closer than the step become one representative, and the survivors stay at least one step apart,
 * far above delaunator's duplicate epsilon (2^-52), so delaunator drops nothing in practice. Representatives
 * are then ordered by a counting sort on their distance from the middle of their bounding box: delaunator
 * sweeps outward from the middle, and handing it points in roughly that order keeps its memory accesses
 * local (measured about 2x faster at 10^6 points).
 * O(n) time and memory.
 * @param xyz interleaved unit vectors, length >= 3n
 * @param n number of points (>= 1)
 * @param checkpoint called with the share done between the steps and every 65,536 points of each pass
 *   (at 10^6 points the whole took 0.6 s); it may throw to abort
 * @returns `coords` (interleaved x, y of the u representatives, in sweep order), `repPoint` (the point each
 * representative is, length u) and `repOf` (the representative of each point, length n)
 * @example stereographicSnap(xyzOf([[0, 0], [0, 0], [0, 1]]), 3).repOf // => Int32Array [0, 0, 1]
 */
export function stereographicSnap(
  xyz: Float64Array,
  n: number,
  checkpoint?: (fraction: number) => void,
): { coords: Float64Array; repPoint: Int32Array; repOf: Int32Array } {
  const [cx, cy, cz] = stereographicCenter(xyz, n);
  checkpoint?.(0.15);
  // Tangent basis (e1, e2) at c; the opposite orientation of tangentBasis's (a, b), kept as it always was.
  const [ax, ay, az, bx, by, bz] = tangentBasis(cx, cy, cz);
  const e1x = -ax, e1y = -ay, e1z = -az;
  const e2x = -bx, e2y = -by, e2z = -bz;

  const px = new Float64Array(n);
  const py = new Float64Array(n);
  let scale = 0;
  for (let i = 0; i < n; i++) {
    const vx = xyz[3 * i], vy = xyz[3 * i + 1], vz = xyz[3 * i + 2];
    // 1 + v.c written as |v + c|^2 / 2: no cancellation for points near the pole.
    const sx = vx + cx, sy = vy + cy, sz = vz + cz;
    const d = Math.max((sx * sx + sy * sy + sz * sz) / 2, 1e-300);
    px[i] = (vx * e1x + vy * e1y + vz * e1z) / d;
    py[i] = (vx * e2x + vy * e2y + vz * e2z) / d;
    scale = Math.max(scale, Math.abs(px[i]), Math.abs(py[i]));
  }
  const step = Math.max(scale * SNAP_RELATIVE, SNAP_ABSOLUTE);
  checkpoint?.(0.3);

  let size = 1;
  while (size < 2 * n) size *= 2;
  const table = new Int32Array(size).fill(-1);
  const qx = new Float64Array(n);
  const qy = new Float64Array(n);
  const repPointAll = new Int32Array(n);
  const repOf = new Int32Array(n);
  let u = 0;
  for (let i = 0; i < n; i++) {
    if (checkpoint && (i & ACCOUNTS_PER_CHECK_MASK) === 0) checkpoint(0.3 + (0.4 * i) / n);
    const a = Math.round(px[i] / step), b = Math.round(py[i] / step);
    let h = (Math.imul(a | 0, 0x9e3779b1) ^ Math.imul((a / 4294967296) | 0, 0x85ebca77) ^
      Math.imul(b | 0, 0xc2b2ae3d) ^ Math.imul((b / 4294967296) | 0, 0x27d4eb2f)) >>> 0;
    h = (h ^ (h >>> 15)) & (size - 1);
    for (;;) {
      const r = table[h];
      if (r < 0) {
        table[h] = u;
        qx[u] = a;
        qy[u] = b;
        repPointAll[u] = i;
        repOf[i] = u++;
        break;
      }
      if (qx[r] === a && qy[r] === b) {
        repOf[i] = r;
        break;
      }
      h = (h + 1) & (size - 1);
    }
  }
  // Delaunator sweeps the points outward from the middle; handing them over in roughly that order (a
  // counting sort on the distance from the middle) keeps its memory accesses local: about 2x faster at 1e6.
  checkpoint?.(0.7);
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  for (let r = 0; r < u; r++) {
    minX = Math.min(minX, qx[r]); maxX = Math.max(maxX, qx[r]);
    minY = Math.min(minY, qy[r]); maxY = Math.max(maxY, qy[r]);
  }
  const mx = (minX + maxX) / 2, my = (minY + maxY) / 2;
  const far = Math.max((maxX - mx) ** 2 + (maxY - my) ** 2, 1);
  const bucket = new Int32Array(u);
  const start = new Int32Array(u + 1);
  for (let r = 0; r < u; r++) {
    if (checkpoint && (r & ACCOUNTS_PER_CHECK_MASK) === 0) checkpoint(0.7 + (0.1 * r) / u);
    bucket[r] = Math.min(u - 1, Math.floor((((qx[r] - mx) ** 2 + (qy[r] - my) ** 2) / far) * u));
    start[bucket[r] + 1]++;
  }
  for (let b = 0; b < u; b++) start[b + 1] += start[b];
  const order = new Int32Array(u);
  for (let r = 0; r < u; r++) {
    if (checkpoint && (r & ACCOUNTS_PER_CHECK_MASK) === 0) checkpoint(0.8 + (0.05 * r) / u);
    order[start[bucket[r]]++] = r;
  }
  checkpoint?.(0.85);
  const coords = new Float64Array(2 * u);
  const repPoint = new Int32Array(u);
  const slot = new Int32Array(u);
  for (let t = 0; t < u; t++) {
    if (checkpoint && (t & ACCOUNTS_PER_CHECK_MASK) === 0) checkpoint(0.85 + (0.1 * t) / u);
    const r = order[t];
    coords[2 * t] = qx[r] * step;
    coords[2 * t + 1] = qy[r] * step;
    repPoint[t] = repPointAll[r];
    slot[r] = t;
  }
  for (let i = 0; i < n; i++) repOf[i] = slot[repOf[i]];
  return { repOf, repPoint, coords };
}
