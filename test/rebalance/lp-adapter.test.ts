import { describe, expect, it } from 'vitest';
import { checkedResult, checkSolution, expandElasticRows, solveWithJsLpSolver, type LinearProgram } from '../../src/rebalance/lp-adapter.js';
import solver from 'javascript-lp-solver';

const opts = { timeLimitMs: 10_000 };

/** Value of each row at x, for checking the solver's answer against the model by hand. */
const rowValue = (lp: LinearProgram, r: number, x: Float64Array) => lp.rows[r].vars.reduce((s, v, t) => s + lp.rows[r].coefs[t] * x[v], 0);

describe('solveWithJsLpSolver(lp, options)', () => {
  it('solves a small LP to its optimum, found by hand at a vertex that the upper bound cuts off', () => {
    // max 3x + 2y  s.t.  x + y <= 4,  x + 3y <= 6,  0 <= x <= 3.5.
    // Vertices: (0, 0) 0; (3.5, 0) 10.5; (3.5, 0.5) 11.5; (3, 1) 11; (0, 2) 4. Optimum (3.5, 0.5), 11.5.
    // (Without the bound on x it would be (4, 0), 12.)
    const lp: LinearProgram = {
      numVars: 2,
      cost: Float64Array.of(-3, -2),
      upper: Float64Array.of(3.5, Infinity),
      rows: [
        { vars: [0, 1], coefs: [1, 1], lo: -Infinity, hi: 4 },
        { vars: [0, 1], coefs: [1, 3], lo: -Infinity, hi: 6 },
      ],
    };
    const result = solveWithJsLpSolver(lp, opts);
    expect(result.status).toBe('optimal');
    expect(result.values[0]).toBeCloseTo(3.5, 9);
    expect(result.values[1]).toBeCloseTo(0.5, 9);
    expect(result.objective).toBeCloseTo(-11.5, 9);
    expect(result.violation).toBe(0);
    expect(result.values.length).toBe(2);
  });

  it('solves a covering LP with lower-bounded rows to the vertex computed by hand', () => {
    // min x + y  s.t.  x + 2y >= 4,  3x + y >= 6.  Vertices (0, 6) 6; (4, 0) 4; (1.6, 1.2) 2.8.
    const lp: LinearProgram = {
      numVars: 2,
      cost: Float64Array.of(1, 1),
      rows: [
        { vars: [0, 1], coefs: [1, 2], lo: 4, hi: Infinity },
        { vars: [0, 1], coefs: [3, 1], lo: 6, hi: Infinity },
      ],
    };
    const result = solveWithJsLpSolver(lp, opts);
    expect(result.status).toBe('optimal');
    expect(result.values[0]).toBeCloseTo(1.6, 9);
    expect(result.values[1]).toBeCloseTo(1.2, 9);
    expect(result.objective).toBeCloseTo(2.8, 9);
  });

  it('holds an equality row (lo = hi) exactly', () => {
    // min 2x + y  s.t.  x + y = 3,  x >= 1 (as a row).  Optimum (1, 2), 4.
    const lp: LinearProgram = {
      numVars: 2,
      cost: Float64Array.of(2, 1),
      rows: [
        { vars: [0, 1], coefs: [1, 1], lo: 3, hi: 3 },
        { vars: [0], coefs: [1], lo: 1, hi: Infinity },
      ],
    };
    const result = solveWithJsLpSolver(lp, opts);
    expect(result.status).toBe('optimal');
    expect(result.values[0] + result.values[1]).toBeCloseTo(3, 9);
    expect(result.objective).toBeCloseTo(4, 9);
  });

  it('respects every upper bound even when the cost pulls every variable up', () => {
    const upper = Float64Array.of(0.25, 1, 2.5, 0);
    const lp: LinearProgram = { numVars: 4, cost: Float64Array.of(-1, -2, -3, -4), upper, rows: [{ vars: [0, 1, 2, 3], coefs: [1, 1, 1, 1], lo: -Infinity, hi: 100 }] };
    const result = solveWithJsLpSolver(lp, opts);
    expect(result.status).toBe('optimal');
    for (let v = 0; v < 4; v++) {
      expect(result.values[v]).toBeLessThanOrEqual(upper[v] + 1e-9);
      expect(result.values[v]).toBeCloseTo(upper[v], 9);
    }
    expect(result.objective).toBeCloseTo(-(0.25 + 2 + 7.5), 9);
  });

  it('reports an elastic row it cannot meet as violation > 0 with status optimal, holding the hard rows', () => {
    // Elastic x + y >= 5 (penalty 10) against hard x + y <= 2 and x <= 1.5: best is x + y = 2, missing 3.
    const lp: LinearProgram = {
      numVars: 2,
      cost: Float64Array.of(1, 2),
      upper: Float64Array.of(1.5, Infinity),
      rows: [
        { vars: [0, 1], coefs: [1, 1], lo: 5, hi: Infinity, penalty: 10 },
        { vars: [0, 1], coefs: [1, 1], lo: -Infinity, hi: 2 },
      ],
    };
    const result = solveWithJsLpSolver(lp, opts);
    expect(result.status).toBe('optimal');
    expect(result.violation).toBeCloseTo(3, 9);
    expect(rowValue(lp, 1, result.values)).toBeLessThanOrEqual(2 + 1e-9);
    expect(result.values[0]).toBeLessThanOrEqual(1.5 + 1e-9);
    // Cheapest way to reach 2 is x = 1.5, y = 0.5: cost 2.5, plus the penalty 10 x 3.
    expect(result.values[0]).toBeCloseTo(1.5, 9);
    expect(result.objective).toBeCloseTo(2.5 + 30, 9);
  });

  it('reports an elastic upper side it cannot meet, and 0 violation when the penalty makes meeting it worth it', () => {
    // Elastic -x <= -1 (that is x >= 1, written as an upper side) against the bound x <= 0.25: missed by 0.75.
    const missed: LinearProgram = {
      numVars: 1,
      cost: Float64Array.of(0),
      upper: Float64Array.of(0.25),
      rows: [{ vars: [0], coefs: [-1], lo: -Infinity, hi: -1, penalty: 1 }],
    };
    const a = solveWithJsLpSolver(missed, opts);
    expect(a.status).toBe('optimal');
    expect(a.values[0]).toBeCloseTo(0.25, 9);
    expect(a.violation).toBeCloseTo(0.75, 9);
    expect(a.objective).toBeCloseTo(0.75, 9);
    // Elastic 1 <= x <= 2 with a cost of 1 per unit and a penalty of 5: meeting the row pays.
    const met: LinearProgram = { numVars: 1, cost: Float64Array.of(1), rows: [{ vars: [0], coefs: [1], lo: 1, hi: 2, penalty: 5 }] };
    const b = solveWithJsLpSolver(met, opts);
    expect(b.status).toBe('optimal');
    expect(b.values[0]).toBeCloseTo(1, 9);
    expect(b.violation).toBeCloseTo(0, 9);
    expect(b.objective).toBeCloseTo(1, 9);
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
    const result = solveWithJsLpSolver(lp, opts);
    expect(result.status).toBe('infeasible');
    expect(Array.from(result.values)).toEqual([0, 0]);
    expect(result.objective).toBeNaN();
  });
});

describe('checkSolution(lp, values)', () => {
  const lp: LinearProgram = {
    numVars: 3,
    cost: Float64Array.of(1, 1, 1),
    upper: Float64Array.of(1, 1, 1),
    rows: [
      { vars: [0, 1], coefs: [1, 1], lo: 1, hi: 1 },
      { vars: [1, 2], coefs: [2, 1], lo: -Infinity, hi: 1 },
      { vars: [0, 2], coefs: [1, 1], lo: 1.5, hi: Infinity, penalty: 4 },
      { vars: [2], coefs: [1], lo: -Infinity, hi: 0.25, penalty: 2 },
    ],
  };

  it('accepts values that hold every hard row and sums the misses of the elastic ones', () => {
    // Rows: 0.5 + 0.5 = 1 ok; 2 x 0.5 + 0 = 1 ok; 0.5 + 0 = 0.5, 1 short of 1.5; 0 <= 0.25 ok.
    expect(checkSolution(lp, Float64Array.of(0.5, 0.5, 0))).toEqual({ violation: 1, penaltyCost: 4 });
    // Rows: 1 + 0 ok; 0 + 0.75 ok; 1 + 0.75 = 1.75 ok; 0.75 is 0.5 over 0.25.
    const r = checkSolution(lp, Float64Array.of(1, 0, 0.75));
    expect(r).toEqual({ violation: expect.closeTo(0.5, 12), penaltyCost: expect.closeTo(1, 12) });
  });

  it('names the broken hard row for values that break it', () => {
    const broken = checkSolution(lp, Float64Array.of(0.5, 0.5, 0.5));
    expect(broken).toBeTypeOf('string');
    expect(broken).toMatch(/^row 1 = 1\.5 outside \[-Infinity, 1\]$/);
    expect(checkSolution(lp, Float64Array.of(0.2, 0.2, 0))).toMatch(/^row 0 = 0\.4 outside \[1, 1\]$/);
  });

  it('names a variable outside its bounds or not finite', () => {
    expect(checkSolution(lp, Float64Array.of(1.5, 0, 0))).toMatch(/^variable 0 = 1\.5 outside \[0, 1\]$/);
    expect(checkSolution(lp, Float64Array.of(0, -0.5, 0))).toMatch(/^variable 1 = -0\.5/);
    expect(checkSolution(lp, Float64Array.of(0, 0, NaN))).toMatch(/^variable 2 = NaN/);
  });

  it('tolerates residuals of about 1e-6 relative to the row scale on hard rows', () => {
    expect(checkSolution(lp, Float64Array.of(0.5 + 1e-8, 0.5, 0))).toEqual({ violation: expect.closeTo(1, 6), penaltyCost: expect.closeTo(4, 5) });
    expect(checkSolution(lp, Float64Array.of(0.5 + 1e-4, 0.5, 0))).toMatch(/^row 0 /);
  });
});

describe('expandElasticRows(lp)', () => {
  const lp: LinearProgram = {
    numVars: 2,
    cost: Float64Array.of(1, -1),
    upper: Float64Array.of(4, Infinity),
    rows: [
      { vars: [0, 1], coefs: [1, 1], lo: 1, hi: 1 },
      // Broken below at x = 0 (missed by 2), holds above.
      { vars: [0], coefs: [1], lo: 2, hi: 5, penalty: 3 },
      // Broken above at x = 0 (missed by 1.5), no lower side.
      { vars: [1], coefs: [-1], lo: -Infinity, hi: -1.5, penalty: 7 },
      // Holds at x = 0 on both sides: both stay hard, no slack.
      { vars: [0, 1], coefs: [1, -1], lo: -2, hi: 2, penalty: 1 },
    ],
  };

  it('keeps hard rows, splits elastic ones by side and gives a slack only to a side broken at x = 0', () => {
    const e = expandElasticRows(Object.freeze(lp));
    expect(e.rows).toEqual([
      { source: 0, side: 'both', lo: 1, hi: 1, slack: -1 },
      { source: 1, side: 'lo', lo: 0, hi: Infinity, slack: 2 },
      { source: 1, side: 'hi', lo: -Infinity, hi: 5, slack: -1 },
      { source: 2, side: 'hi', lo: -Infinity, hi: 0, slack: 3 },
      { source: 3, side: 'lo', lo: -2, hi: Infinity, slack: -1 },
      { source: 3, side: 'hi', lo: -Infinity, hi: 2, slack: -1 },
    ]);
    expect(e.numCols).toBe(4);
    expect(Array.from(e.cost)).toEqual([1, -1, -3, -7]);
    expect(Array.from(e.upper)).toEqual([4, Infinity, 2, 1.5]);
    expect(e.offset).toBe(3 * 2 + 7 * 1.5);
  });

  it('prices any point as the LP does: expanded objective + offset = cost . x + penalty x miss, at the slacks that fit', () => {
    const e = expandElasticRows(lp);
    for (const x of [Float64Array.of(0, 0), Float64Array.of(0.5, 0.5), Float64Array.of(1, 0), Float64Array.of(0, 1)]) {
      // The best slack on a side is the violation it removes: s0 - miss, and the expanded row then holds.
      const under = Math.max(0, 2 - x[0]);
      const over = Math.max(0, -x[1] + 1.5);
      const slacks = [2 - Math.min(2, under), 1.5 - Math.min(1.5, over)];
      const expanded = x[0] * e.cost[0] + x[1] * e.cost[1] + slacks[0] * e.cost[2] + slacks[1] * e.cost[3] + e.offset;
      const check = checkSolution({ ...lp, rows: lp.rows.slice(1, 3) }, x);
      expect(check).not.toBeTypeOf('string');
      if (typeof check !== 'string') expect(expanded).toBeCloseTo(x[0] - x[1] + check.penaltyCost, 12);
    }
  });
});

describe('checkedResult(lp, values, ms, timeLimitMs)', () => {
  const lp: LinearProgram = { numVars: 2, cost: Float64Array.of(2, 1), upper: Float64Array.of(1, 1), rows: [{ vars: [0, 1], coefs: [1, 1], lo: 1.5, hi: Infinity, penalty: 10 }] };

  it('recomputes the objective from the model, penalties included', () => {
    const r = checkedResult(lp, Float64Array.of(1, 0.25), 3, 100);
    expect(r).toMatchObject({ status: 'optimal', objective: 2 + 0.25 + 10 * 0.25, violation: 0.25, ms: 3 });
  });

  it("flags an overrun as 'time-limit' and values outside the model as 'check-failed'", () => {
    expect(checkedResult(lp, Float64Array.of(1, 0.5), 101, 100).status).toBe('time-limit');
    const bad = checkedResult(lp, Float64Array.of(1.5, 0), 3, 100);
    expect(bad.status).toBe('check-failed');
    expect(bad.message).toMatch(/^variable 0 = 1\.5 outside \[0, 1\]$/);
    expect(bad.objective).toBeNaN();
  });
});

describe('solveWithJsLpSolver: a solve past its time limit is stopped from inside the simplex', () => {
  // 100 variables, each worth taking up to its own row's bound: one pivot each, so the simplex needs about 100.
  const many: LinearProgram = {
    numVars: 100,
    cost: new Float64Array(100).fill(-1),
    rows: Array.from({ length: 100 }, (_, v) => ({ vars: [v], coefs: [1], lo: -Infinity, hi: 1 })),
  };
  const tableau = (solver as unknown as { Tableau: { prototype: { pivot: unknown } } }).Tableau.prototype;

  it('comes back time-limit with no values after the first clock check, and puts the library back as it was', () => {
    const pivot = tableau.pivot;
    const stopped = solveWithJsLpSolver(many, { timeLimitMs: 0 });
    expect(stopped.status).toBe('time-limit');
    expect(stopped.message).toMatch(/stopped after \d+ ms, past its 0 ms limit/);
    expect(Array.from(stopped.values).every((x) => x === 0)).toBe(true);
    expect(tableau.pivot).toBe(pivot);
    // With time to spare, the same model is solved: every variable at its bound.
    const solved = solveWithJsLpSolver(many, { timeLimitMs: 60_000 });
    expect(solved.status).toBe('optimal');
    expect(Array.from(solved.values).every((x) => Math.abs(x - 1) < 1e-9)).toBe(true);
    expect(tableau.pivot).toBe(pivot);
  });

  it('stops at a work limit (pivots x columns x rows) the same way whatever the clock says, flagged workLimited', () => {
    const pivot = tableau.pivot;
    // The model is 100 columns x 100 rows: 10 pivots' work, where it needs about 100.
    for (let run = 0; run < 2; run++) {
      const stopped = solveWithJsLpSolver(many, { timeLimitMs: 60_000, workLimit: 10 * 100 * 100 });
      expect(stopped.status).toBe('time-limit');
      expect(stopped.workLimited).toBe(true);
      expect(stopped.message).toMatch(/stopped at its work limit \(100000 tableau cells\)/);
      expect(tableau.pivot).toBe(pivot);
    }
    const solved = solveWithJsLpSolver(many, { timeLimitMs: 60_000, workLimit: 1000 * 100 * 100 });
    expect(solved.status).toBe('optimal');
    expect(solved.workLimited).toBeUndefined();
    // The clock alone never sets the flag.
    expect(solveWithJsLpSolver(many, { timeLimitMs: 0 }).workLimited).toBeUndefined();
  });
});
