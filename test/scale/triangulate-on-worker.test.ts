import { describe, expect, it, vi } from 'vitest';
import { designTerritories } from '../../src/index.js';
import { uniformInstance } from '../support/instances.js';

// Counts the triangulators the design asks for and the triangulations they run (and the progress reports
// made while one runs), passing both on.
const calls = vi.hoisted(() => ({ asked: 0, ran: 0, triangulating: false, during: 0 }));
vi.mock('../../src/scale/run-in-workers.js', async (original) => {
  const real = await original<typeof import('../../src/scale/run-in-workers.js')>();
  return {
    ...real,
    workerTriangulator: async (...args: Parameters<typeof real.workerTriangulator>) => {
      calls.asked++;
      const triangulate = await real.workerTriangulator(...args);
      return (
        triangulate &&
        (async (coords: Float64Array) => {
          calls.ran++;
          calls.triangulating = true;
          try {
            return await triangulate(coords);
          } finally {
            calls.triangulating = false;
          }
        })
      );
    },
  };
});

describe('designTerritories on 250,000 accounts: the triangulation on a worker thread', () => {
  // Two reps and a time limit already spent: the run is the input, the graph, one quick clustering round and
  // the metrics, which is what this is about.
  const input = uniformInstance({ n: 250_000, k: 2, seed: 9 });
  const options = { balance: ['potential'], tolerance: 0.05, seed: 1, hulls: false, timeLimitMs: 1 } as const;

  it('runs delaunator on a worker thread from 250,000 accounts, and reports the geo stage while it runs', async () => {
    calls.asked = calls.ran = 0;
    calls.during = 0;
    const plan = await designTerritories(input, { ...options, onProgress: (p) => { if (calls.triangulating && p.stage === 'geo') calls.during++; } });
    expect({ asked: calls.asked, ran: calls.ran }).toEqual({ asked: 1, ran: 1 });
    expect(plan.assignments).toHaveLength(250_000);
    expect(plan.warnings.map((w) => w.code)).toContain('time-limit');
    // Reports reach onProgress while the worker triangulates (one at once, then one every 200 ms).
    expect(calls.during).toBeGreaterThanOrEqual(1);
  }, 120_000);

  it('triangulates in this thread with workers: 1', async () => {
    calls.asked = calls.ran = 0;
    const plan = await designTerritories(input, { ...options, workers: 1 });
    expect({ asked: calls.asked, ran: calls.ran }).toEqual({ asked: 0, ran: 0 });
    expect(plan.assignments).toHaveLength(250_000);
  }, 120_000);
});
