import type { Problem } from '../input/problem.js';

/**
 * Territory loads with their band violation, updated move by move. The violation of a territory is
 * sum_b max(0, |load_jb / target_jb - 1| - band_b): zero exactly when it is inside every band.
 */
export class BandState {
  /** Load per territory and measure (k x B); read-only for callers: `move` keeps it and the cache in step. */
  readonly load: Float64Array;
  private readonly B: number;
  /** The measures account-major (n x B): the repair's hot loop reads one short row per account. */
  private readonly values: Float64Array;
  /** violation(j) as the loads stand, kept current by `move` (the searches ask for it millions of times). */
  private readonly current: Float64Array;

  constructor(
    problem: Problem,
    assign: Int32Array,
    readonly targets: Float64Array,
    readonly band: Float64Array,
  ) {
    const B = (this.B = problem.measures.length);
    this.values = new Float64Array(problem.n * B);
    problem.measures.forEach((m, b) => {
      for (let i = 0; i < problem.n; i++) this.values[i * B + b] = m.values[i];
    });
    this.load = new Float64Array(problem.k * B);
    for (let i = 0; i < problem.n; i++) {
      const j = assign[i];
      if (j < 0) continue;
      for (let b = 0; b < B; b++) this.load[j * B + b] += this.values[i * B + b];
    }
    this.current = new Float64Array(problem.k);
    for (let j = 0; j < problem.k; j++) this.current[j] = this.compute(j, -1, 0, -1);
  }

  /** Violation of territory j, with `delta` x account i's measures added to its load (0 for as it is), and
   *  account `minus`'s taken off when given. */
  violation(j: number, i = -1, delta = 0, minus = -1): number {
    return i < 0 && minus < 0 ? this.current[j] : this.compute(j, i, delta, minus);
  }

  private compute(j: number, i: number, delta: number, minus: number): number {
    const B = this.B;
    let v = 0;
    for (let b = 0; b < B; b++) {
      let load = this.load[j * B + b];
      if (i >= 0) load += delta * this.values[i * B + b];
      if (minus >= 0) load -= this.values[minus * B + b];
      v += this.outside(j, b, load);
    }
    return v;
  }

  /** How far `load` of measure b is outside territory j's band (1 for any load where the target is 0). */
  private outside(j: number, b: number, load: number): number {
    const t = this.targets[j * this.B + b];
    if (t > 0) return Math.max(0, Math.abs(load / t - 1) - this.band[b]);
    return load > 0 ? 1 : 0;
  }

  /**
   * Territory j after the moves `[account, from, to]`, in order, without making them: its violation (`total`,
   * summed in the same order as `move` would sum the loads, so it is what `violation(j)` would give after
   * those moves, to the last bit), and how much of it is load above the band (`over`) and below it (`under`).
   * With measures >= 0, one more move into j cannot lower `over` and one out of j cannot lower `under`.
   * `perMeasure`, when given (length B), receives each measure's part of `total`.
   */
  excessAfter(j: number, moves: readonly (readonly [number, number, number])[], perMeasure?: Float64Array): { total: number; over: number; under: number } {
    const B = this.B;
    let total = 0;
    let over = 0;
    let under = 0;
    for (let b = 0; b < B; b++) {
      let load = this.load[j * B + b];
      for (const [i, from, to] of moves) {
        if (from === j) load -= this.values[i * B + b];
        if (to === j) load += this.values[i * B + b];
      }
      const excess = this.outside(j, b, load);
      if (perMeasure) perMeasure[b] = excess;
      total += excess;
      if (load > this.targets[j * B + b]) over += excess;
      else under += excess;
    }
    return { total, over, under };
  }

  /**
   * `violation(ja) + violation(jb)` after account a moves from ja to jb and account b from jb to ja, without
   * making the moves: the loads are summed in the order the two `move` calls would sum them, so it is the
   * same number to the last bit.
   */
  swapViolation(a: number, ja: number, b: number, jb: number): number {
    const B = this.B;
    let va = 0;
    let vb = 0;
    for (let m = 0; m < B; m++) {
      const ma = this.values[a * B + m];
      const mb = this.values[b * B + m];
      va += this.outside(ja, m, this.load[ja * B + m] - ma + mb);
      vb += this.outside(jb, m, this.load[jb * B + m] + ma - mb);
    }
    return va + vb;
  }

  /** Change of total violation if account i moved from territory `from` to `to`. */
  moveDelta(i: number, from: number, to: number): number {
    return this.compute(from, i, -1, -1) + this.compute(to, i, 1, -1) - this.current[from] - this.current[to];
  }

  /** Applies the move of account i from `from` to `to` to the loads. */
  move(i: number, from: number, to: number): void {
    const B = this.B;
    for (let b = 0; b < B; b++) {
      const value = this.values[i * B + b];
      this.load[from * B + b] -= value;
      this.load[to * B + b] += value;
    }
    this.current[from] = this.compute(from, -1, 0, -1);
    this.current[to] = this.compute(to, -1, 0, -1);
  }

  /** Sum of all territories' violations. */
  total(): number {
    let v = 0;
    for (let j = 0; j < this.current.length; j++) v += this.current[j];
    return v;
  }
}
