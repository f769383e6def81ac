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
  /** Set when javascript-lp-solver stopped at `LpSolveOptions.workLimit`. */
  workLimited?: true;
}

/** The signature every LP backend is called through. */
export type LpSolve = (lp: LinearProgram, options: LpSolveOptions) => LpResult;

/** Limits of one LP solve. */
export interface LpSolveOptions {
  timeLimitMs: number;
  /**
   * javascript-lp-solver only (HiGHS ignores it): stop once the simplex has done this much work, counted as
   * pivots x model columns x model rows (a pivot of its dense tableau costs about that). Unlike a time limit
   * it does not depend on how busy the machine is: the same model stops at the same pivot. The result is then
   * 'time-limit' with `workLimited` set.
   */
  workLimit?: number;
}

/** Residual allowed by the re-check, relative to the row's scale. */
const CHECK_TOLERANCE = 1e-6;

/**
 * One hard row of the elastic expansion of a {@link LinearProgram} (see {@link expandElasticRows}): the terms
 * of row `source`, plus the slack column `slack` (when >= 0) with coefficient -1 on a lower side and +1 on an
 * upper side, held inside [lo, hi].
 */
export interface ExpandedRow {
  /** Index of the LpRow whose terms this row carries. */
  source: number;
  /** The side of the source row this row holds: a hard row keeps both, an elastic row is split in two. */
  side: 'both' | 'lo' | 'hi';
  lo: number;
  hi: number;
  /** Column of the slack that relaxes this side; -1 when the side holds at x = 0 and so stays hard. */
  slack: number;
}

/** A linear program with its elastic rows expanded into hard rows and bounded slack columns. */
export interface ExpandedLp {
  /** Columns: the LP's variables first, then one slack per relaxed side, in row order. */
  numCols: number;
  cost: Float64Array;
  /** Upper bound per column (Infinity when none); every lower bound is 0. */
  upper: Float64Array;
  rows: ExpandedRow[];
  /** Penalty paid at the slacks' origin: expanded objective + offset = cost . x + sum of penalty x miss. */
  offset: number;
}

/**
 * Rewrites the elastic rows of an LP as hard rows with bounded slacks, the form every backend solves, so the
 * elastic semantics live in one place. A side missed by s0 at x = 0 becomes `sum - r >= lo - s0` (a lower
 * side) or `sum + r <= hi + s0` (an upper side) with 0 <= r <= s0 at cost -penalty per unit: r is the
 * violation removed, so the miss is s0 - r, never more than at x = 0, and it costs penalty x miss up to the
 * constant `offset`. A side that holds at x = 0 (s0 = 0) stays hard. Every expanded row therefore holds at the
 * origin of its slacks, which keeps javascript-lp-solver's phase 1 idle (its phase 1 can cycle forever on a
 * degenerate start, seen on a 232-variable territory LP).
 *
 * Complexity: O(rows + vars); the row terms are not copied.
 * @example expandElasticRows({ numVars: 1, cost: Float64Array.of(0), rows: [{ vars: [0], coefs: [1], lo: 2, hi: 5, penalty: 3 }] }).offset // => 6
 */
export function expandElasticRows(lp: LinearProgram): ExpandedLp {
  const rows: ExpandedRow[] = [];
  const slackCost: number[] = [];
  const slackUpper: number[] = [];
  let offset = 0;
  const addSlack = (penalty: number, miss0: number) => {
    offset += penalty * miss0;
    slackCost.push(-penalty);
    slackUpper.push(miss0);
    return lp.numVars + slackCost.length - 1;
  };
  lp.rows.forEach((row, r) => {
    if (row.penalty === undefined) {
      rows.push({ source: r, side: 'both', lo: row.lo, hi: row.hi, slack: -1 });
      return;
    }
    if (Number.isFinite(row.lo)) {
      const under0 = Math.max(0, row.lo);
      rows.push({ source: r, side: 'lo', lo: row.lo - under0, hi: Infinity, slack: under0 > 0 ? addSlack(row.penalty, under0) : -1 });
    }
    if (Number.isFinite(row.hi)) {
      const over0 = Math.max(0, -row.hi);
      rows.push({ source: r, side: 'hi', lo: -Infinity, hi: row.hi + over0, slack: over0 > 0 ? addSlack(row.penalty, over0) : -1 });
    }
  });
  const numCols = lp.numVars + slackCost.length;
  const cost = new Float64Array(numCols);
  const upper = new Float64Array(numCols).fill(Infinity);
  cost.set(lp.cost.subarray(0, lp.numVars));
  if (lp.upper) upper.set(lp.upper.subarray(0, lp.numVars));
  cost.set(slackCost, lp.numVars);
  upper.set(slackUpper, lp.numVars);
  return { numCols, cost, upper, rows, offset };
}

/**
 * Re-checks a backend's values against the model ({@link checkSolution}) and builds the result every backend
 * returns: 'check-failed' naming the broken row or bound, else the objective recomputed from the model (cost
 * . x plus the penalties of the elastic rows), flagged 'time-limit' when the solve overran `timeLimitMs`.
 * @example checkedResult({ numVars: 1, cost: Float64Array.of(2), rows: [] }, Float64Array.of(1.5), 3, 1000).objective // => 3
 */
export function checkedResult(lp: LinearProgram, values: Float64Array, ms: number, timeLimitMs: number): LpResult {
  const check = checkSolution(lp, values);
  if (typeof check === 'string') return { status: 'check-failed', objective: NaN, values, violation: NaN, message: check, ms };
  let objective = check.penaltyCost;
  for (let v = 0; v < lp.numVars; v++) objective += lp.cost[v] * values[v];
  return { status: ms > timeLimitMs ? 'time-limit' : 'optimal', objective, values, violation: check.violation, ms };
}

/** Pivots of javascript-lp-solver's tableau between two looks at the clock (a pivot is O(rows x columns)). */
const PIVOTS_PER_CLOCK_CHECK = 32;

/** Thrown from inside javascript-lp-solver's simplex when the solve is past its time limit (or, with
 *  `work`, past its work limit). */
class PivotDeadline extends Error {
  constructor(readonly work = false) {
    super(work ? 'work limit' : 'time limit');
  }
}

/**
 * Runs `solve` with javascript-lp-solver's `Tableau.prototype.pivot` wrapped so that, every
 * PIVOTS_PER_CLOCK_CHECK pivots, a clock at or past `deadline` throws `PivotDeadline`, as does the pivot after
 * `maxPivots`; the method is put back
 * however `solve` ends. Where the library does not expose its tableau, `solve` runs as it is.
 */
function withPivotDeadline<T>(deadline: number, solve: () => T, maxPivots = Infinity): T {
  const tableau = (solver as unknown as { Tableau?: { prototype: { pivot?: (this: unknown, ...args: unknown[]) => unknown } } }).Tableau?.prototype;
  const pivot = tableau?.pivot;
  if (!tableau || typeof pivot !== 'function') return solve();
  let pivots = 0;
  tableau.pivot = function (this: unknown, ...args: unknown[]) {
    if (++pivots > maxPivots) throw new PivotDeadline(true);
    if (pivots % PIVOTS_PER_CLOCK_CHECK === 0 && Date.now() >= deadline) throw new PivotDeadline();
    return pivot.apply(this, args);
  };
  try {
    return solve();
  } finally {
    tableau.pivot = pivot;
  }
}

/**
 * Solves a linear program with javascript-lp-solver (a dense simplex, pure JS) behind a small, checked
 * interface: `{ status, objective, values }`, never the library's mixed result object. Elastic rows are
 * expanded by {@link expandElasticRows}. Every returned solution is re-checked against bounds and rows; a
 * solution that fails is reported as 'check-failed'.
 *
 * javascript-lp-solver honours its timeout only in branch and cut, not in the simplex itself (whose phase 2
 * ran for minutes on one degenerate model: test/trust/open-cases), so the solve is watched from inside: every
 * PIVOTS_PER_CLOCK_CHECK pivots of its tableau (the library exposes `solver.Tableau`; the method is wrapped
 * only for the length of this call) the clock is read, and past `timeLimitMs` the solve stops and comes back
 * 'time-limit' with no values. Callers still bound the model size (measured: see DESIGN.md stage 4). A solve
 * that ends past `timeLimitMs` between two checks is returned but flagged 'time-limit' too, so the caller
 * can stop using this path.
 *
 * Complexity: dense tableau, roughly O(rows x vars) memory and per pivot.
 * @example solveWithJsLpSolver({ numVars: 1, cost: new Float64Array([1]), rows: [{ vars: [0], coefs: [1], lo: 2, hi: 5 }] }, { timeLimitMs: 1000 }).values // => Float64Array [2]
 */
export const solveWithJsLpSolver: LpSolve = (lp, { timeLimitMs, workLimit }) => {
  const started = Date.now();
  const values = new Float64Array(lp.numVars);
  const model = expandElasticRows(lp);
  const variables: Record<string, Record<string, number>> = {};
  const constraints: Record<string, { min?: number; max?: number; equal?: number }> = {};
  for (let v = 0; v < lp.numVars; v++) variables['v' + v] = { cost: lp.cost[v] };
  for (const { source, side, lo, hi, slack } of model.rows) {
    const row = lp.rows[source];
    const name = (side === 'both' ? 'r' : side === 'lo' ? 'l' : 'h') + source;
    for (let t = 0; t < row.vars.length; t++) {
      const coefs = variables['v' + row.vars[t]];
      coefs[name] = (coefs[name] ?? 0) + row.coefs[t];
    }
    if (side === 'lo') constraints[name] = { min: lo };
    else if (side === 'hi') constraints[name] = { max: hi };
    else constraints[name] = lo === hi ? { equal: lo } : { ...(Number.isFinite(lo) ? { min: lo } : {}), ...(Number.isFinite(hi) ? { max: hi } : {}) };
    if (slack < 0) continue;
    // javascript-lp-solver has no variable bounds, so the slack's bound is a constraint of its own.
    const [slackName, boundName] = side === 'lo' ? ['u' + source, 'ul' + source] : ['o' + source, 'ol' + source];
    variables[slackName] = { cost: model.cost[slack], [name]: side === 'lo' ? -1 : 1, [boundName]: 1 };
    constraints[boundName] = { max: model.upper[slack] };
  }
  if (lp.upper) {
    for (let v = 0; v < lp.numVars; v++) {
      if (!Number.isFinite(lp.upper[v])) continue;
      constraints['b' + v] = { max: lp.upper[v] };
      variables['v' + v]['b' + v] = 1;
    }
  }
  let raw: Record<string, unknown>;
  try {
    const perPivot = Object.keys(variables).length * Object.keys(constraints).length;
    const maxPivots = workLimit === undefined ? Infinity : Math.floor(workLimit / Math.max(1, perPivot));
    raw = withPivotDeadline(started + timeLimitMs, () => solver.Solve({ optimize: 'cost', opType: 'min', constraints, variables, timeout: timeLimitMs, options: { exitOnCycles: true } }) as Record<string, unknown>, maxPivots);
  } catch (error) {
    const ms = Date.now() - started;
    if (error instanceof PivotDeadline && error.work) return { status: 'time-limit', objective: NaN, values, violation: NaN, message: `javascript-lp-solver stopped at its work limit (${workLimit} tableau cells) after ${ms} ms`, ms, workLimited: true };
    if (error instanceof PivotDeadline) return { status: 'time-limit', objective: NaN, values, violation: NaN, message: `javascript-lp-solver stopped after ${ms} ms, past its ${timeLimitMs} ms limit`, ms };
    return { status: 'error', objective: NaN, values, violation: NaN, message: String(error), ms };
  }
  const ms = Date.now() - started;
  if (raw.feasible !== true) return { status: 'infeasible', objective: NaN, values, violation: NaN, ms };
  if (raw.bounded === false) return { status: 'unbounded', objective: NaN, values, violation: NaN, ms };
  for (let v = 0; v < lp.numVars; v++) {
    const x = raw['v' + v];
    values[v] = typeof x === 'number' ? x : 0;
  }
  return checkedResult(lp, values, ms, timeLimitMs);
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
