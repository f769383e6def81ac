/**
 * The accounts of every territory, as index lists in input order: a counting sort of `assign`, so each
 * territory's list is one contiguous, allocation-light array and the later per-territory passes touch only
 * their own accounts.
 *
 * Algorithm: count per territory, prefix sums, one stable placement pass. O(n + k).
 * @param assign territory index per account (length n), each in [0, k)
 * @param k number of territories
 * @returns one Int32Array of account indices per territory, ascending
 * @throws Error when an entry of `assign` is not an integer in [0, k) (every account must be assigned)
 * @example territoryMembers(Int32Array.of(1, 0, 1), 2) // => [Int32Array [1], Int32Array [0, 2]]
 */
export function territoryMembers(assign: Int32Array, k: number): Int32Array[] {
  const n = assign.length;
  const start = new Int32Array(k + 1);
  for (let i = 0; i < n; i++) {
    const j = assign[i];
    if (!(j >= 0 && j < k)) throw new Error(`territoryMembers: assign[${i}] = ${j} is not a territory in [0, ${k})`);
    start[j + 1]++;
  }
  for (let j = 0; j < k; j++) start[j + 1] += start[j];
  const flat = new Int32Array(n);
  const next = start.slice(0, k);
  for (let i = 0; i < n; i++) flat[next[assign[i]]++] = i;
  const out: Int32Array[] = new Array(k);
  for (let j = 0; j < k; j++) out[j] = flat.subarray(start[j], start[j + 1]);
  return out;
}
