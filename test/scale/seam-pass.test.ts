import { describe, expect, it } from 'vitest';
import { seamPass } from '../../src/scale/seam-pass.js';
import { splitRegions } from '../../src/scale/split-regions.js';
import { subProblem } from '../../src/scale/sub-problem.js';
import { inducedGraph } from '../../src/geo/induced-graph.js';
import { solveProblem, type SolveSettings } from '../../src/scale/solve-problem.js';
import { planBounds } from '../../src/scale/plan-bounds.js';
import { delaunayGraph } from '../../src/geo/delaunay-graph.js';
import { territoryComponents } from '../../src/geo/components.js';
import { solveWithJsLpSolver, type LpSolve } from '../../src/rebalance/lp-adapter.js';
import { makeProblem, chordTo } from '../rebalance/problems.js';
import { uniformInstance } from '../support/instances.js';

// 6,000 accounts and 40 reps, cut into four regions of 10 reps, each solved with the others' accounts out of
// reach (as `solveByRegions` does before the stitch): the territories along the cuts end at them. Solved as
// one problem, the distance cost is 5% lower (4.88 against 5.13).
const problem = makeProblem(uniformInstance({ n: 6000, k: 40, seed: 7 }), { balance: ['potential', 'workload'], tolerance: 0.05 });
const graph = delaunayGraph(problem.xyz, problem.n);
const settings: SolveSettings = { seed: 3, candidates: 4, exactLpMaxAccounts: 300, contiguity: true, deadline: Infinity, solve: solveWithJsLpSolver, solver: 'javascript-lp-solver' };
const regions = splitRegions(problem, 10);
const byRegions = new Int32Array(problem.n).fill(-1);
for (let r = 0; r < regions.count; r++) {
  const accounts = Int32Array.from(Array.from(regions.accountRegion.keys()).filter((i) => regions.accountRegion[i] === r));
  const reps = Int32Array.from(Array.from(regions.repRegion.keys()).filter((j) => regions.repRegion[j] === r));
  const part = subProblem(problem, accounts, reps, problem.measures.map((m) => m.tolerance));
  const solved = solveProblem(part, inducedGraph(graph, accounts), { ...settings, seed: 3 + r });
  accounts.forEach((i, a) => (byRegions[i] = reps[solved.assign[a]]));
}
const isolated = new Uint8Array(problem.k);
const bounds = planBounds(problem, byRegions, isolated);
const ctxOf = (over: Partial<Parameters<typeof seamPass>[2]> = {}) => ({ ...bounds, graph, repRegion: regions.repRegion, regions: regions.count, isolated, settings, ...over });

/** The distance cost, recomputed here: each account's weighted squared chord to its territory's weighted mean. */
function cost(assign: Int32Array): number {
  const sum = new Float64Array(3 * problem.k);
  for (let i = 0; i < problem.n; i++) for (let c = 0; c < 3; c++) sum[3 * assign[i] + c] += problem.weight[i] * problem.xyz[3 * i + c];
  const centers = new Float64Array(3 * problem.k);
  for (let j = 0; j < problem.k; j++) {
    const r = Math.hypot(sum[3 * j], sum[3 * j + 1], sum[3 * j + 2]);
    for (let c = 0; c < 3; c++) centers[3 * j + c] = sum[3 * j + c] / r;
  }
  let total = 0;
  for (let i = 0; i < problem.n; i++) total += problem.weight[i] * chordTo(problem, centers, i, assign[i]);
  return total;
}
/** Each territory's worst relative deviation from its target over both measures, recomputed here. */
function deviations(assign: Int32Array): number[] {
  const B = problem.measures.length;
  return Array.from({ length: problem.k }, (_, j) => {
    let worst = 0;
    for (let b = 0; b < B; b++) {
      let load = 0;
      for (let i = 0; i < problem.n; i++) if (assign[i] === j) load += problem.measures[b].values[i];
      worst = Math.max(worst, Math.abs(load / bounds.targets[j * B + b] - 1));
    }
    return worst;
  });
}
const pieces = (assign: Int32Array) => territoryComponents(assign, problem.k, graph).map((c) => c.length);

describe('seamPass(problem, assign, ctx): one LP pass across the regions\' borders', () => {
  it('lowers the distance cost of a plan solved region by region, no territory further out of band or in more pieces', async () => {
    const input = Int32Array.from(byRegions);
    const result = await seamPass(problem, byRegions, ctxOf());
    expect(byRegions).toEqual(input);
    expect(result.seams).toBe(4);
    expect(result.kept).toBeGreaterThan(0);
    const moved = result.assign.reduce((s, j, i) => s + (j !== byRegions[i] ? 1 : 0), 0);
    expect(moved).toBeGreaterThan(0);
    // Accounts crossed the border: some now belong to a rep of the other region.
    expect(Array.from(result.assign.keys()).some((i) => regions.repRegion[result.assign[i]] !== regions.accountRegion[i])).toBe(true);
    expect(cost(result.assign)).toBeLessThan(cost(byRegions) * 0.98);
    const before = deviations(byRegions);
    deviations(result.assign).forEach((d, j) => expect(d).toBeLessThanOrEqual(Math.max(0.05, before[j]) + 1e-9));
    const piecesBefore = pieces(byRegions);
    pieces(result.assign).forEach((p, j) => expect(p).toBeLessThanOrEqual(piecesBefore[j]));
    // The same plan twice.
    expect((await seamPass(problem, byRegions, ctxOf())).assign).toEqual(result.assign);
  });

  it('never moves a fixed account', async () => {
    const fixed = Int32Array.from(bounds.fixed);
    const free = await seamPass(problem, byRegions, ctxOf());
    const movedIds = Array.from(free.assign.keys()).filter((i) => free.assign[i] !== byRegions[i]);
    expect(movedIds.length).toBeGreaterThan(0);
    for (const i of movedIds) fixed[i] = byRegions[i];
    const result = await seamPass(problem, byRegions, ctxOf({ fixed }));
    for (const i of movedIds) expect(result.assign[i]).toBe(byRegions[i]);
  });

  it('gives javascript-lp-solver at most 100 accounts per seam, or exactLpMaxAccounts if fewer', async () => {
    const largestWith = async (exactLpMaxAccounts: number) => {
      let largest = 0;
      const counting: LpSolve = (lp, options) => {
        // One row per free account (sum of its moves <= 1, not elastic); the band rows carry a penalty.
        largest = Math.max(largest, lp.rows.filter((row) => row.penalty === undefined).length);
        return solveWithJsLpSolver(lp, options);
      };
      await seamPass(problem, byRegions, ctxOf({ settings: { ...settings, solve: counting, exactLpMaxAccounts } }));
      return largest;
    };
    expect(await largestWith(300)).toBe(100);
    expect(await largestWith(40)).toBe(40);
  });

  it('keeps no border where the LP moves nothing (no lower cost), and gives the plan back as it was', async () => {
    let solves = 0;
    const still: LpSolve = (lp, options) => {
      solves++;
      return { ...solveWithJsLpSolver(lp, options), values: new Float64Array(lp.numVars) };
    };
    const result = await seamPass(problem, byRegions, ctxOf({ settings: { ...settings, solve: still } }));
    expect(solves).toBe(4);
    expect(result.kept).toBe(0);
    expect(result.assign).toEqual(byRegions);
  });

  it('never leaves the plan costlier, further out of band or in more pieces, even from a bad LP answer (every free account to its farthest candidate)', async () => {
    const farthest: LpSolve = (lp, options) => {
      const values = new Float64Array(lp.numVars);
      // Each free account's row (not elastic) lists its moves, nearest candidate first: take the last, whole.
      for (const row of lp.rows) if (row.penalty === undefined && row.vars.length > 0) values[row.vars[row.vars.length - 1]] = 1;
      return { ...solveWithJsLpSolver(lp, options), values };
    };
    const result = await seamPass(problem, byRegions, ctxOf({ settings: { ...settings, solve: farthest } }));
    expect(cost(result.assign)).toBeLessThanOrEqual(cost(byRegions) + 1e-12);
    const before = deviations(byRegions);
    deviations(result.assign).forEach((d, j) => expect(d).toBeLessThanOrEqual(Math.max(0.05, before[j]) + 1e-9));
    const piecesBefore = pieces(byRegions);
    pieces(result.assign).forEach((p, j) => expect(p).toBeLessThanOrEqual(piecesBefore[j]));
  });

  it('lets an abort thrown from its checkpoint propagate', async () => {
    const abort = new Error('aborted');
    await expect(seamPass(problem, byRegions, ctxOf({ checkpoint: () => { throw abort; } }))).rejects.toBe(abort);
  });

  it('in a group outside its band, takes the LP only as it comes: no stitch repair of a plan it made worse', async () => {
    let solves = 0;
    const farthest: LpSolve = (lp, options) => {
      solves++;
      const values = new Float64Array(lp.numVars);
      for (const row of lp.rows) if (row.penalty === undefined && row.vars.length > 0) values[row.vars[row.vars.length - 1]] = 1;
      return { ...solveWithJsLpSolver(lp, options), values };
    };
    let calls = 0;
    // Every target doubled: every territory holds half of it, far outside its band.
    const result = await seamPass(problem, byRegions, ctxOf({ targets: bounds.targets.map((t) => 2 * t), settings: { ...settings, solve: farthest }, checkpoint: () => calls++ }));
    expect(result.seams).toBe(4);
    // Each seam's LP still runs (a plan it makes no worse would be kept)...
    expect(solves).toBe(4);
    // ...but the stitch's repair, which reports through the same checkpoint, never ran: the pass's own calls
    // alone (one before the seams, one per seam, one at the end; 47 with the repair, on the code before).
    expect(calls).toBe(result.seams + 2);
    expect(result.kept).toBe(0);
    expect(result.assign).toEqual(byRegions);
  });

  it('stops at the deadline: past it, the plan comes back as it was', async () => {
    const result = await seamPass(problem, byRegions, ctxOf({ settings: { ...settings, deadline: Date.now() - 1 } }));
    expect(result.kept).toBe(0);
    expect(result.assign).toEqual(byRegions);
    // The seams are not even looked for (0.14 s of a run cut by a short timeLimitMs at 100,000 accounts).
    expect(result.seams).toBe(0);
  });
});
