/**
 * The normalised, columnar form of a validated input that every pipeline stage works on.
 * One typed array per coordinate and measure; accounts and reps are addressed by index.
 */

/** One measure to balance, as a column. */
export interface MeasureColumn {
  /** Name as the caller wrote it in `balance` (`'potential'`, `'workload'`, `'accounts'` or an attribute). */
  name: string;
  /** Relative band around each target. */
  tolerance: number;
  /** Value per account (length n). */
  values: Float64Array;
  /** Sum of `values`. */
  total: number;
}

/** A validated, normalised problem. Built once by `normalizeInput`; never mutated by a stage. */
export interface Problem {
  /** Number of accounts. */
  n: number;
  /** Number of reps (territories). */
  k: number;
  /** Account ids, in the problem's order: sorted by id (see `normalizeInput`), not the caller's. */
  accountIds: readonly string[];
  /** The caller's position of each account (length n): account i is `input.accounts[inputIndex[i]]`. */
  inputIndex: Int32Array;
  repIds: readonly string[];
  /** Degrees, length n: the caller's own (hulls and overlap are drawn from these). */
  lat: Float64Array;
  lon: Float64Array;
  /**
   * The frame's longitude: the first account's (in id order), 0 without accounts. `xyz` and `homeXyz` are
   * turned about the polar axis by it, so that turning the input turns nothing here (see `frameLongitude`);
   * a direction's longitude in degrees is its frame longitude plus this.
   */
  frameLon: number;
  /** Unit vectors on the sphere in the problem's frame (see `frameLon`), length 3n, interleaved x, y, z. */
  xyz: Float64Array;
  /** Potential per account (always present: it weights distances and is reported). */
  potential: Float64Array;
  /** The balanced measures, in the order of `balance`. */
  measures: MeasureColumn[];
  /** Distance weight per account: a floor plus the mean of the balanced measures, each over its mean. */
  weight: Float64Array;
  /** Capacity per rep (length k), > 0. */
  capacity: Float64Array;
  /** capacity / sum of capacities, length k. */
  share: Float64Array;
  /** Rep home unit vectors, length 3k (NaN where the rep has none). */
  homeXyz: Float64Array;
  /** 1 where the rep has a home, length k. */
  hasHome: Uint8Array;
  /** Locked rep index per account, -1 when none. */
  locked: Int32Array;
  /** Current rep index per account, -1 when none. */
  current: Int32Array;
  /** Realignment: start from `current` and charge `moveCost` (false: a blank-map design). */
  realign: boolean;
  /** What account i costs in any territory but `current[i]`, in objective units (0 when not realigning). */
  moveCost: Float64Array;
  /** Squared chord (unit sphere) limit from each rep's home to its accounts, length k (Infinity: none). */
  maxChord2: Float64Array;
}
