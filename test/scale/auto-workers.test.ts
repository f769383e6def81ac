import { describe, expect, it, vi } from 'vitest';
import { designTerritories } from '../../src/index.js';
import { uniformInstance } from '../support/instances.js';

// Counts the worker pools the engine asks for; the regions then run in this thread (the plan is the same
// either way, see design-by-regions.test.ts).
const asked = vi.hoisted(() => [] as number[]);
vi.mock('../../src/scale/run-in-workers.js', async (original) => ({
  ...(await original<typeof import('../../src/scale/run-in-workers.js')>()),
  workerRunner: async (threads: number) => {
    asked.push(threads);
    return null;
  },
  availableThreads: async () => 2,
}));

describe('options.workers on a problem solved by regions', () => {
  const input = uniformInstance({ n: 1500, k: 30, seed: 5 });
  const options = { balance: ['potential'], tolerance: 0.05, seed: 1, hulls: false } as const;

  it('left at auto (0), keeps the regions of a problem under 80,000 accounts in this thread', async () => {
    asked.length = 0;
    const plan = await designTerritories(input, options);
    expect(plan.metrics.timings.regions).toBeGreaterThan(0);
    expect(asked).toEqual([]);
  });

  it('left at auto (0) with a signal, still asks for workers, so an abort need not wait for a region', async () => {
    asked.length = 0;
    const plan = await designTerritories(input, { ...options, signal: new AbortController().signal });
    expect(plan.metrics.timings.regions).toBeGreaterThan(0);
    expect(asked).toEqual([2]);
  });

  it('given explicitly, starts that many workers whatever the size', async () => {
    asked.length = 0;
    const plan = await designTerritories(input, { ...options, workers: 2 });
    expect(plan.metrics.timings.regions).toBeGreaterThan(0);
    expect(asked).toEqual([2]);
  });
});
