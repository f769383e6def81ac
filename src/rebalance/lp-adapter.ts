import solver from 'javascript-lp-solver';

/**
 * One row of a linear program: lo <= sum(coef x) <= hi (use -Infinity / Infinity for one-sided rows).
 * With `penalty` the row is elastic: each side may be missed by v at a cost of penalty x v, but by no more
 * than it is missed at x = 0 (a side that holds at x = 0 is hard). Builders write their models as moves from
 * the current plan (x = 0), so this reads "may improve a broken band, never break a band that holds".
 */
export interface LpRow {
  vars: readonly number[];
  coefs: readonly number[];
  lo: number;
  hi: number;
  penalty?: number;
}

/** A linear program in plain arrays: minimise cost . x subject to rows, 0 <= x <= upper. */
export interface LinearProgram {
  numVars: number;
  cost: Float64Array;
  /** Upper bound per variable (Infinity when none). Default none. */
  upper?: Float64Array;
  rows: LpRow[];
}

/** The outcome of one LP solve, checked against the model. */
export interface LpResult {
  status: 'optimal' | 'infeasible' | 'unbounded' | 'time-limit' | 'check-failed' | 'error';
  objective: number;
  /** Variable values (length numVars; zeros unless status is 'optimal'). */
  values: Float64Array;
  /** Sum over elastic rows of how far each is missed (0 when every row holds). */
  violation: number;
  message?: string;
  ms: number;
}

/** The signature every LP backend is called through. */
export type LpSolve = (lp: LinearProgram, options: { timeLimitMs: number }) => LpResult;

/** Residual allowed by the re-check, relative to the row's scale. */
const CHECK_TOLERANCE = 1e-6;

/**
 * Solves a linear program with javascript-lp-solver (a dense simplex, pure JS) behind a small, checked
 * interface: `{ status, objective, values }`, never the library's mixed result object. Every returned
 * solution is re-checked against bounds and rows; a solution that fails is reported as 'check-failed'.
 *
 * javascript-lp-solver honours its timeout only in branch and cut, not in the simplex itself, so a pure LP
 * cannot be interrupted: callers bound the model size instead (measured: see DESIGN.md stage 4). A solve that
 * overruns `timeLimitMs` is still returned but flagged 'time-limit' so the caller can stop using this path.
 *
 * Complexity: dense tableau, roughly O(rows x vars) memory and per pivot.
 * @example solveWithJsLpSolver({ numVars: 1, cost: new Float64Array([1]), rows: [{ vars: [0], coefs: [1], lo: 2, hi: 5 }] }, { timeLimitMs: 1000 }).values // => Float64Array [2]
 */
export const solveWithJsLpSolver: LpSolve = (lp, { timeLimitMs }) => {
  const started = Date.now();
  const values = new Float64Array(lp.numVars);
  const variables: Record<string, Record<string, number>> = {};
  const constraints: Record<string, { min?: number; max?: number; equal?: number }> = {};
  for (let v = 0; v < lp.numVars; v++) variables['v' + v] = { cost: lp.cost[v] };
  const addTerms = (row: LpRow, name: string) => {
    for (let t = 0; t < row.vars.length; t++) {
      const coefs = variables['v' + row.vars[t]];
      coefs[name] = (coefs[name] ?? 0) + row.coefs[t];
    }
  };
  lp.rows.forEach((row, r) => {
    if (row.penalty === undefined) {
      const name = 'r' + r;
      addTerms(row, name);
      constraints[name] = row.lo === row.hi ? { equal: row.lo } : {
        ...(Number.isFinite(row.lo) ? { min: row.lo } : {}),
        ...(Number.isFinite(row.hi) ? { max: row.hi } : {}),
      };
      return;
    }
    // Elastic row, one constraint per side. javascript-lp-solver starts from x = 0 and its phase 1 can cycle
    // forever on a degenerate start (seen on a 232-variable territory LP), so every row is written to hold at
    // x = 0: the slack a side needs there, s0, is written s = s0 - r with 0 <= r <= s0 and cost -penalty on r
    // (the violation removed). A side can therefore never end worse than it started, and phase 1 stays idle.
    if (Number.isFinite(row.lo)) {
      const name = 'l' + r;
      const under0 = Math.max(0, row.lo);
      addTerms(row, name);
      constraints[name] = { min: row.lo - under0 };
      if (under0 > 0) {
        variables['u' + r] = { cost: -row.penalty, [name]: -1, ['ul' + r]: 1 };
        constraints['ul' + r] = { max: under0 };
      }
    }
    if (Number.isFinite(row.hi)) {
      const name = 'h' + r;
      const over0 = Math.max(0, -row.hi);
      addTerms(row, name);
      constraints[name] = { max: row.hi + over0 };
      if (over0 > 0) {
        variables['o' + r] = { cost: -row.penalty, [name]: 1, ['ol' + r]: 1 };
        constraints['ol' + r] = { max: over0 };
      }
    }
  });
  if (lp.upper) {
    for (let v = 0; v < lp.numVars; v++) {
      if (!Number.isFinite(lp.upper[v])) continue;
      constraints['b' + v] = { max: lp.upper[v] };
      variables['v' + v]['b' + v] = 1;
    }
  }
  let raw: Record<string, unknown>;
  try {
    raw = solver.Solve({ optimize: 'cost', opType: 'min', constraints, variables, timeout: timeLimitMs, options: { exitOnCycles: true } }) as Record<string, unknown>;
  } catch (error) {
    return { status: 'error', objective: NaN, values, violation: NaN, message: String(error), ms: Date.now() - started };
  }
  const ms = Date.now() - started;
  if (raw.feasible !== true) return { status: 'infeasible', objective: NaN, values, violation: NaN, ms };
  if (raw.bounded === false) return { status: 'unbounded', objective: NaN, values, violation: NaN, ms };
  for (let v = 0; v < lp.numVars; v++) {
    const x = raw['v' + v];
    values[v] = typeof x === 'number' ? x : 0;
  }
  const check = checkSolution(lp, values);
  if (typeof check === 'string') return { status: 'check-failed', objective: NaN, values, violation: NaN, message: check, ms };
  let objective = check.penaltyCost;
  for (let v = 0; v < lp.numVars; v++) objective += lp.cost[v] * values[v];
  return { status: ms > timeLimitMs ? 'time-limit' : 'optimal', objective, values, violation: check.violation, ms };
};

/**
 * Re-checks a solution independently of the solver: bounds and hard rows must hold (a message naming the
 * first broken one is returned otherwise); elastic rows may be missed, and how far is summed.
 */
export function checkSolution(lp: LinearProgram, values: Float64Array): string | { violation: number; penaltyCost: number } {
  for (let v = 0; v < lp.numVars; v++) {
    const x = values[v];
    const hi = lp.upper ? lp.upper[v] : Infinity;
    if (!Number.isFinite(x) || x < -CHECK_TOLERANCE || x > hi + CHECK_TOLERANCE * Math.max(1, hi)) {
      return `variable ${v} = ${x} outside [0, ${hi}]`;
    }
  }
  let violation = 0;
  let penaltyCost = 0;
  for (let r = 0; r < lp.rows.length; r++) {
    const row = lp.rows[r];
    let sum = 0;
    let scale = 1;
    for (let t = 0; t < row.vars.length; t++) {
      sum += row.coefs[t] * values[row.vars[t]];
      scale = Math.max(scale, Math.abs(row.coefs[t]));
    }
    const eps = CHECK_TOLERANCE * Math.max(scale, Number.isFinite(row.lo) ? Math.abs(row.lo) : 0, Number.isFinite(row.hi) ? Math.abs(row.hi) : 0, 1);
    const miss = Math.max(0, row.lo - sum, sum - row.hi);
    if (row.penalty !== undefined) {
      violation += miss;
      penaltyCost += row.penalty * miss;
    } else if (miss > eps) return `row ${r} = ${sum} outside [${row.lo}, ${row.hi}]`;
  }
  return { violation, penaltyCost };
}
