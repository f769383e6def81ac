/**
 * Limits (issue 6): a run past `timeLimitMs` still returns a full plan and says so; an abort stops the run
 * with the signal's reason, in this thread and on a worker thread. How soon each lands is measured by
 * `npm run bench:limits`, not here.
 */
import { describe, expect, it } from 'vitest';
import { designTerritories } from '../../src/index.js';
import type { Progress } from '../../src/types.js';
import { assignmentProblems } from '../support/check-plan.js';
import { clusteredInstance } from '../support/instances.js';

const input = clusteredInstance({ n: 6000, k: 20, seed: 13 });
const options = { balance: ['potential', 'workload'], seed: 3 };

describe('timeLimitMs and signal', () => {
  it('returns a full plan with a time-limit warning when the limit is far too short', async () => {
    const plan = await designTerritories(input, { ...options, workers: 1, timeLimitMs: 1 });
    expect(assignmentProblems(input, plan)).toEqual([]);
    expect(plan.warnings.map((w) => w.code)).toContain('time-limit');
    const unlimited = await designTerritories(input, { ...options, workers: 1 });
    expect(unlimited.warnings.map((w) => w.code)).not.toContain('time-limit');
  });

  it.each([
    ['on a worker thread (the default where there are threads)', 0],
    ['in this thread (workers: 1)', 1],
  ])('rejects with the reason of an abort from a timer while solving, %s', async (_, workers) => {
    const controller = new AbortController();
    const seen: Progress[] = [];
    const reason = new Error('territory review cancelled');
    const run = designTerritories(input, {
      ...options,
      workers,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.stage === 'solve' && !seen.some((s) => s.stage === 'solve')) setTimeout(() => controller.abort(reason), 30);
        seen.push(p);
      },
    });
    await expect(run).rejects.toBe(reason);
    expect(seen.some((p) => p.stage === 'done')).toBe(false);
  });

  it('gives the same plan on a worker thread (a signal given, never aborted) as in this thread', async () => {
    const small = clusteredInstance({ n: 1500, k: 12, seed: 4 });
    const inThread = await designTerritories(small, { ...options, workers: 1 });
    const onWorker = await designTerritories(small, { ...options, signal: new AbortController().signal });
    expect(onWorker.assignments).toEqual(inThread.assignments);
    expect(onWorker.metrics.balance).toEqual(inThread.metrics.balance);
  });
});
