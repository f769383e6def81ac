import type { Problem } from '../input/problem.js';

/** A split of the problem into regions: reps with the accounts they will share. */
export interface Regions {
  count: number;
  /** Region per account, length n. */
  accountRegion: Int32Array;
  /** Region per rep, length k. */
  repRegion: Int32Array;
}

/** Bins of the projection histogram that places each cut. */
const BINS = 4096;
/** Accounts on each side of a cut that may cross it to even out the measures the cut did not. */
const CROSSING_POOL = 600;
/** How close to its capacity share each side's total must come, relative to that share. */
const SIDE_PRECISION = 5e-4;

/**
 * Splits a large problem into regions of at most `maxReps` reps by recursive bisection (DESIGN.md stage 6):
 * each step cuts the accounts with a plane across their principal axis, so that each side holds its reps'
 * capacity share of the combined measures, then trades accounts next to the cut until every balanced measure
 * is within 0.05% of that share on both sides (so a region after c cuts is within about c x 0.05% of its share). Reps with a home go to the side of their home where the counts
 * allow; reps without one fill the sides up to half each. Locked accounts go with their rep.
 * So every region's totals are its capacity share of the whole, and its reps can be balanced on their own.
 * `checkpoint` gets the share of accounts placed in a region, at every node of the split (each cut and each
 * region). O(n log(k / maxReps)).
 * @example splitRegions(problem, 50).count // => Math.ceil(problem.k / 50) or a little more
 */
export function splitRegions(problem: Problem, maxReps: number, checkpoint?: (fraction: number) => void): Regions {
  const accountRegion = new Int32Array(problem.n);
  const repRegion = new Int32Array(problem.k);
  const combined = combinedMeasure(problem);
  let count = 0;
  const stack: { accounts: Int32Array; reps: Int32Array }[] = [
    { accounts: Int32Array.from({ length: problem.n }, (_, i) => i), reps: Int32Array.from({ length: problem.k }, (_, j) => j) },
  ];
  let placed = 0;
  while (stack.length > 0) {
    const node = stack.pop()!;
    checkpoint?.(placed / Math.max(1, problem.n));
    if (node.reps.length <= maxReps) {
      for (const i of node.accounts) accountRegion[i] = count;
      for (const j of node.reps) repRegion[j] = count;
      placed += node.accounts.length;
      count++;
      continue;
    }
    const [left, right] = bisect(problem, combined, node.accounts, node.reps);
    stack.push(right, left);
  }
  return { count, accountRegion, repRegion };
}

/** Each account's sum over the balanced measures of its value over the measure's total (1 per account if none is positive). */
function combinedMeasure(problem: Problem): Float64Array {
  const out = new Float64Array(problem.n);
  let any = false;
  for (const m of problem.measures) {
    if (!(m.total > 0)) continue;
    any = true;
    for (let i = 0; i < problem.n; i++) out[i] += m.values[i] / m.total;
  }
  if (!any) out.fill(1);
  return out;
}

type Side = { accounts: Int32Array; reps: Int32Array };

function bisect(problem: Problem, combined: Float64Array, accounts: Int32Array, reps: Int32Array): [Side, Side] {
  const { xyz } = problem;
  const m = accounts.length;
  const axis = principalAxis(xyz, combined, accounts);
  const proj = new Float64Array(m);
  for (let a = 0; a < m; a++) {
    const i = accounts[a];
    proj[a] = xyz[3 * i] * axis[0] + xyz[3 * i + 1] * axis[1] + xyz[3 * i + 2] * axis[2];
  }
  const { left: leftReps, right: rightReps } = splitReps(problem, reps, axis, proj, accounts, combined);
  let capLeft = 0;
  let capAll = 0;
  for (const j of leftReps) capLeft += problem.capacity[j];
  for (const j of reps) capAll += problem.capacity[j];
  const share = capLeft / capAll;

  const order = cutOrder(proj, accounts, combined, share);
  const onLeft = new Uint8Array(m);
  for (let a = 0; a < order.leftCount; a++) onLeft[order.sorted[a]] = 1;
  const repSide = new Map<number, number>();
  for (const j of leftReps) repSide.set(j, 1);
  for (const j of rightReps) repSide.set(j, 0);
  for (let a = 0; a < m; a++) {
    const lock = problem.locked[accounts[a]];
    if (lock >= 0 && repSide.has(lock)) onLeft[a] = repSide.get(lock)!;
  }
  evenMeasures(problem, accounts, onLeft, share, order);

  let leftCount = 0;
  for (let a = 0; a < m; a++) leftCount += onLeft[a];
  const left = new Int32Array(leftCount);
  const right = new Int32Array(m - leftCount);
  let l = 0;
  let r = 0;
  for (let a = 0; a < m; a++) {
    if (onLeft[a]) left[l++] = accounts[a];
    else right[r++] = accounts[a];
  }
  return [
    { accounts: left, reps: leftReps },
    { accounts: right, reps: rightReps },
  ];
}

/** The direction of greatest weighted spread of the accounts (power iteration on the 3 x 3 covariance). */
function principalAxis(xyz: Float64Array, weight: Float64Array, accounts: Int32Array): [number, number, number] {
  let w = 0;
  const mean = [0, 0, 0];
  for (const i of accounts) {
    const wi = weight[i] + 1e-12;
    w += wi;
    for (let d = 0; d < 3; d++) mean[d] += wi * xyz[3 * i + d];
  }
  for (let d = 0; d < 3; d++) mean[d] /= w || 1;
  const cov = new Float64Array(9);
  for (const i of accounts) {
    const wi = weight[i] + 1e-12;
    const dx = [xyz[3 * i] - mean[0], xyz[3 * i + 1] - mean[1], xyz[3 * i + 2] - mean[2]];
    for (let p = 0; p < 3; p++) for (let q = 0; q < 3; q++) cov[3 * p + q] += wi * dx[p] * dx[q];
  }
  if (!(cov[0] + cov[4] + cov[8] > 0)) return [1, 0, 0];
  // Start from, and orient towards, the first account's offset from the mean (in the problem's id order),
  // never a coordinate axis: turning the map about the pole then turns the axis with it, and the sides, the
  // regions and so the plan stay the same (a start on the widest coordinate axis flipped the cut's sides
  // when the map turned, and a clustered 3,000 x 40 plan changed by 4% of its objective).
  const first = accounts[0];
  const offset = [xyz[3 * first] - mean[0], xyz[3 * first + 1] - mean[1], xyz[3 * first + 2] - mean[2]];
  let v = offset;
  if (!(Math.hypot(v[0], v[1], v[2]) > 0)) v = [cov[0], cov[3], cov[6]].map((x, p) => x + (p === 0 ? 1 : 0));
  for (let iter = 0; iter < 60; iter++) {
    const next = [0, 1, 2].map((p) => cov[3 * p] * v[0] + cov[3 * p + 1] * v[1] + cov[3 * p + 2] * v[2]);
    const norm = Math.hypot(next[0], next[1], next[2]);
    if (!(norm > 0)) break;
    v = next.map((x) => x / norm);
  }
  const sign = v[0] * offset[0] + v[1] * offset[1] + v[2] * offset[2] < 0 ? -1 : 1;
  return [sign * v[0], sign * v[1], sign * v[2]];
}

/**
 * Halves the reps by count. A rep with a home goes to the side of the median cut its home lies on, as far as
 * half the reps allows (the farthest from the cut first); reps without a home fill each side up to half.
 */
function splitReps(problem: Problem, reps: Int32Array, axis: readonly number[], proj: Float64Array, accounts: Int32Array, combined: Float64Array): { left: Int32Array; right: Int32Array } {
  const r = reps.length;
  const leftTarget = Math.floor(r / 2);
  const homed: { j: number; p: number }[] = [];
  const free: number[] = [];
  for (const j of reps) {
    if (problem.hasHome[j]) {
      const h = problem.homeXyz;
      homed.push({ j, p: h[3 * j] * axis[0] + h[3 * j + 1] * axis[1] + h[3 * j + 2] * axis[2] });
    } else free.push(j);
  }
  homed.sort((a, b) => a.p - b.p || a.j - b.j);
  let homedLeft = 0;
  if (homed.length > 0) {
    const median = cutOrder(proj, accounts, combined, 0.5);
    const cut = median.leftCount > 0 ? proj[median.sorted[median.leftCount - 1]] : -Infinity;
    while (homedLeft < homed.length && homed[homedLeft].p <= cut) homedLeft++;
  }
  // No side may get more than its half: spill the homes nearest the cut to the other side.
  homedLeft = Math.min(Math.max(homedLeft, homed.length - (r - leftTarget)), leftTarget);
  const left = [...homed.slice(0, homedLeft).map((h) => h.j), ...free.slice(0, leftTarget - homedLeft)];
  const right = [...homed.slice(homedLeft).map((h) => h.j), ...free.slice(leftTarget - homedLeft)];
  return { left: Int32Array.from(left), right: Int32Array.from(right) };
}

/** Accounts in the order of their projection near the cut, and how many of them go left. */
interface CutOrder {
  /** Local indices: all accounts, those below the window unsorted, the window sorted, those above unsorted. */
  sorted: Int32Array;
  /** The first `leftCount` of `sorted` are on the left. */
  leftCount: number;
  /** The sorted window around the cut: sorted[windowStart..windowEnd). */
  windowStart: number;
  windowEnd: number;
}

/**
 * Where to cut so that the left side holds `share` of the combined measure: a histogram of the projections
 * finds the bin the cut falls in, and only a window of bins around it (at least CROSSING_POOL accounts each
 * side) is sorted. O(m + window log window).
 */
function cutOrder(proj: Float64Array, accounts: Int32Array, combined: Float64Array, share: number): CutOrder {
  const m = proj.length;
  let lo = Infinity;
  let hi = -Infinity;
  for (let a = 0; a < m; a++) {
    lo = Math.min(lo, proj[a]);
    hi = Math.max(hi, proj[a]);
  }
  const span = hi - lo;
  const binOf = (p: number) => (span > 0 ? Math.min(BINS - 1, Math.floor(((p - lo) / span) * BINS)) : 0);
  const binWeight = new Float64Array(BINS);
  const binCount = new Int32Array(BINS);
  let total = 0;
  for (let a = 0; a < m; a++) {
    const b = binOf(proj[a]);
    binWeight[b] += combined[accounts[a]];
    binCount[b]++;
    total += combined[accounts[a]];
  }
  const goal = share * total;
  let cutBin = 0;
  let before = 0;
  while (cutBin < BINS - 1 && before + binWeight[cutBin] < goal) before += binWeight[cutBin++];
  let first = cutBin;
  let last = cutBin;
  let below = 0;
  let above = 0;
  while (first > 0 && below < CROSSING_POOL) below += binCount[--first];
  while (last < BINS - 1 && above < CROSSING_POOL) above += binCount[++last];
  let beforeWindow = 0;
  for (let b = 0; b < first; b++) beforeWindow += binWeight[b];

  const window: number[] = [];
  const sorted = new Int32Array(m);
  let head = 0;
  let tail = m;
  for (let a = 0; a < m; a++) {
    const b = binOf(proj[a]);
    if (b < first) sorted[head++] = a;
    else if (b > last) sorted[--tail] = a;
    else window.push(a);
  }
  window.sort((x, y) => proj[x] - proj[y] || accounts[x] - accounts[y]);
  const windowStart = head;
  let acc = beforeWindow;
  let leftCount = head;
  for (const a of window) {
    sorted[head++] = a;
    // The account goes left while that brings the left side closer to its share.
    if (Math.abs(acc + combined[accounts[a]] - goal) <= Math.abs(acc - goal) && leftCount === head - 1) {
      acc += combined[accounts[a]];
      leftCount = head;
    }
  }
  return { sorted, leftCount, windowStart, windowEnd: head };
}

/**
 * Moves accounts next to the cut across it, nearest first, each move taken when it lowers the sum of squared
 * relative misses of the sides' shares over the balanced measures, until every measure is within
 * SIDE_PRECISION of its share on both sides (at most 3 sweeps). Nearest first, so that a moved account stays
 * on the border, touching its new side, rather than becoming an enclave. Locked accounts do not move.
 * O(sweeps x window x B).
 */
function evenMeasures(problem: Problem, accounts: Int32Array, onLeft: Uint8Array, share: number, order: CutOrder): void {
  const B = problem.measures.length;
  const miss = new Float64Array(B);
  const scale = new Float64Array(B);
  for (let b = 0; b < B; b++) {
    const { values } = problem.measures[b];
    let left = 0;
    let all = 0;
    for (let a = 0; a < accounts.length; a++) {
      const v = values[accounts[a]];
      all += v;
      if (onLeft[a]) left += v;
    }
    // Relative to the smaller side's share, so that both sides end within SIDE_PRECISION of theirs.
    scale[b] = all > 0 ? 1 / (all * Math.min(share, 1 - share)) : 0;
    miss[b] = (left - share * all) * scale[b];
  }
  const worst = () => Math.max(...Array.from(miss, Math.abs));
  // The window's accounts by distance from the cut: alternately the next one below it and the next above.
  const pool: number[] = [];
  for (let below = order.leftCount - 1, above = order.leftCount; below >= order.windowStart || above < order.windowEnd; below--, above++) {
    if (below >= order.windowStart) pool.push(order.sorted[below]);
    if (above < order.windowEnd) pool.push(order.sorted[above]);
  }
  for (let sweep = 0; sweep < 3 && worst() > SIDE_PRECISION; sweep++) {
    for (const a of pool) {
      if (worst() <= SIDE_PRECISION) break;
      if (problem.locked[accounts[a]] >= 0) continue;
      const sign = onLeft[a] ? -1 : 1;
      let before = 0;
      let after = 0;
      for (let b = 0; b < B; b++) {
        const x = miss[b] + sign * problem.measures[b].values[accounts[a]] * scale[b];
        before += miss[b] * miss[b];
        after += x * x;
      }
      if (!(after < before * (1 - 1e-12))) continue;
      for (let b = 0; b < B; b++) miss[b] += sign * problem.measures[b].values[accounts[a]] * scale[b];
      onLeft[a] ^= 1;
    }
  }
}
