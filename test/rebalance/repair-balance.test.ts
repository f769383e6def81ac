import { beforeAll, describe, expect, it } from 'vitest';
import { territoryComponents } from '../../src/geo/components.js';
import type { NeighborGraph } from '../../src/geo/delaunay-graph.js';
import { BandState } from '../../src/rebalance/band-state.js';
import { cutsTerritory, repairBalance, type RepairContext } from '../../src/rebalance/repair-balance.js';
import { bandExcess, makeProblem, nearestAllocation } from './problems.js';
import { seedCenters } from '../../src/cluster/seed-centers.js';
import { computeCenters } from '../../src/geo/centers.js';
import { delaunayGraph } from '../../src/geo/delaunay-graph.js';
import { computeTargets } from '../../src/metrics/targets.js';
import { mulberry32, uniformInstance } from '../support/instances.js';
import { lloydPlan, type LloydPlan } from './lloyd-plan.js';
import { repairByRescan } from './repair-rescan.js';

let one: LloydPlan;
let two: LloydPlan;
const band1 = Float64Array.of(0.05);
const band2 = Float64Array.of(0.05, 0.05);

beforeAll(() => {
  one = lloydPlan(500, 8, 5, ['potential']);
  two = lloydPlan(600, 8, 5, ['potential', 'workload']);
});

function ctxOf(s: LloydPlan, band: Float64Array, extra: Partial<RepairContext> = {}): RepairContext {
  return {
    centers: s.centers,
    targets: s.targets,
    band,
    graph: s.graph,
    fixed: new Int32Array(s.problem.n).fill(-1),
    closed: new Uint8Array(s.problem.k),
    keepContiguous: false,
    ...extra,
  };
}

/** A plan like `lloydPlan`'s with the accounts on `spots` shared spots (several accounts at each). */
function spotPlan(n: number, spots: number, k: number, seed: number): LloydPlan {
  const base = uniformInstance({ n, k, seed });
  const at = base.accounts.slice(0, spots);
  const input = { ...base, accounts: base.accounts.map((a, i) => ({ ...a, lat: at[i % spots].lat, lon: at[i % spots].lon })) };
  const problem = makeProblem(input, { balance: ['potential', 'workload'] });
  const graph = delaunayGraph(problem.xyz, problem.n);
  const centers = seedCenters(problem, mulberry32(seed));
  const plan = nearestAllocation(problem, centers);
  return { problem, graph, plan, centers: computeCenters(problem, plan, centers), targets: computeTargets(problem, new Uint8Array(k)) };
}

/** Checks that the repair makes the full rescan's moves, up to where the rescan stops (no single move helps);
 *  returns how many. */
function sameMovesAsRescan(s: LloydPlan, band: Float64Array, keepContiguous: boolean): number {
  const ctx = ctxOf(s, band, { keepContiguous });
  const reference = repairByRescan(s.problem, s.plan, ctx);
  const repaired = repairBalance(s.problem, s.plan, { ...ctx, maxMoves: reference.moves });
  expect(repaired.moves).toBe(reference.moves);
  expect(Array.from(repaired.assign)).toEqual(Array.from(reference.assign));
  return reference.moves;
}

/** Territories that are one connected piece (or empty) under `assign`. */
function whole(assign: Int32Array, k: number, graph: NeighborGraph): boolean[] {
  return territoryComponents(assign, k, graph).map((pieces) => pieces.length <= 1);
}

describe('repairBalance(problem, assign, ctx)', () => {
  it.each([
    ['one measure (500 x 8)', () => one, band1],
    ['two measures (600 x 8)', () => two, band2],
  ])('restores every band of an out-of-band plan, %s', (_name, get, band) => {
    const s = get();
    expect(new BandState(s.problem, s.plan, s.targets, band).total()).toBeGreaterThan(1);
    const result = repairBalance(s.problem, s.plan, ctxOf(s, band));
    expect(result.violation).toBe(0);
    expect(bandExcess(s.problem, result.assign, s.targets, band)).toBe(0);
    expect(result.moves).toBeGreaterThan(0);
    expect(result.assign.every((j) => j >= 0 && j < s.problem.k)).toBe(true);
  });

  it('never moves a fixed account, and gives a closed rep nothing', () => {
    const s = one;
    const fixed = new Int32Array(s.problem.n).fill(-1);
    for (let i = 0; i < s.problem.n; i += 5) fixed[i] = s.plan[i];
    const closed = new Uint8Array(s.problem.k);
    closed[6] = 1;
    for (const keepContiguous of [false, true]) {
      const result = repairBalance(s.problem, s.plan, ctxOf(s, band1, { fixed, closed, keepContiguous }));
      expect(result.moves).toBeGreaterThan(0);
      for (let i = 0; i < s.problem.n; i++) {
        if (fixed[i] >= 0) expect(result.assign[i]).toBe(fixed[i]);
        if (s.plan[i] !== 6) expect(result.assign[i]).not.toBe(6);
      }
    }
  });

  it('with keepContiguous true reaches the band without splitting any territory that was whole (500 x 8)', () => {
    const s = one;
    const before = whole(s.plan, s.problem.k, s.graph);
    expect(before.every(Boolean)).toBe(true);
    const result = repairBalance(s.problem, s.plan, ctxOf(s, band1, { keepContiguous: true }));
    expect(result.violation).toBe(0);
    expect(whole(result.assign, s.problem.k, s.graph)).toEqual(before);
  });

  it('with keepContiguous true keeps whole territories whole after every single step (500 x 8)', () => {
    // maxMoves caps the run, so each prefix of the repair is a plan the guard must have kept whole.
    const s = one;
    for (let maxMoves = 1; maxMoves <= 60; maxMoves += 7) {
      const result = repairBalance(s.problem, s.plan, ctxOf(s, band1, { keepContiguous: true, maxMoves }));
      expect(result.moves).toBeLessThanOrEqual(maxMoves + 1);
      expect(whole(result.assign, s.problem.k, s.graph).every(Boolean)).toBe(true);
    }
  });

  // Known bug (see the report): a swap is checked against the plan before it, so an account whose only
  // neighbour in the receiving territory is its swap partner lands cut off. On this instance account 204
  // (territory 6 -> 5) swaps with account 559 (5 -> 6), its only neighbour in territory 5, and territory 5
  // ends in two pieces. Remove `.fails` once bestSwap checks the plan after the swap.
  it('with keepContiguous true splits no whole territory by a swap (600 x 8, two measures)', () => {
    const s = two;
    const before = whole(s.plan, s.problem.k, s.graph);
    expect(before.every(Boolean)).toBe(true);
    const result = repairBalance(s.problem, s.plan, ctxOf(s, band2, { keepContiguous: true }));
    expect(whole(result.assign, s.problem.k, s.graph)).toEqual(before);
  });

  it('makes the moves a full rescan per move would make, in the same order (heap of candidates scored once)', () => {
    const many = lloydPlan(2000, 40, 9, ['potential', 'workload']);
    const cases: [string, LloydPlan, Float64Array][] = [['500 x 8', one, band1], ['600 x 8, two measures', two, band2], ['2,000 x 40, two measures', many, band2]];
    let compared = 0;
    for (const [, s, band] of cases) for (const keepContiguous of [false, true]) compared += sameMovesAsRescan(s, band, keepContiguous);
    expect(compared).toBeGreaterThan(200);
  });

  it('makes the moves a full rescan would make where accounts share spots (1,200 accounts on 60 spots, 20 reps)', () => {
    const s = spotPlan(1200, 60, 20, 4);
    let compared = 0;
    for (const keepContiguous of [false, true]) compared += sameMovesAsRescan(s, band2, keepContiguous);
    expect(compared).toBeGreaterThan(50);
  });

  it('scores again, for an account that reaches a changed territory only through a shared spot, only its moves there', () => {
    // 1,500 accounts on 200 spots, 30 reps, no contiguity guard: the repair runs to its cap of 700 moves
    // (20 x 30 + 100) without reaching the band. Measured: the same plan either way, 339,959 heap entries when
    // such accounts had every move scored again, 221,927 now.
    const s = spotPlan(1500, 200, 30, 4);
    const result = repairBalance(s.problem, s.plan, ctxOf(s, band2));
    expect(result.scored).toBeLessThan(270_000);
    // The same moves as the full rescan, as far as the rescan goes.
    const reference = repairByRescan(s.problem, s.plan, ctxOf(s, band2));
    expect(reference.moves).toBeGreaterThan(100);
    const capped = repairBalance(s.problem, s.plan, ctxOf(s, band2, { maxMoves: reference.moves }));
    expect(Array.from(capped.assign)).toEqual(Array.from(reference.assign));
  });

  it('calls checkpoint through long runs of refused candidates too, not only every 200 moves (3,000 x 10, 1% band)', () => {
    const s = lloydPlan(3000, 10, 5, ['potential', 'workload']);
    let calls = 0;
    const result = repairBalance(s.problem, s.plan, { ...ctxOf(s, Float64Array.of(0.01, 0.01), { keepContiguous: true }), checkpoint: () => calls++ });
    // 300 moves (its maxMoves) would give 1 call; the pops between them give a dozen more (13 measured).
    expect(result.moves).toBe(300);
    expect(calls).toBeGreaterThanOrEqual(Math.floor(result.moves / 200) + 5);
  });

  it('makes no move once its deadline has passed, returning the plan as it was', () => {
    const late = repairBalance(one.problem, one.plan, ctxOf(one, band1, { deadline: Date.now() - 1 }));
    expect(late.moves).toBe(0);
    expect(Array.from(late.assign)).toEqual(Array.from(one.plan));
    expect(late.violation).toBeCloseTo(new BandState(one.problem, one.plan, one.targets, band1).total(), 12);
    // Nor any set-up: no candidate move was scored (a run cut by a short timeLimitMs spent 10% of its time there).
    expect(late.scored).toBe(0);
    const inTime = repairBalance(one.problem, one.plan, ctxOf(one, band1, { deadline: Date.now() + 60_000 }));
    expect(inTime.moves).toBeGreaterThan(0);
    expect(inTime.scored).toBeGreaterThan(0);
  });

  it('returns the plan as it is, with 0 moves, when every band already holds', () => {
    const s = one;
    const repaired = repairBalance(s.problem, s.plan, ctxOf(s, band1)).assign;
    const again = repairBalance(s.problem, repaired, ctxOf(s, band1));
    expect(again.moves).toBe(0);
    expect(again.violation).toBe(0);
    expect(Array.from(again.assign)).toEqual(Array.from(repaired));
  });

  it('leaves its input untouched and stops at maxMoves', () => {
    const s = two;
    const input = Int32Array.from(s.plan);
    const result = repairBalance(s.problem, input, ctxOf(s, band2, { maxMoves: 5 }));
    expect(Array.from(input)).toEqual(Array.from(s.plan));
    expect(result.moves).toBeGreaterThanOrEqual(5);
    expect(result.moves).toBeLessThanOrEqual(6);
    expect(result.violation).toBeGreaterThan(0);
    expect(result.violation).toBeLessThan(new BandState(s.problem, s.plan, s.targets, band2).total());
  });
});

describe('cutsTerritory(i, assign, graph)', () => {
  // The path 0 - 1 - 2 - 3 - 4, closed into a ring by 4 - 0 when `ring`.
  const graphOf = (ring: boolean): NeighborGraph => {
    const lists = [[1], [0, 2], [1, 3], [2, 4], [3]];
    if (ring) lists[0].push(4), lists[4].push(0);
    const offsets = new Int32Array(6);
    lists.forEach((l, i) => (offsets[i + 1] = offsets[i] + l.length));
    return { offsets, neighbors: Int32Array.from(lists.flat()) };
  };

  it('is true for an account whose removal cuts its territory in two', () => {
    expect(cutsTerritory(2, Int32Array.of(0, 0, 0, 0, 0), graphOf(false))).toBe(true);
  });

  it('is false for an end of the territory, or when another path joins the two sides', () => {
    expect(cutsTerritory(0, Int32Array.of(0, 0, 0, 0, 0), graphOf(false))).toBe(false);
    expect(cutsTerritory(2, Int32Array.of(0, 0, 0, 0, 0), graphOf(true))).toBe(false);
    // The other side is another territory: 2's own neighbours are just 1.
    expect(cutsTerritory(2, Int32Array.of(0, 0, 0, 1, 1), graphOf(false))).toBe(false);
  });
});
