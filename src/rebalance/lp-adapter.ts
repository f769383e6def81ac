import solver from 'javascript-lp-solver';

/** One row of a linear program: lo <= sum(coef x) <= hi (use -Infinity / Infinity for one-sided rows). */
export interface LpRow {
  vars: readonly number[];
  coefs: readonly number[];
  lo: number;
  hi: number;
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
  lp.rows.forEach((row, r) => {
    const name = 'r' + r;
    const bound: { min?: number; max?: number; equal?: number } = {};
    if (row.lo === row.hi) bound.equal = row.lo;
    else {
      if (Number.isFinite(row.lo)) bound.min = row.lo;
      if (Number.isFinite(row.hi)) bound.max = row.hi;
    }
    constraints[name] = bound;
    for (let t = 0; t < row.vars.length; t++) {
      const coefs = variables['v' + row.vars[t]];
      coefs[name] = (coefs[name] ?? 0) + row.coefs[t];
    }
  });
  if (lp.upper) {
    for (let v = 0; v < lp.numVars; v++) {
      if (!Number.isFinite(lp.upper[v])) continue;
      constraints['u' + v] = { max: lp.upper[v] };
      variables['v' + v]['u' + v] = 1;
    }
  }
  let raw: Record<string, unknown>;
  try {
    raw = solver.Solve({ optimize: 'cost', opType: 'min', constraints, variables, timeout: timeLimitMs }) as Record<
      string,
      unknown
    >;
  } catch (error) {
    return { status: 'error', objective: NaN, values, message: String(error), ms: Date.now() - started };
  }
  const ms = Date.now() - started;
  if (raw.feasible !== true) return { status: 'infeasible', objective: NaN, values, ms };
  if (raw.bounded === false) return { status: 'unbounded', objective: NaN, values, ms };
  for (let v = 0; v < lp.numVars; v++) {
    const x = raw['v' + v];
    values[v] = typeof x === 'number' ? x : 0;
  }
  const check = checkSolution(lp, values);
  if (check) return { status: 'check-failed', objective: NaN, values, message: check, ms };
  let objective = 0;
  for (let v = 0; v < lp.numVars; v++) objective += lp.cost[v] * values[v];
  return { status: ms > timeLimitMs ? 'time-limit' : 'optimal', objective, values, ms };
};

/** Returns a message naming the first bound or row a solution breaks, or null when it satisfies them all. */
export function checkSolution(lp: LinearProgram, values: Float64Array): string | null {
  for (let v = 0; v < lp.numVars; v++) {
    const x = values[v];
    const hi = lp.upper ? lp.upper[v] : Infinity;
    if (!Number.isFinite(x) || x < -CHECK_TOLERANCE || x > hi + CHECK_TOLERANCE * Math.max(1, hi)) {
      return `variable ${v} = ${x} outside [0, ${hi}]`;
    }
  }
  for (let r = 0; r < lp.rows.length; r++) {
    const row = lp.rows[r];
    let sum = 0;
    let scale = 1;
    for (let t = 0; t < row.vars.length; t++) {
      sum += row.coefs[t] * values[row.vars[t]];
      scale = Math.max(scale, Math.abs(row.coefs[t]));
    }
    const eps = CHECK_TOLERANCE * Math.max(scale, Math.abs(row.lo) || 0, Math.abs(row.hi) || 0, 1);
    if (sum < row.lo - eps || sum > row.hi + eps) return `row ${r} = ${sum} outside [${row.lo}, ${row.hi}]`;
  }
  return null;
}
