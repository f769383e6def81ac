import { describe, expect, it, vi } from 'vitest';
import type { LinearProgram, LpResult, LpSolve, LpSolveOptions } from '../../src/rebalance/lp-adapter.js';
import type { Solved } from '../../src/scale/solve-problem.js';
import { AUTO_JS_LP_WORK, LpGaveUp, withHighsRetry, withLpBudget, type LpChoice } from '../../src/scale/lp-solvers.js';

const lp: LinearProgram = { numVars: 1, cost: Float64Array.of(1), rows: [{ vars: [0], coefs: [1], lo: 2, hi: 5 }] };
const result = (status: LpResult['status'], workLimited = false): LpResult => ({ status, objective: status === 'optimal' ? 2 : NaN, values: Float64Array.of(status === 'optimal' ? 2 : 0), violation: 0, ms: 1, ...(workLimited ? { workLimited: true as const } : {}) });
/** A backend that answers `status` (stopped at its work limit with `workLimited`) and records the options it was given. */
function fake(status: LpResult['status'], seen: LpSolveOptions[] = [], workLimited = false): LpSolve {
  return (_lp, options) => {
    seen.push(options);
    return result(status, workLimited);
  };
}
/** A budget whose give-ups are thrown for as long as the test runs. */
const open = { work: 1e6, retryUntil: Infinity };
const solved = (tag: number): Solved => ({ assign: Int32Array.of(tag), isolated: new Uint8Array(1), warnings: [] });

describe('withLpBudget: javascript-lp-solver with a work limit per LP', () => {
  it('is the backend itself when there is no budget', () => {
    const solve = fake('check-failed');
    expect(withLpBudget(solve, undefined)).toBe(solve);
  });

  it("gives each LP the work limit, leaves the caller's time limit as it is, and passes good answers through", () => {
    const seen: LpSolveOptions[] = [];
    const budgeted = withLpBudget(fake('optimal', seen), open);
    expect(budgeted(lp, { timeLimitMs: 60_000 }).status).toBe('optimal');
    expect(budgeted(lp, { timeLimitMs: 500 }).status).toBe('optimal');
    expect(seen).toEqual([
      { timeLimitMs: 60_000, workLimit: 1e6 },
      { timeLimitMs: 500, workLimit: 1e6 },
    ]);
  });

  it('gives up (throws LpGaveUp) on values failing the re-check, an error, and stopping at the work limit', () => {
    for (const [status, workLimited] of [['check-failed', false], ['error', false], ['time-limit', true]] as const) {
      const call = () => withLpBudget(fake(status, [], workLimited), open)(lp, { timeLimitMs: 60_000 });
      expect(call).toThrow(LpGaveUp);
      expect(call).toThrow(`('${status}')`);
    }
  });

  it('comes back failed, as without a budget, once retryUntil has passed (the second half of a run keeps what it has)', () => {
    const late = { work: 1e6, retryUntil: Date.now() - 1 };
    for (const [status, workLimited] of [['check-failed', false], ['error', false], ['time-limit', true]] as const) {
      expect(withLpBudget(fake(status, [], workLimited), late)(lp, { timeLimitMs: 60_000 }).status).toBe(status);
    }
  });

  it("does not give up when the caller's own time ran out (the deadline, not the work limit) or the model has no answer", () => {
    expect(withLpBudget(fake('time-limit'), open)(lp, { timeLimitMs: 2000 }).status).toBe('time-limit');
    expect(withLpBudget(fake('infeasible'), open)(lp, { timeLimitMs: 60_000 }).status).toBe('infeasible');
    expect(withLpBudget(fake('unbounded'), open)(lp, { timeLimitMs: 60_000 }).status).toBe('unbounded');
  });
});

describe('withHighsRetry: a run javascript-lp-solver gave up on is solved again with HiGHS', () => {
  const js: LpChoice = { name: 'javascript-lp-solver', solve: fake('optimal'), warnings: [], budget: AUTO_JS_LP_WORK };
  const highs = fake('optimal');

  it('keeps a run that went through, without loading HiGHS', async () => {
    const load = vi.fn(async () => highs);
    const out = await withHighsRetry(js, async () => solved(1), load);
    expect(out.solved.assign).toEqual(Int32Array.of(1));
    expect(out.backend).toBe(js);
    expect(load).not.toHaveBeenCalled();
  });

  it('runs again with HiGHS after LpGaveUp, here or in a worker thread (where it arrives as a message), and says so', async () => {
    const inWorker = new Error(`region 3 failed in a worker: ${new LpGaveUp('time-limit').stack}`);
    for (const thrown of [new LpGaveUp('check-failed'), inWorker]) {
      const backends: LpChoice[] = [];
      const out = await withHighsRetry(
        js,
        async (backend) => {
          backends.push(backend);
          if (backends.length === 1) throw thrown;
          return { ...solved(2), warnings: [{ code: 'band-not-met', message: 'x' }] };
        },
        async () => highs,
      );
      expect(backends.map((b) => b.name)).toEqual(['javascript-lp-solver', 'highs']);
      expect(backends[1].solve).toBe(highs);
      expect(backends[1].budget).toBeUndefined();
      expect(out.backend).toBe(backends[1]);
      expect(out.solved.assign).toEqual(Int32Array.of(2));
      const status = thrown === inWorker ? 'time-limit' : 'check-failed';
      expect(out.solved.warnings[0]).toEqual({ code: 'solver-fallback', message: expect.stringMatching(new RegExp(`gave up on an LP \\('${status}'\\) after \\d+ ms; the plan was solved again with HiGHS`)) });
      expect(out.solved.warnings[1].code).toBe('band-not-met');
    }
  });

  it('runs javascript-lp-solver again without the budget when HiGHS does not load after all', async () => {
    const backends: LpChoice[] = [];
    const out = await withHighsRetry(
      js,
      async (backend) => {
        backends.push(backend);
        if (backends.length === 1) throw new LpGaveUp('time-limit');
        return solved(3);
      },
      async () => null,
    );
    expect(backends.map((b) => [b.name, b.budget])).toEqual([
      ['javascript-lp-solver', AUTO_JS_LP_WORK],
      ['javascript-lp-solver', undefined],
    ]);
    expect(out.solved.warnings[0].message).toContain('HiGHS did not load');
  });

  it('passes on any other error, and LpGaveUp too when no budget was set (no retry was promised)', async () => {
    const load = vi.fn(async () => highs);
    await expect(withHighsRetry(js, async () => Promise.reject(new Error('aborted')), load)).rejects.toThrow('aborted');
    await expect(withHighsRetry({ ...js, budget: undefined }, async () => Promise.reject(new LpGaveUp('error')), load)).rejects.toThrow(LpGaveUp);
    expect(load).not.toHaveBeenCalled();
  });
});
