import { beforeAll, describe, expect, it } from 'vitest';
import { createHighsSolver, loadHighsSolver, type HighsRuntime } from '../../src/rebalance/highs-adapter.js';
import { checkSolution, solveWithJsLpSolver, type LinearProgram, type LpRow, type LpSolve } from '../../src/rebalance/lp-adapter.js';
import { mulberry32 } from '../support/instances.js';
import { highsInstalled } from '../support/highs-installed.js';

const installed = highsInstalled();

const opts = { timeLimitMs: 10_000 };
// A variable specifier, as in the adapter, so that this file type-checks without the optional package.
const HIGHS_PACKAGE = 'highs';
const importHighs = async (): Promise<HighsRuntime> => {
  const loaded: { default: () => Promise<HighsRuntime> } = await import(HIGHS_PACKAGE);
  return loaded.default();
};

/** |a - b| relative to max(1, |b|). */
const relGap = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(b));

/** The small LPs of lp-adapter.test.ts, with the optimum found by hand. */
const SMALL: { name: string; lp: LinearProgram; objective: number; violation: number }[] = [
  {
    name: 'max 3x + 2y under two rows, x <= 3.5 cutting off the unbounded optimum',
    lp: {
      numVars: 2,
      cost: Float64Array.of(-3, -2),
      upper: Float64Array.of(3.5, Infinity),
      rows: [
        { vars: [0, 1], coefs: [1, 1], lo: -Infinity, hi: 4 },
        { vars: [0, 1], coefs: [1, 3], lo: -Infinity, hi: 6 },
      ],
    },
    objective: -11.5,
    violation: 0,
  },
  {
    name: 'a covering LP with lower-bounded rows',
    lp: {
      numVars: 2,
      cost: Float64Array.of(1, 1),
      rows: [
        { vars: [0, 1], coefs: [1, 2], lo: 4, hi: Infinity },
        { vars: [0, 1], coefs: [3, 1], lo: 6, hi: Infinity },
      ],
    },
    objective: 2.8,
    violation: 0,
  },
  {
    name: 'an equality row',
    lp: {
      numVars: 2,
      cost: Float64Array.of(2, 1),
      rows: [
        { vars: [0, 1], coefs: [1, 1], lo: 3, hi: 3 },
        { vars: [0], coefs: [1], lo: 1, hi: Infinity },
      ],
    },
    objective: 4,
    violation: 0,
  },
  {
    name: 'every variable pulled up to its bound',
    lp: { numVars: 4, cost: Float64Array.of(-1, -2, -3, -4), upper: Float64Array.of(0.25, 1, 2.5, 0), rows: [{ vars: [0, 1, 2, 3], coefs: [1, 1, 1, 1], lo: -Infinity, hi: 100 }] },
    objective: -(0.25 + 2 + 7.5),
    violation: 0,
  },
  {
    name: 'an elastic lower side missed by 3 against a hard row',
    lp: {
      numVars: 2,
      cost: Float64Array.of(1, 2),
      upper: Float64Array.of(1.5, Infinity),
      rows: [
        { vars: [0, 1], coefs: [1, 1], lo: 5, hi: Infinity, penalty: 10 },
        { vars: [0, 1], coefs: [1, 1], lo: -Infinity, hi: 2 },
      ],
    },
    objective: 2.5 + 30,
    violation: 3,
  },
  {
    name: 'an elastic upper side missed by 0.75 against a bound',
    lp: { numVars: 1, cost: Float64Array.of(0), upper: Float64Array.of(0.25), rows: [{ vars: [0], coefs: [-1], lo: -Infinity, hi: -1, penalty: 1 }] },
    objective: 0.75,
    violation: 0.75,
  },
  {
    name: 'an elastic two-sided row met because the penalty pays',
    lp: { numVars: 1, cost: Float64Array.of(1), rows: [{ vars: [0], coefs: [1], lo: 1, hi: 2, penalty: 5 }] },
    objective: 1,
    violation: 0,
  },
];

/**
 * A random feasible transportation LP: `m` sources, each split over `c` of `k` sinks (x in [0, 1], shares
 * summing to 1), every sink's load inside +-10% of the load of a random fractional plan (so that plan is
 * feasible), random costs.
 */
function transportationLp(seed: number, m: number, k: number, c: number): LinearProgram {
  const rand = mulberry32(seed);
  const weight = Float64Array.from({ length: m }, () => 1 + 9 * rand());
  const sinks: number[] = [];
  const cost: number[] = [];
  const rows: LpRow[] = [];
  const planLoad = new Float64Array(k);
  for (let s = 0; s < m; s++) {
    const pool = Array.from({ length: k }, (_, j) => j);
    const vars: number[] = [];
    const share = Array.from({ length: c }, () => rand());
    const total = share.reduce((a, b) => a + b, 0);
    for (let t = 0; t < c; t++) {
      const j = pool.splice(Math.floor(rand() * pool.length), 1)[0];
      vars.push(sinks.length);
      sinks.push(j);
      cost.push(rand() * 10);
      planLoad[j] += (weight[s] * share[t]) / total;
    }
    rows.push({ vars, coefs: vars.map(() => 1), lo: 1, hi: 1 });
  }
  for (let j = 0; j < k; j++) {
    const vars = sinks.flatMap((sink, v) => (sink === j ? [v] : []));
    if (vars.length === 0) continue;
    const sourceOf = (v: number) => rows.findIndex((row) => row.vars.includes(v));
    rows.push({ vars, coefs: vars.map((v) => weight[sourceOf(v)]), lo: 0.9 * planLoad[j], hi: 1.1 * planLoad[j] });
  }
  return { numVars: sinks.length, cost: Float64Array.from(cost), upper: new Float64Array(sinks.length).fill(1), rows };
}

/**
 * The account-level form (see account-lp.ts): moves y from each source's current sink, sum <= 1, elastic band
 * rows written from the current plan, some of them broken at y = 0 and some out of reach.
 */
function movesLp(seed: number, m: number, k: number, c: number): LinearProgram {
  const rand = mulberry32(seed);
  const own = Int32Array.from({ length: m }, () => Math.floor(rand() * k));
  const weight = Float64Array.from({ length: m }, () => 1 + 9 * rand());
  const load = new Float64Array(k);
  own.forEach((j, s) => (load[j] += weight[s]));
  const target = load.reduce((a, b) => a + b, 0) / k;
  const cost: number[] = [];
  const rows: LpRow[] = [];
  const band: { vars: number[]; coefs: number[] }[] = Array.from({ length: k }, () => ({ vars: [], coefs: [] }));
  for (let s = 0; s < m; s++) {
    const vars: number[] = [];
    const seen = new Set([own[s]]);
    for (let t = 0; t < c; t++) {
      const to = (own[s] + 1 + Math.floor(rand() * (k - 1))) % k;
      if (seen.has(to)) continue;
      seen.add(to);
      const v = cost.length;
      vars.push(v);
      cost.push(rand() * 4 - 1);
      band[to].vars.push(v);
      band[to].coefs.push(weight[s] / target);
      band[own[s]].vars.push(v);
      band[own[s]].coefs.push(-weight[s] / target);
    }
    rows.push({ vars, coefs: vars.map(() => 1), lo: -Infinity, hi: 1 });
  }
  // Half the bands are tight (often broken at y = 0), half wide; the penalty outweighs any cost.
  band.forEach((terms, j) => {
    const width = j % 2 === 0 ? 0.02 : 0.5;
    rows.push({ ...terms, lo: 1 - width - load[j] / target, hi: 1 + width - load[j] / target, penalty: 100 });
  });
  return { numVars: cost.length, cost: Float64Array.from(cost), rows };
}

describe.skipIf(!installed)('loadHighsSolver()', () => {
  let highs: LpSolve;
  beforeAll(async () => {
    const solve = await loadHighsSolver();
    if (!solve) throw new Error('highs is installed but loadHighsSolver() returned null');
    highs = solve;
  });

  it('resolves to the same cached function on every call', async () => {
    const [a, b] = await Promise.all([loadHighsSolver(), loadHighsSolver()]);
    expect(a).toBeTypeOf('function');
    expect(a).toBe(b);
    expect(await loadHighsSolver()).toBe(highs);
  });

  it.each(SMALL)('solves the small LPs to the optimum found by hand, as javascript-lp-solver does: $name', ({ lp, objective, violation }) => {
    const h = highs(lp, opts);
    const js = solveWithJsLpSolver(lp, opts);
    expect(h.status).toBe('optimal');
    expect(h.objective).toBeCloseTo(objective, 9);
    expect(h.objective).toBeCloseTo(js.objective, 9);
    expect(h.violation).toBeCloseTo(violation, 9);
    expect(h.values.length).toBe(lp.numVars);
    expect(checkSolution(lp, h.values)).toEqual({ violation: expect.closeTo(violation, 9), penaltyCost: expect.any(Number) });
  });

  it('leaves its input untouched', () => {
    const lp = transportationLp(3, 20, 6, 4);
    const copy = structuredClone(lp);
    highs(Object.freeze(lp), opts);
    expect(lp).toEqual(copy);
  });

  it('gives random feasible transportation LPs (50-300 variables) the optimal objective of javascript-lp-solver, within 1e-6 relative', () => {
    const rand = mulberry32(11);
    for (let trial = 0; trial < 12; trial++) {
      const m = 13 + Math.floor(rand() * 63);
      const lp = transportationLp(100 + trial, m, 5 + Math.floor(rand() * 10), 4);
      expect(lp.numVars).toBeGreaterThanOrEqual(50);
      expect(lp.numVars).toBeLessThanOrEqual(300);
      const h = highs(lp, opts);
      const js = solveWithJsLpSolver(lp, opts);
      expect(js.status).toBe('optimal');
      expect(h.status).toBe('optimal');
      expect(relGap(h.objective, js.objective)).toBeLessThan(1e-6);
      expect(checkSolution(lp, h.values)).toEqual({ violation: 0, penaltyCost: 0 });
    }
  });

  it('gives account-level move LPs with elastic bands the objective and violation of javascript-lp-solver', () => {
    for (let trial = 0; trial < 8; trial++) {
      const lp = movesLp(200 + trial, 25 + 8 * trial, 4 + trial, 4);
      const h = highs(lp, opts);
      const js = solveWithJsLpSolver(lp, opts);
      expect(js.status).toBe('optimal');
      expect(h.status).toBe('optimal');
      expect(relGap(h.objective, js.objective)).toBeLessThan(1e-6);
      expect(h.violation).toBeCloseTo(js.violation, 6);
    }
  });

  it('never breaks an elastic side that holds at x = 0, however much breaking it would pay', () => {
    // Unbounded gain of 10 per unit against a penalty of 1 per unit: a plain soft row would give x = 5.
    const lp: LinearProgram = { numVars: 1, cost: Float64Array.of(-10), upper: Float64Array.of(5), rows: [{ vars: [0], coefs: [1], lo: -1, hi: 1, penalty: 1 }] };
    for (const solve of [highs, solveWithJsLpSolver]) {
      const result = solve(lp, opts);
      expect(result.status).toBe('optimal');
      expect(result.values[0]).toBeCloseTo(1, 9);
      expect(result.violation).toBe(0);
    }
  });

  it('improves a side broken at x = 0 when the penalty pays for it, and never leaves it worse', () => {
    // x >= 3 is missed by 3 at x = 0; each unit costs 1 against the penalty.
    const row = (penalty: number): LinearProgram => ({ numVars: 1, cost: Float64Array.of(1), upper: Float64Array.of(2), rows: [{ vars: [0], coefs: [1], lo: 3, hi: 8, penalty }] });
    for (const solve of [highs, solveWithJsLpSolver]) {
      const paid = solve(row(2), opts);
      expect(paid.values[0]).toBeCloseTo(2, 9);
      expect(paid.violation).toBeCloseTo(1, 9);
      expect(paid.objective).toBeCloseTo(2 + 2 * 1, 9);
      const unpaid = solve(row(0.5), opts);
      expect(unpaid.values[0]).toBeCloseTo(0, 9);
      expect(unpaid.violation).toBeCloseTo(3, 9);
    }
  });

  it("reports hard rows that cannot all hold as 'infeasible', with zero values", () => {
    const lp: LinearProgram = {
      numVars: 2,
      cost: Float64Array.of(1, 1),
      rows: [
        { vars: [0, 1], coefs: [1, 1], lo: 5, hi: Infinity },
        { vars: [0, 1], coefs: [1, 1], lo: -Infinity, hi: 2 },
      ],
    };
    const result = highs(lp, opts);
    expect(result.status).toBe('infeasible');
    expect(Array.from(result.values)).toEqual([0, 0]);
    expect(result.objective).toBeNaN();
  });

  it("reports a cost that falls without limit as 'unbounded', as javascript-lp-solver does", () => {
    const lp: LinearProgram = { numVars: 2, cost: Float64Array.of(-1, 0), rows: [{ vars: [0, 1], coefs: [1, -1], lo: -Infinity, hi: 1 }] };
    expect(highs(lp, opts).status).toBe('unbounded');
    expect(solveWithJsLpSolver(lp, opts).status).toBe('unbounded');
  });

  it('sums a variable listed twice in one row, as javascript-lp-solver does', () => {
    const lp: LinearProgram = { numVars: 1, cost: Float64Array.of(-1), rows: [{ vars: [0, 0], coefs: [1, 2], lo: -Infinity, hi: 3 }] };
    expect(highs(lp, opts).values[0]).toBeCloseTo(1, 9);
    expect(solveWithJsLpSolver(lp, opts).values[0]).toBeCloseTo(1, 9);
  });

  it("reports 'time-limit' when the limit is far too short for the model", () => {
    const lp = movesLp(5, 3000, 40, 4);
    const result = highs(lp, { timeLimitMs: 1 });
    expect(result.status).toBe('time-limit');
  });

  it("reports an input HiGHS rejects as 'error' with its message, and keeps working", () => {
    const result = highs({ numVars: 1, cost: Float64Array.of(NaN), rows: [] }, opts);
    expect(result.status).toBe('error');
    expect(result.message).toMatch(/colCost/);
    expect(highs(SMALL[0].lp, opts).objective).toBeCloseTo(-11.5, 9);
  });

  it('throws, naming the value, when a row names a variable that does not exist', () => {
    expect(() => highs({ numVars: 1, cost: Float64Array.of(1), rows: [{ vars: [3], coefs: [1], lo: 0, hi: 1 }] }, opts)).toThrow(/variable 3, outside 0\.\.0/);
  });
});

describe.skipIf(!installed)('createHighsSolver(load, options)', () => {
  it("reports a solution that fails the re-check as 'check-failed', naming what broke", async () => {
    // A feasibility tolerance of 0.5 lets HiGHS call x = 1.3 feasible against x <= 1, and row 1 feasible at 1.3.
    const loose = await createHighsSolver(importHighs, { primal_feasibility_tolerance: 0.5, presolve: 'off' });
    expect(loose).not.toBeNull();
    const bound = loose!({ numVars: 1, cost: Float64Array.of(0), upper: Float64Array.of(1), rows: [{ vars: [0], coefs: [1], lo: 1.3, hi: Infinity }] }, opts);
    expect(bound.status).toBe('check-failed');
    expect(bound.message).toMatch(/^variable 0 = 1\.3\d* outside \[0, 1\]$/);
    const row = loose!(
      {
        numVars: 2,
        cost: Float64Array.of(1, 1),
        rows: [
          { vars: [0, 1], coefs: [1, 1], lo: 1.3, hi: Infinity },
          { vars: [0, 1], coefs: [1, 1], lo: -Infinity, hi: 1 },
        ],
      },
      opts,
    );
    expect(row.status).toBe('check-failed');
    expect(row.message).toMatch(/^row [01] = 1\.3\d* outside /);
  });

  it("reports a crash as 'error' and solves the next call on a fresh runtime", async () => {
    let loads = 0;
    let crashes = 1;
    const load = async (): Promise<HighsRuntime> => {
      loads++;
      const runtime = await importHighs();
      return {
        createModel: (source) => {
          if (crashes > 0) {
            crashes--;
            throw new WebAssembly.RuntimeError('Aborted()');
          }
          return runtime.createModel(source);
        },
      };
    };
    const solve = await createHighsSolver(load);
    expect(loads).toBe(2);
    const crashed = solve!(SMALL[0].lp, opts);
    expect(crashed.status).toBe('error');
    expect(crashed.message).toMatch(/Aborted\(\)/);
    expect(solve!(SMALL[0].lp, opts).objective).toBeCloseTo(-11.5, 9);
    // A replacement spare is loaded in the background.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(loads).toBe(3);
  });

  it("reports 'error' without solving when a second crash comes before the spare is ready, then recovers", async () => {
    const runtime = await importHighs();
    let crashes = 2;
    const load = async (): Promise<HighsRuntime> => ({
      createModel: (source) => {
        if (crashes > 0) {
          crashes--;
          throw new RangeError('out of memory');
        }
        return runtime.createModel(source);
      },
    });
    const solve = (await createHighsSolver(load))!;
    expect(solve(SMALL[1].lp, opts).message).toMatch(/out of memory/);
    expect(solve(SMALL[1].lp, opts).message).toMatch(/out of memory/);
    expect(solve(SMALL[1].lp, opts).message).toMatch(/no runtime is ready/);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(solve(SMALL[1].lp, opts).objective).toBeCloseTo(2.8, 9);
  });

  it('resolves to null, never rejects, when the runtime cannot be loaded', async () => {
    await expect(createHighsSolver(() => Promise.reject(new Error('no wasm')))).resolves.toBeNull();
    await expect(
      createHighsSolver(() => {
        throw new Error('thrown synchronously');
      }),
    ).resolves.toBeNull();
  });
});
