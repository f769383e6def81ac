import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { territoryComponents } from '../../src/geo/components.js';
import { NARROW_COST_SHARE, narrowWidest, type NarrowContext } from '../../src/rebalance/narrow-widest.js';
import type { Problem } from '../../src/input/problem.js';
import { lloydPlan, type LloydPlan } from './lloyd-plan.js';
import { chordTo, loads } from './problems.js';
import { computeCenters } from '../../src/geo/centers.js';

/** Squared diameter of each territory, by brute force over every pair. */
function widths(problem: Problem, assign: Int32Array): number[] {
  const out = new Array<number>(problem.k).fill(0);
  const { xyz } = problem;
  for (let a = 0; a < problem.n; a++) {
    for (let b = a + 1; b < problem.n; b++) {
      if (assign[a] !== assign[b] || assign[a] < 0) continue;
      const d = (xyz[3 * a] - xyz[3 * b]) ** 2 + (xyz[3 * a + 1] - xyz[3 * b + 1]) ** 2 + (xyz[3 * a + 2] - xyz[3 * b + 2]) ** 2;
      out[assign[a]] = Math.max(out[assign[a]], d);
    }
  }
  return out;
}

/** How far each territory is outside the band on each measure (k x B), recomputed from the loads. */
function excess(problem: Problem, assign: Int32Array, targets: Float64Array, band: ArrayLike<number>): number[] {
  const B = problem.measures.length;
  const load = loads(problem, assign);
  return Array.from({ length: problem.k * B }, (_, p) => Math.max(0, Math.abs(load[p] / targets[p] - 1) - band[p % B]));
}

/** Weighted squared distance to the given centres, written out here. */
function cost(problem: Problem, assign: Int32Array, centers: Float64Array): number {
  let total = 0;
  for (let i = 0; i < problem.n; i++) total += problem.weight[i] * chordTo(problem, centers, i, assign[i]);
  return total;
}

const pieces = (s: LloydPlan, assign: Int32Array) => territoryComponents(assign, s.problem.k, s.graph).map((c) => c.length);

const ctxOf = (s: LloydPlan, band: number, extra: Partial<NarrowContext> = {}): NarrowContext => ({
  graph: s.graph,
  targets: s.targets,
  band: Float64Array.from(s.problem.measures, () => band),
  fixed: new Int32Array(s.problem.n).fill(-1),
  closed: new Uint8Array(s.problem.k),
  deadline: Date.now() + 60_000,
  ...extra,
});

/** The Lloyd plan with one account of territory 1's neighbour handed to territory 1 from that neighbour's far
 *  side: a straggler that makes territory 1 the widest. */
function withStraggler(s: LloydPlan): { plan: Int32Array; straggler: number } {
  const { problem, plan } = s;
  const base = widths(problem, plan);
  let best = -1;
  let bestWidth = -1;
  for (let i = 0; i < problem.n; i++) {
    if (plan[i] === 1) continue;
    let touches = false;
    for (let e = s.graph.offsets[i]; e < s.graph.offsets[i + 1]; e++) touches ||= plan[s.graph.neighbors[e]] === 1;
    if (!touches) continue;
    const trial = Int32Array.from(plan);
    trial[i] = 1;
    const w = widths(problem, trial)[1];
    if (w > bestWidth && territoryComponents(trial, problem.k, s.graph).every((c) => c.length === 1)) {
      best = i;
      bestWidth = w;
    }
  }
  const broken = Int32Array.from(plan);
  broken[best] = 1;
  expect(Math.max(...widths(problem, broken))).toBeGreaterThan(Math.max(...base));
  return { plan: broken, straggler: best };
}

describe('narrowWidest(problem, assign, ctx)', () => {
  const s = lloydPlan(400, 6, 21, ['potential']);

  it('narrows the widest territory when its straggler can go back, leaving the input as it was', () => {
    const { plan, straggler } = withStraggler(s);
    const input = Int32Array.from(plan);
    const result = narrowWidest(s.problem, input, ctxOf(s, 10));
    expect(Array.from(input)).toEqual(Array.from(plan));
    expect(result.moves).toBeGreaterThan(0);
    expect(result.assign[straggler]).not.toBe(1);
    expect(Math.max(...widths(s.problem, result.assign))).toBeLessThan(Math.max(...widths(s.problem, plan)));
    expect(pieces(s, result.assign).every((p) => p === 1)).toBe(true);
  });

  it('leaves a fixed straggler where it is, and with every account fixed moves nothing', () => {
    const { plan, straggler } = withStraggler(s);
    const fixed = new Int32Array(s.problem.n).fill(-1);
    fixed[straggler] = 1;
    expect(narrowWidest(s.problem, plan, ctxOf(s, 10, { fixed })).assign[straggler]).toBe(1);
    const all = Int32Array.from(plan);
    const none = narrowWidest(s.problem, plan, ctxOf(s, 10, { fixed: all }));
    expect(none.moves).toBe(0);
    expect(Array.from(none.assign)).toEqual(Array.from(plan));
  });

  it('keeps a straggler whose every way out would take a territory outside the band', () => {
    const { plan } = withStraggler(s);
    // A band of 0 where every territory sits exactly on its target: no move keeps it (all loads differ).
    const targets = loads(s.problem, plan);
    expect(narrowWidest(s.problem, plan, ctxOf(s, 0, { targets })).moves).toBe(0);
    // The same targets with room to move: the band was all that held it.
    expect(narrowWidest(s.problem, plan, ctxOf(s, 10, { targets })).moves).toBeGreaterThan(0);
  });

  it('stops at its deadline and after maxSteps territories tried', () => {
    const { plan } = withStraggler(s);
    const late = narrowWidest(s.problem, plan, ctxOf(s, 10, { deadline: Date.now() - 1 }));
    expect(late.moves).toBe(0);
    expect(Array.from(late.assign)).toEqual(Array.from(plan));
    // One try: one step at most, of up to three moves.
    const one = narrowWidest(s.problem, plan, ctxOf(s, 10, { maxSteps: 1 }));
    expect(one.moves).toBeGreaterThan(0);
    expect(one.moves).toBeLessThanOrEqual(3);
    expect(narrowWidest(s.problem, plan, ctxOf(s, 10)).moves).toBeGreaterThan(one.moves);
  });

  it('reports its progress from 0 to 1, never falling, and stops when the hook throws', () => {
    const { plan } = withStraggler(s);
    const seen: number[] = [];
    const result = narrowWidest(s.problem, plan, ctxOf(s, 10, { checkpoint: (f) => seen.push(f) }));
    expect(result.moves).toBeGreaterThan(0);
    expect(seen[0]).toBe(0);
    expect(seen.at(-1)).toBe(1);
    for (let q = 1; q < seen.length; q++) expect(seen[q]).toBeGreaterThanOrEqual(seen[q - 1]);
    // The set-up reports at 0 too: after the members, while the widths are measured, and after them.
    expect(seen.findIndex((f) => f > 0)).toBeGreaterThanOrEqual(4);
    const abort = new Error('aborted');
    expect(() => narrowWidest(s.problem, plan, ctxOf(s, 10, { checkpoint: () => { throw abort; } }))).toThrow(abort);
  });

  it('goes on to the next widest territory when the widest cannot move, if it is nearly as wide', () => {
    // A plan whose two widest territories are within 1% in diameter; the widest is locked whole.
    let found: { t: LloydPlan; first: number; second: number } | null = null;
    for (let seed = 1; seed <= 200 && !found; seed++) {
      const t = lloydPlan(150, 5, seed, ['potential']);
      const w = widths(t.problem, t.plan);
      const order = w.map((_, j) => j).sort((a, b) => w[b] - w[a]);
      if (w[order[1]] < 0.98 * w[order[0]]) continue;
      const fixed = Int32Array.from(t.plan, (j) => (j === order[0] ? j : -1));
      const result = narrowWidest(t.problem, t.plan, ctxOf(t, 10, { fixed }));
      if (widths(t.problem, result.assign)[order[1]] < w[order[1]]) found = { t, first: order[0], second: order[1] };
    }
    expect(found).not.toBeNull();
    const { t, first } = found!;
    // Locked whole, the widest keeps its accounts, and it is still the widest: the plan's largest diameter
    // is what it was, and the territories nearly as wide got narrower.
    const fixed = Int32Array.from(t.plan, (j) => (j === first ? j : -1));
    const result = narrowWidest(t.problem, t.plan, ctxOf(t, 10, { fixed }));
    for (let i = 0; i < t.problem.n; i++) if (t.plan[i] === first) expect(result.assign[i]).toBe(first);
    expect(Math.max(...widths(t.problem, result.assign))).toBeCloseTo(Math.max(...widths(t.problem, t.plan)), 12);
    expect(result.moves).toBeGreaterThan(0);
  });

  it('counts its cost budget in distance only, whatever a distance limit charges', () => {
    // Territory 0's rep gets a home on the far side of the globe with a tiny limit: every one of its (fixed)
    // accounts is beyond it, which puts a large penalty in the objective; the budget must not grow with it.
    for (let seed = 1; seed <= 20; seed++) {
      const t = lloydPlan(300, 8, seed, ['potential']);
      const homeXyz = Float64Array.from(t.problem.homeXyz);
      const maxChord2 = Float64Array.from(t.problem.maxChord2);
      for (let d = 0; d < 3; d++) homeXyz[d] = -t.problem.xyz[d];
      maxChord2[0] = 1e-9;
      const limited: Problem = { ...t.problem, homeXyz, maxChord2 };
      const fixed = Int32Array.from(t.plan, (j) => (j === 0 ? 0 : -1));
      const result = narrowWidest(limited, t.plan, { ...ctxOf(t, 0.3, { fixed }), maxSteps: 1000 });
      const centers = computeCenters(t.problem, t.plan);
      expect(cost(t.problem, result.assign, centers)).toBeLessThanOrEqual((1 + NARROW_COST_SHARE) * cost(t.problem, t.plan, centers) + 1e-12);
    }
  });

  it('never widens the plan, takes no territory further outside its band or into more pieces, moves no fixed account, gives a closed rep none, keeps to its cost budget', () => {
    let narrowed = 0;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), fc.constantFrom(0.02, 0.05, 0.2, 10), fc.double({ min: 0, max: 0.3, noNaN: true }), (seed, band, fixedShare) => {
        const t = lloydPlan(150, 5, seed, ['potential', 'workload']);
        // One rep closed (as an isolated rep is, its accounts fixed), and a share of the others' accounts fixed.
        const shut = seed % 5;
        const closed = Uint8Array.from({ length: 5 }, (_, j) => (j === shut ? 1 : 0));
        const fixed = Int32Array.from(t.plan, (j, i) => (j === shut || ((i * 2654435761) % 1000) / 1000 < fixedShare ? j : -1));
        const ctx = ctxOf(t, band, { fixed, closed });
        const result = narrowWidest(t.problem, t.plan, ctx);
        if (result.moves > 0) narrowed++;
        expect(Math.max(...widths(t.problem, result.assign))).toBeLessThanOrEqual(Math.max(...widths(t.problem, t.plan)));
        const before = excess(t.problem, t.plan, t.targets, ctx.band);
        const after = excess(t.problem, result.assign, t.targets, ctx.band);
        // Per territory and measure: no step takes one further outside its band on any measure.
        after.forEach((v, p) => expect(v).toBeLessThanOrEqual(Math.max(1e-9, before[p] + 1e-9)));
        const p0 = pieces(t, t.plan);
        pieces(t, result.assign).forEach((p, j) => expect(p).toBeLessThanOrEqual(p0[j]));
        // The objective grows by at most its budget, counted at the centres before (re-centring only lowers it).
        const centers = computeCenters(t.problem, t.plan);
        expect(cost(t.problem, result.assign, centers)).toBeLessThanOrEqual((1 + NARROW_COST_SHARE) * cost(t.problem, t.plan, centers) + 1e-12);
        for (let i = 0; i < t.problem.n; i++) {
          if (fixed[i] >= 0) expect(result.assign[i]).toBe(fixed[i]);
          if (result.assign[i] === shut) expect(t.plan[i]).toBe(shut);
        }
      }),
      { numRuns: 40, seed: 5 },
    );
    // The property is not vacuous: most plans had a step to make.
    expect(narrowed).toBeGreaterThan(10);
  });
});
