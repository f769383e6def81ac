import type { Problem } from '../input/problem.js';

/**
 * Territory loads with their band violation, updated move by move. The violation of a territory is
 * sum_b max(0, |load_jb / target_jb - 1| - band_b): zero exactly when it is inside every band.
 */
export class BandState {
  readonly load: Float64Array;
  private readonly B: number;

  constructor(
    private readonly problem: Problem,
    assign: Int32Array,
    readonly targets: Float64Array,
    readonly band: Float64Array,
  ) {
    this.B = problem.measures.length;
    this.load = new Float64Array(problem.k * this.B);
    for (let i = 0; i < problem.n; i++) {
      const j = assign[i];
      if (j < 0) continue;
      for (let b = 0; b < this.B; b++) this.load[j * this.B + b] += problem.measures[b].values[i];
    }
  }

  /** Violation of territory j, with `delta` x account i's measures added to its load (0 for as it is), and
   *  account `minus`'s taken off when given. */
  violation(j: number, i = -1, delta = 0, minus = -1): number {
    let v = 0;
    for (let b = 0; b < this.B; b++) {
      const t = this.targets[j * this.B + b];
      let load = this.load[j * this.B + b];
      if (i >= 0) load += delta * this.problem.measures[b].values[i];
      if (minus >= 0) load -= this.problem.measures[b].values[minus];
      if (t > 0) v += Math.max(0, Math.abs(load / t - 1) - this.band[b]);
      else if (load > 0) v += 1;
    }
    return v;
  }

  /** Change of total violation if account i moved from territory `from` to `to`. */
  moveDelta(i: number, from: number, to: number): number {
    return this.violation(from, i, -1) + this.violation(to, i, 1) - this.violation(from) - this.violation(to);
  }

  /** Applies the move of account i from `from` to `to` to the loads. */
  move(i: number, from: number, to: number): void {
    for (let b = 0; b < this.B; b++) {
      const value = this.problem.measures[b].values[i];
      this.load[from * this.B + b] -= value;
      this.load[to * this.B + b] += value;
    }
  }

  /** Sum of all territories' violations. */
  total(): number {
    let v = 0;
    for (let j = 0; j < this.problem.k; j++) v += this.violation(j);
    return v;
  }
}
