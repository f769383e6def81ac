import { checkedResult, expandElasticRows, type ExpandedLp, type LinearProgram, type LpResult, type LpSolve } from './lp-adapter.js';

/** The LP backends the engine can call. */
export type SolverName = 'highs' | 'javascript-lp-solver';

/** HiGHS options by their snake_case names (https://ergo-code.github.io/HiGHS/dev/options/definitions/). */
export type HighsOptions = Readonly<Record<string, number | string | boolean>>;

/** A model as highs-js `createModel` takes it: bounds, costs and a sparse matrix, all typed arrays. */
export interface HighsModelData {
  numCols: number;
  numRows: number;
  /** Constant added to the objective HiGHS reports. */
  offset: number;
  colCost: Float64Array;
  colLower: Float64Array;
  colUpper: Float64Array;
  rowLower: Float64Array;
  rowUpper: Float64Array;
  matrix: { format: 'csc'; numRows: number; numCols: number; starts: Int32Array; indices: Int32Array; values: Float64Array };
}

/**
 * The part of a loaded highs-js runtime (npm `highs` >= 1.15, the value its default export resolves to) that
 * this adapter calls: persistent models built from sparse arrays. Declared here, not imported, so the public
 * types do not depend on an optional package.
 */
export interface HighsRuntime {
  createModel(source: HighsModelData): {
    options: { set(values: HighsOptions): unknown };
    run(): { modelStatus: number };
    getSolution(): { colValue: Float64Array };
    dispose(): void;
  };
}

// HiGHS model status codes (HighsModelStatus in the C API, `highs.constants.modelStatus` in highs-js).
const EMPTY = 6;
const OPTIMAL = 7;
const INFEASIBLE = 8;
const UNBOUNDED_OR_INFEASIBLE = 9;
const UNBOUNDED = 10;
const TIME_LIMIT = 13;
const ITERATION_LIMIT = 14;

/**
 * Builds an LP backend on HiGHS from a runtime loader, for custom loading (a browser passing `locateFile` or
 * `wasmBinary` to the `highs` factory) and for tests. Most callers want {@link loadHighsSolver}.
 *
 * The model goes to HiGHS as typed arrays (column-wise CSC, via highs-js `createModel(modelData)`), not as LP
 * text: no names, no printing or parsing of numbers. Elastic rows are expanded exactly as for
 * javascript-lp-solver ({@link expandElasticRows}), and every solution is re-checked ({@link checkedResult}),
 * so both backends share one semantics. `timeLimitMs` becomes HiGHS's `time_limit` (seconds, less the time
 * spent building the model).
 *
 * The Wasm heap is limited (2 GB in highs 1.15) and a model that exhausts it aborts the runtime ("Aborted()").
 * Two runtimes are loaded: a solve that throws anything but a highs-js validation error is reported as
 * 'error' and the spare runtime takes over at once (solves are synchronous, loading is not), while a new spare
 * loads in the background. Only when a second crash comes before that spare is ready does a call report
 * 'error' without solving.
 *
 * @param load Resolves to a fresh runtime on each call (e.g. `() => loadHighs()` from `highs`).
 * @param options Extra HiGHS options for every solve (default none; `output_flag` is always off).
 * @returns The backend, or null when the first runtime cannot be loaded. Never rejects.
 * @example const solve = await createHighsSolver(async () => (await import('highs')).default());
 * solve?.({ numVars: 1, cost: Float64Array.of(1), rows: [{ vars: [0], coefs: [1], lo: 2, hi: 5 }] }, { timeLimitMs: 1000 }).values // => Float64Array [2]
 */
export async function createHighsSolver(load: () => Promise<HighsRuntime>, options: HighsOptions = {}): Promise<LpSolve | null> {
  const attempt = () => Promise.resolve().then(load);
  const [current, spare] = await Promise.allSettled([attempt(), attempt()]);
  if (current.status === 'rejected') return null;
  const pool: { current: HighsRuntime | null; spare: HighsRuntime | null; loading: boolean } = {
    current: current.value,
    spare: spare.status === 'fulfilled' ? spare.value : null,
    loading: false,
  };
  const refill = () => {
    if (pool.loading || (pool.current && pool.spare)) return;
    pool.loading = true;
    attempt().then(
      (runtime) => {
        pool.loading = false;
        if (pool.current) pool.spare = runtime;
        else pool.current = runtime;
      },
      () => {
        pool.loading = false;
      },
    );
  };
  if (!pool.spare) refill();

  return (lp, { timeLimitMs }) => {
    const started = Date.now();
    const runtime = pool.current;
    if (!runtime) return failed(lp, started, 'HiGHS is reloading after a crash; no runtime is ready yet');
    // Built outside the try: a malformed LP is the caller's broken precondition and throws, not a crash.
    const data = toHighsModel(lp, expandElasticRows(lp));
    try {
      return solveOnRuntime(runtime, lp, data, timeLimitMs, options, started);
    } catch (error) {
      // highs-js validation errors leave the runtime sound; anything else (an abort, out of memory) may not.
      if (!(error instanceof Error && error.name.startsWith('Highs'))) {
        pool.current = pool.spare;
        pool.spare = null;
        refill();
      }
      return failed(lp, started, `HiGHS failed: ${String(error)}`);
    }
  };
}

let cached: Promise<LpSolve | null> | undefined;

/**
 * Loads the optional `highs` package (HiGHS, Huangfu & Hall 2018, compiled to WebAssembly) and returns an
 * {@link LpSolve} backend on it, with the same semantics as `solveWithJsLpSolver`: same statuses, elastic
 * rows, re-check. The package is imported lazily on the first call and the result cached; when it is missing
 * or fails to initialise the promise resolves to null (never rejects), so callers fall back to
 * javascript-lp-solver. See {@link createHighsSolver} for how the model is passed and how crashes are handled.
 *
 * Complexity: sparse revised simplex (dual by default); memory O(nonzeros). Measured on account-level LPs
 * (4 candidates, 2 measures): see DESIGN.md stage 4.
 * @example const solve = await loadHighsSolver();
 * solve?.({ numVars: 2, cost: Float64Array.of(-1, -1), upper: Float64Array.of(1, 1), rows: [] }, { timeLimitMs: 1000 }).objective // => -2
 */
export function loadHighsSolver(): Promise<LpSolve | null> {
  cached ??= createHighsSolver(importHighs).catch(() => null);
  return cached;
}

// The specifier is a variable so that bundlers (tsup here, and a consumer's) leave the optional package to be
// resolved at run time instead of failing, or inlining a copy that cannot find its .wasm file.
const HIGHS_PACKAGE = 'highs';

let installed: Promise<boolean> | undefined;

/**
 * Whether the optional `highs` package can be imported: its JavaScript only (about 20 ms), not the
 * WebAssembly runtime `loadHighsSolver` instantiates (0.3-0.4 s).
 * @example await highsInstalled() // => true where `npm install highs` ran
 */
export function highsInstalled(): Promise<boolean> {
  installed ??= importHighsPackage().then(
    () => true,
    () => false,
  );
  return installed;
}

/** The optional package's module (its JavaScript; the runtime is made by calling its default export). */
function importHighsPackage(): Promise<{ default: () => Promise<HighsRuntime> }> {
  return import(/* @vite-ignore */ /* webpackIgnore: true */ HIGHS_PACKAGE);
}

async function importHighs(): Promise<HighsRuntime> {
  return (await importHighsPackage()).default();
}

/** One solve on one runtime; throws only when highs-js does. */
function solveOnRuntime(runtime: HighsRuntime, lp: LinearProgram, data: HighsModelData, timeLimitMs: number, options: HighsOptions, started: number): LpResult {
  const model = runtime.createModel(data);
  try {
    const remaining = (timeLimitMs - (Date.now() - started)) / 1000;
    model.options.set({ output_flag: false, ...options, ...(Number.isFinite(remaining) ? { time_limit: Math.max(1e-3, remaining) } : {}) });
    let status = model.run().modelStatus;
    if (status === UNBOUNDED_OR_INFEASIBLE) {
      // Presolve can prove "one or the other" without saying which; the simplex on the full model tells.
      model.options.set({ presolve: 'off' });
      status = model.run().modelStatus;
    }
    const ms = Date.now() - started;
    if (status === INFEASIBLE) return { status: 'infeasible', objective: NaN, values: new Float64Array(lp.numVars), violation: NaN, ms };
    if (status === UNBOUNDED) return { status: 'unbounded', objective: NaN, values: new Float64Array(lp.numVars), violation: NaN, ms };
    if (status === TIME_LIMIT || status === ITERATION_LIMIT) {
      const message = status === TIME_LIMIT ? `HiGHS stopped at its time limit (${timeLimitMs} ms)` : 'HiGHS stopped at its iteration limit';
      return { status: 'time-limit', objective: NaN, values: new Float64Array(lp.numVars), violation: NaN, message, ms };
    }
    // An empty model (no rows, no columns) is solved by its origin, which the re-check confirms.
    if (status !== OPTIMAL && status !== EMPTY) return failed(lp, started, `HiGHS ended with model status ${status}`);
    const values = Float64Array.from(model.getSolution().colValue.subarray(0, lp.numVars));
    return checkedResult(lp, values, ms, timeLimitMs);
  } finally {
    model.dispose();
  }
}

/**
 * The expanded LP as highs-js model data, its matrix column-wise (CSC). Filled row by row, so a column's
 * entries come in row order and a variable listed twice in one row (javascript-lp-solver sums such terms)
 * lands next to itself and is summed too: HiGHS rejects duplicate entries.
 */
function toHighsModel(lp: LinearProgram, expanded: ExpandedLp): HighsModelData {
  const { numCols, rows } = expanded;
  const numRows = rows.length;
  const lastRow = new Int32Array(numCols).fill(-1);
  const starts = new Int32Array(numCols + 1);
  const forEachTerm = (visit: (col: number, coef: number, r: number) => void) => {
    for (let r = 0; r < numRows; r++) {
      const { source, side, slack } = rows[r];
      const { vars, coefs } = lp.rows[source];
      for (let t = 0; t < vars.length; t++) {
        const v = vars[t];
        if (!(v >= 0 && v < lp.numVars)) throw new Error(`lp.rows[${source}] names variable ${v}, outside 0..${lp.numVars - 1}`);
        visit(v, coefs[t], r);
      }
      if (slack >= 0) visit(slack, side === 'lo' ? -1 : 1, r);
    }
  };
  forEachTerm((col, _coef, r) => {
    if (lastRow[col] === r) return;
    lastRow[col] = r;
    starts[col + 1]++;
  });
  for (let c = 0; c < numCols; c++) starts[c + 1] += starts[c];
  const indices = new Int32Array(starts[numCols]);
  const values = new Float64Array(starts[numCols]);
  const next = starts.slice(0, numCols);
  lastRow.fill(-1);
  forEachTerm((col, coef, r) => {
    if (lastRow[col] === r) {
      values[next[col] - 1] += coef;
      return;
    }
    lastRow[col] = r;
    indices[next[col]] = r;
    values[next[col]++] = coef;
  });
  return {
    numCols,
    numRows,
    offset: expanded.offset,
    colCost: expanded.cost,
    colLower: new Float64Array(numCols),
    colUpper: expanded.upper,
    rowLower: Float64Array.from(rows, (row) => row.lo),
    rowUpper: Float64Array.from(rows, (row) => row.hi),
    matrix: { format: 'csc', numRows, numCols, starts, indices, values },
  };
}

function failed(lp: LinearProgram, started: number, message: string): LpResult {
  return { status: 'error', objective: NaN, values: new Float64Array(lp.numVars), violation: NaN, message, ms: Date.now() - started };
}
