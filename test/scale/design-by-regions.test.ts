import { describe, expect, it } from 'vitest';
import { designTerritories } from '../../src/index.js';
import type { Progress, TerritoryInput } from '../../src/types.js';
import { solveProblem, type SolveSettings } from '../../src/scale/solve-problem.js';
import { runInProcess, solveByRegions } from '../../src/scale/solve-by-regions.js';
import { solveRegion } from '../../src/scale/solve-region.js';
import { delaunayGraph } from '../../src/geo/delaunay-graph.js';
import { computeCenters } from '../../src/geo/centers.js';
import { objective } from '../../src/rebalance/objective.js';
import type { LpSolve } from '../../src/rebalance/lp-adapter.js';
import { lpSolverByName } from '../../src/scale/lp-solvers.js';
import { highsInstalled } from '../support/highs-installed.js';
import { clusteredInstance, uniformInstance, withHomes } from '../support/instances.js';
import { assignmentProblems, recomputeBalance } from '../support/check-plan.js';
import { makeProblem } from '../rebalance/problems.js';

const OPTIONS = { balance: ['potential', 'workload'], tolerance: 0.05, seed: 7, hulls: false } as const;

describe('designTerritories above 25 reps: regions solved apart, then stitched', () => {
  const input = withHomes(uniformInstance({ n: 6000, k: 60, seed: 21 }), 20, 22);

  it('returns a whole plan inside the band (recomputed independently), contiguous, the same on 2 worker threads as in one thread', async () => {
    const inThread = await designTerritories(input, { ...OPTIONS, workers: 1 });
    const onWorkers = await designTerritories(input, { ...OPTIONS, workers: 2 });
    expect(assignmentProblems(input, inThread)).toEqual([]);
    for (const m of recomputeBalance(input, inThread, [...OPTIONS.balance])) expect(m.maxDeviation).toBeLessThanOrEqual(0.05 + 1e-9);
    expect(inThread.metrics.feasible).toBe(true);
    expect(inThread.metrics.overlap.contiguousShare).toBe(1);
    expect(inThread.metrics.timings.regions).toBeGreaterThan(0);
    expect(onWorkers.assignments).toEqual(inThread.assignments);
  });
});

// Regions against the whole problem solved as one, in weighted distance (the objective both minimise), HiGHS
// for both. One instance says little: over 12 uniform seeds the ratio ran from 1.006 to 1.057 (mean 1.027),
// and the same 12 with every longitude rounded to 2^-27, 2^-28 or 2^-30 degree (0.2-0.8 mm, a float-level
// change) averaged 1.031, 1.030 and 1.025, one seed moving by up to 2.1%. So the mean over the 12 is held,
// with that spread as its margin, and each seed well above its worst. (This test held seed 31 alone under
// 1.03; the seeds after it were already at 1.034, 1.035 and 1.057.) On clustered towns the one-problem solve
// itself often ends worse than the regions (seed 52: 0.67), so those seeds bound only the worst case.
describe.skipIf(!highsInstalled())('solving by regions against the whole problem as one (5,000 x 50, 4 regions, HiGHS)', () => {
  const ratio = async (source: TerritoryInput, solve: LpSolve) => {
    const problem = makeProblem(source, OPTIONS);
    const graph = delaunayGraph(problem.xyz, problem.n);
    const settings: SolveSettings = { seed: 7, candidates: 4, exactLpMaxAccounts: 300, contiguity: true, deadline: Date.now() + 600_000, solve, solver: 'highs' };
    const whole = solveProblem(problem, graph, settings);
    const split = await solveByRegions(problem, graph, settings, 13, runInProcess(solveRegion, async () => {}));
    expect(split.regions).toBe(4);
    expect(split.timings.seams).toBeGreaterThan(0);
    const cost = (assign: Int32Array) => objective(problem, assign, computeCenters(problem, assign));
    return cost(split.assign) / cost(whole.assign);
  };

  it('costs about 3% more on uniform accounts: at most 3.5% more over 12 seeds, at most 8% on any one', async () => {
    const solve = (await lpSolverByName('highs'))!;
    const ratios: number[] = [];
    for (let seed = 31; seed <= 141; seed += 10) ratios.push(await ratio(uniformInstance({ n: 5000, k: 50, seed }), solve));
    expect(ratios.reduce((a, b) => a + b, 0) / ratios.length).toBeLessThan(1.035);
    for (const r of ratios) expect(r).toBeLessThan(1.08);
  });

  it('costs at most 8% more on clustered towns, on each of 3 seeds', async () => {
    const solve = (await lpSolverByName('highs'))!;
    for (const seed of [32, 42, 52]) expect(await ratio(clusteredInstance({ n: 5000, k: 50, seed }), solve)).toBeLessThan(1.08);
  });
});

describe('the stitch keeps territories whole where the region split strands accounts', () => {
  it('clustered 10,000 x 50 (seed 103): every territory in one piece, every band held', async () => {
    // The split leaves 23 small pieces of towns cut off from their region; repairing the bands around them
    // with single moves only, the stitch had to cut territories: 25 of 50 were in pieces.
    const input = clusteredInstance({ n: 10_000, k: 50, seed: 103 });
    const plan = await designTerritories(input, { balance: ['potential', 'workload'], tolerance: 0.05, seed: 1, hulls: false, workers: 1 });
    expect(plan.metrics.feasible).toBe(true);
    expect(plan.metrics.overlap.contiguousShare).toBe(1);
  });
});

describe('onProgress and signal', () => {
  const input = uniformInstance({ n: 3000, k: 40, seed: 41 });

  it('reports stages with a fraction that never falls and ends at 1', async () => {
    const seen: Progress[] = [];
    await designTerritories(input, { ...OPTIONS, workers: 1, onProgress: (p) => seen.push(p) });
    expect(seen.length).toBeGreaterThan(5);
    for (let s = 1; s < seen.length; s++) expect(seen[s].fraction).toBeGreaterThanOrEqual(seen[s - 1].fraction);
    expect(seen.at(-1)).toEqual({ stage: 'done', fraction: 1, message: 'plan ready' });
    expect(new Set(seen.map((p) => p.stage))).toEqual(new Set(['input', 'geo', 'solve', 'stitch', 'narrow', 'metrics', 'done']));
    // Checking the accounts reports (its tracker exists once the options are good), and so does the LP's load.
    expect(seen[0]).toEqual({ stage: 'input', fraction: 0, message: 'checking the input' });
    expect(seen.some((p) => p.stage === 'solve' && /^LP solver .+ ready$/.test(p.message))).toBe(true);
  });

  it('rejects at once with an aborted signal, and mid-run when aborted from a progress report', async () => {
    const before = new AbortController();
    before.abort();
    await expect(designTerritories(input, { ...OPTIONS, signal: before.signal })).rejects.toMatchObject({ name: 'AbortError' });

    const during = new AbortController();
    let after = 0;
    const run = designTerritories(input, {
      ...OPTIONS,
      workers: 1,
      signal: during.signal,
      onProgress: (p) => {
        if (p.stage === 'solve' && p.fraction > 0.2 && !during.signal.aborted) during.abort(new Error('user cancelled'));
        if (during.signal.aborted) after++;
      },
    });
    await expect(run).rejects.toThrow('user cancelled');
    // The run stopped at the first checkpoint after the abort: nothing was reported after it.
    expect(after).toBe(1);
  });

  it('stops worker threads when the signal is aborted from a timer while they run', async () => {
    const controller = new AbortController();
    const big = uniformInstance({ n: 20_000, k: 100, seed: 42 });
    const started = Date.now();
    let solving = 0;
    const run = designTerritories(big, {
      ...OPTIONS,
      workers: 2,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.stage === 'solve' && solving++ === 0) setTimeout(() => controller.abort(), 50);
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    // The whole design takes seconds; the abort lands within the 200 ms tick (plus start-up slack).
    expect(Date.now() - started).toBeLessThan(2500);
  });
});

describe('designTerritories at 25 reps or fewer: one problem, cancellable inside its stages', () => {
  it('reports progress from inside clustering and rebalancing, and an abort there stops the run', async () => {
    const input = uniformInstance({ n: 8000, k: 20, seed: 5 });
    const fractions: number[] = [];
    await designTerritories(input, { ...OPTIONS, onProgress: (p) => p.stage === 'solve' && fractions.push(p.fraction) });
    // One start: without the stage hooks the solve stage reports only at 10%, 50% and 100% of the start.
    expect(fractions.length).toBeGreaterThan(6);
    const inside = fractions.filter((f) => f > 0.05 + 0.85 * 0.1 + 1e-9 && f < 0.05 + 0.85 * 0.5 - 1e-9);
    expect(inside.length).toBeGreaterThan(0);

    const controller = new AbortController();
    let after = 0;
    const run = designTerritories(input, {
      ...OPTIONS,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.stage === 'solve' && p.fraction > inside[0] - 1e-12 && !controller.signal.aborted) controller.abort(new Error('stop in clustering'));
        if (controller.signal.aborted) after++;
      },
    });
    await expect(run).rejects.toThrow('stop in clustering');
    expect(after).toBe(1);
  });
});
