/** Squared chord distances closer than this are a tie: centres at one spot, up to the rounding of their means
 *  (1e-18 is a chord of 1e-9, ~6 mm on the Earth). */
const TIE = 1e-18;

/**
 * For every account, its `count` nearest territory centres by chord distance, nearest first. Up to
 * `SCAN_CENTERS` usable centres every account scans them all, O(n k); above, a static 3-d k-d tree over the
 * centres (built once per call, O(k log k); each query about O(log k + count)) makes it O(n log k). Both
 * give the same rows. Centres with `excluded[j] = 1` (or NaN coordinates) are skipped.
 * Centres at the same distance (within `TIE`) are ranked from `i mod k` upwards, a different order for each
 * account: when centres coincide (every account on one spot, so every centre there too), a fixed order would
 * give every account the same `count` candidates, and no account could reach the other territories (all on
 * one spot with 8+ reps left reps empty and the band unmet).
 *
 * @returns Int32Array of length n x count, row i holding account i's candidates (-1 pads rows when fewer
 *   than `count` centres are usable).
 * @example nearestCenters(xyz, n, centers, k, 4)[0] // => index of account 0's nearest centre
 */
export function nearestCenters(
  xyz: Float64Array,
  n: number,
  centers: Float64Array,
  k: number,
  count: number,
  excluded?: Uint8Array,
): Int32Array {
  const ids: number[] = [];
  for (let j = 0; j < k; j++) {
    if (excluded?.[j]) continue;
    if (!Number.isFinite(centers[3 * j]) || !Number.isFinite(centers[3 * j + 1]) || !Number.isFinite(centers[3 * j + 2])) continue;
    ids.push(j);
  }
  const order = Int32Array.from(ids);
  const out = new Int32Array(n * count).fill(-1);
  const best: Best = { d: new Float64Array(count), j: new Int32Array(count), r: new Int32Array(count) };
  const scan = order.length <= SCAN_CENTERS;
  if (!scan) buildTree(order, centers, 0, order.length, 0);
  // The descent's stack of [lo, hi, axis, bound]: each node pushes two children, so 8 entries per level of
  // the tree (depth <= log2 k + 1) and 4 for the root are enough.
  const stack = scan ? null : new Float64Array(8 * (Math.ceil(Math.log2(order.length + 1)) + 2) + 4);
  for (let i = 0; i < n; i++) {
    // Loops, not fill(): per account on lists of 4-8, the builtin's call cost more than the stores.
    for (let c = 0; c < count; c++) {
      best.d[c] = Infinity;
      best.j[c] = -1;
      best.r[c] = k;
    }
    const first = i % k;
    const px = xyz[3 * i];
    const py = xyz[3 * i + 1];
    const pz = xyz[3 * i + 2];
    if (!stack) {
      for (let o = 0; o < order.length; o++) offer(best, centers, order[o], px, py, pz, first, k);
      for (let c = 0; c < count; c++) out[i * count + c] = best.j[c];
      continue;
    }
    // Iterative descent with an explicit stack of [lo, hi, axis, lower bound on the distance]: a far side is
    // visited only if the splitting plane is closer than the current count-th best.
    let top = 0;
    stack[top++] = 0;
    stack[top++] = order.length;
    stack[top++] = 0;
    stack[top++] = 0;
    while (top > 0) {
      const bound = stack[--top];
      const axis = stack[--top];
      const hi = stack[--top];
      const lo = stack[--top];
      // A subtree within TIE of the count-th distance may still hold a tied centre of better rank.
      if (hi <= lo || bound - best.d[count - 1] > TIE) continue;
      const mid = (lo + hi) >> 1;
      const j = order[mid];
      offer(best, centers, j, px, py, pz, first, k);
      const diff = (axis === 0 ? px : axis === 1 ? py : pz) - centers[3 * j + axis];
      const next = (axis + 1) % 3;
      const plane = diff * diff;
      // Far side first on the stack, so the near side is searched first and tightens the bound.
      const nearLo = diff < 0 ? lo : mid + 1;
      const nearHi = diff < 0 ? mid : hi;
      stack[top++] = diff < 0 ? mid + 1 : lo;
      stack[top++] = diff < 0 ? hi : mid;
      stack[top++] = next;
      stack[top++] = plane;
      stack[top++] = nearLo;
      stack[top++] = nearHi;
      stack[top++] = next;
      stack[top++] = bound;
    }
    out.set(best.j, i * count);
  }
  return out;
}

/** Up to this many centres, every account scans them all: 2-3x faster than the tree's descent at 25 centres
 *  (5,000 accounts, 8 candidates: 3.9 ms against 8.6 ms), where the descent visits most nodes anyway. */
export const SCAN_CENTERS = 64;

/** One account's best centres so far, nearest first: squared distances, indices and tie ranks. */
interface Best {
  d: Float64Array;
  j: Int32Array;
  r: Int32Array;
}

/**
 * Offers centre j to the account at (px, py, pz), whose tie ranks start at `first`: kept if it is closer. A
 * centre more than TIE farther than the count-th best (most of them, once the list fills) is passed over
 * before its tie rank is computed (`closer` is false for it either way). With the loops in `nearestCenters`
 * instead of fill() and set(), the scan runs 1.1-1.3x faster at 25 centres (100,000 accounts: 38.5 -> 29.8 ms
 * with 4 candidates, 61.5 -> 55.7 ms with 8), and the tree's descent 1.1x at 200 (111 -> 97 ms, 178 -> 161).
 */
function offer(best: Best, centers: Float64Array, j: number, px: number, py: number, pz: number, first: number, k: number): void {
  const dx = px - centers[3 * j];
  const dy = py - centers[3 * j + 1];
  const dz = pz - centers[3 * j + 2];
  const d = dx * dx + dy * dy + dz * dz;
  const last = best.d.length - 1;
  if (d - best.d[last] > TIE) return;
  const rank = j >= first ? j - first : j - first + k;
  if (closer(d, rank, best.d[last], best.r[last])) insert(best.d, best.j, best.r, d, j, rank);
}

/** Whether a centre at squared distance d with tie rank r comes before one at (d2, r2). */
function closer(d: number, r: number, d2: number, r2: number): boolean {
  // Differences, not d2 - TIE: near 0.008 (5 degrees) an ulp is 1.7e-18, so d2 - TIE rounds to d2 - 1 ulp and
  // a centre 1 ulp nearer would be neither closer nor tied (the tree then kept whichever it met first).
  return d2 - d > TIE || (d - d2 <= TIE && r < r2);
}

function insert(bestD: Float64Array, bestJ: Int32Array, bestR: Int32Array, d: number, j: number, rank: number): void {
  let p = bestD.length - 1;
  while (p > 0 && closer(d, rank, bestD[p - 1], bestR[p - 1])) {
    bestD[p] = bestD[p - 1];
    bestJ[p] = bestJ[p - 1];
    bestR[p] = bestR[p - 1];
    p--;
  }
  bestD[p] = d;
  bestJ[p] = j;
  bestR[p] = rank;
}

/** In-place k-d tree: order[lo..hi) is split at its median on `axis`, recursively (depth O(log k)). */
function buildTree(order: Int32Array, centers: Float64Array, lo: number, hi: number, axis: number): void {
  if (hi - lo <= 1) return;
  const mid = (lo + hi) >> 1;
  const sorted = Array.from(order.subarray(lo, hi)).sort((a, b) => centers[3 * a + axis] - centers[3 * b + axis]);
  order.set(sorted, lo);
  buildTree(order, centers, lo, mid, (axis + 1) % 3);
  buildTree(order, centers, mid + 1, hi, (axis + 1) % 3);
}
