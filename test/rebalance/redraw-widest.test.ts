import { describe, expect, it } from 'vitest';
import { redrawWidest } from '../../src/rebalance/redraw-widest.js';
import { delaunayGraph } from '../../src/geo/delaunay-graph.js';
import { territoryComponents } from '../../src/geo/components.js';
import { maxChord2 } from '../../src/metrics/max-chord2.js';
import { planBounds } from '../../src/scale/plan-bounds.js';
import { BandState } from '../../src/rebalance/band-state.js';
import { solveWithJsLpSolver } from '../../src/rebalance/lp-adapter.js';
import type { SolveSettings } from '../../src/scale/solve-problem.js';
import { makeProblem } from './problems.js';
import { gridInstance } from '../support/instances.js';

// A 20 x 20 grid of accounts (0.01 degree apart), 5 reps of 80 accounts each: rep 0 holds a strip four
// columns wide and twenty tall along the left edge; reps 1-4 hold 8 x 10 blocks. The strip is about 19 steps
// across where its two neighbours span about 11: the outlier the pass is for.
const SIDE = 20;
const input = gridInstance(SIDE, 5);
const problem = makeProblem(input, { balance: ['accounts'], tolerance: 0.05 });
const graph = delaunayGraph(problem.xyz, problem.n);
const stripPlan = Int32Array.from({ length: problem.n }, (_, i) => {
  const x = i % SIDE;
  const y = Math.floor(i / SIDE);
  if (x < 4) return 0;
  return 1 + (x < 12 ? 0 : 1) + (y < 10 ? 0 : 2);
});
const settings: SolveSettings = { seed: 3, candidates: 4, exactLpMaxAccounts: 300, contiguity: true, deadline: Infinity, solve: solveWithJsLpSolver, solver: 'javascript-lp-solver' };
const ctxOf = (assign: Int32Array, fixed?: Int32Array) => {
  const closed = new Uint8Array(problem.k);
  const bounds = planBounds(problem, assign, closed);
  return { graph, closed, ...bounds, fixed: fixed ?? bounds.fixed, settings, deadline: Date.now() + 60_000 };
};
const widthOf = (assign: Int32Array, j: number) => maxChord2(problem.xyz, Array.from(assign.keys()).filter((i) => assign[i] === j));
const widest = (assign: Int32Array) => Math.max(...Array.from({ length: problem.k }, (_, j) => widthOf(assign, j)));
const pieces = (assign: Int32Array) => territoryComponents(assign, problem.k, graph).map((c) => c.length);

describe('redrawWidest(problem, assign, ctx)', () => {
  it('redraws a strip among round neighbours: narrower, every band held, no territory in pieces', () => {
    const ctx = ctxOf(stripPlan);
    const before = Int32Array.from(stripPlan);
    const result = redrawWidest(problem, stripPlan, ctx);
    expect(Array.from(stripPlan)).toEqual(Array.from(before)); // the input is not mutated
    // The same input gives the same plan (no clock in it with time to spare).
    expect(Array.from(redrawWidest(problem, stripPlan, ctxOf(stripPlan)).assign)).toEqual(Array.from(result.assign));
    expect(result.redrawn).toBeGreaterThan(0);
    expect(widest(result.assign)).toBeLessThan(0.8 * widest(stripPlan));
    expect(new BandState(problem, result.assign, ctx.targets, ctx.band).total()).toBe(0);
    expect(pieces(result.assign)).toEqual([1, 1, 1, 1, 1]);
  });

  it('leaves a plan alone when its widest territory is no outlier among its neighbours', () => {
    // Five vertical strips of four columns: all alike, none an outlier.
    const columns = Int32Array.from({ length: problem.n }, (_, i) => Math.floor((i % SIDE) / 4));
    const result = redrawWidest(problem, columns, ctxOf(columns));
    expect(result.redrawn).toBe(0);
    expect(Array.from(result.assign)).toEqual(Array.from(columns));
  });

  it('leaves a group holding a fixed account alone', () => {
    const fixed = new Int32Array(problem.n).fill(-1);
    const locked = SIDE * 5 + 5; // an account of a neighbour of the strip (x 5, y 5: rep 1), locked there
    expect(stripPlan[locked]).toBe(1);
    fixed[locked] = stripPlan[locked];
    const result = redrawWidest(problem, stripPlan, ctxOf(stripPlan, fixed));
    expect(result.redrawn).toBe(0);
    expect(Array.from(result.assign)).toEqual(Array.from(stripPlan));
  });

  it('stops with the error its checkpoint throws (an abort)', () => {
    const stop = new Error('stop');
    expect(() => redrawWidest(problem, stripPlan, { ...ctxOf(stripPlan), checkpoint: () => { throw stop; } })).toThrow(stop);
  });
});
