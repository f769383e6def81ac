import { describe, expect, it, vi } from 'vitest';
import { designTerritories, evaluateTerritories } from '../../src/index.js';
import { uniformInstance } from '../support/instances.js';

// As when the slow path of the overlap metric runs out of its time (hulls wider than a hemisphere).
vi.mock('../../src/geo/hull-overlap.js', async (original) => ({
  ...(await original<typeof import('../../src/geo/hull-overlap.js')>()),
  hullOverlap: () => ({ areaRatio: 0.125, skippedPairs: 3 }),
}));

describe('an overlap metric cut short', () => {
  const input = uniformInstance({ n: 200, k: 4, seed: 2 });
  const options = { balance: ['potential'], tolerance: 0.05, seed: 1 } as const;

  it('says so in metrics.overlap.skippedPairs and in an overlap-partial warning, in the design and in evaluate', async () => {
    const plan = await designTerritories(input, options);
    expect(plan.metrics.overlap.skippedPairs).toBe(3);
    expect(plan.warnings).toContainEqual({ code: 'overlap-partial', message: expect.stringContaining('3 pairs of territory hulls') });
    expect(plan.warnings.find((w) => w.code === 'overlap-partial')!.message).toContain('0.125 is a lower bound');
    const evaluated = await evaluateTerritories(input, plan.assignments, options);
    expect(evaluated.metrics.overlap.skippedPairs).toBe(3);
    expect(evaluated.warnings.map((w) => w.code)).toContain('overlap-partial');
  });
});
