import { describe, expect, it } from 'vitest';
import { ProgressTracker, within } from '../../src/util/progress.js';
import type { Progress } from '../../src/types.js';

describe('ProgressTracker', () => {
  it('keeps the last fraction when a stage reports one that is not a number (0 / 0), and goes on after it', () => {
    const seen: Progress[] = [];
    const progress = new ProgressTracker((p) => seen.push(p), undefined);
    const stitch = progress.span('stitch', 0.85, 0.9);
    stitch(0.5);
    stitch(0 / 0);
    stitch(Infinity);
    progress.report('done', 1, 'plan ready');
    expect(seen.map((p) => p.fraction)).toEqual([0.875, 0.875, 0.9, 1]);
  });

  it('never reports a fraction below an earlier one, nor outside [0, 1]', () => {
    const seen: number[] = [];
    const progress = new ProgressTracker((p) => seen.push(p.fraction), undefined);
    progress.report('solve', 0.4, '');
    progress.report('solve', 0.2, '');
    progress.report('solve', 7, '');
    expect(seen).toEqual([0.4, 0.4, 1]);
  });
});

describe('within(checkpoint, from, width)', () => {
  it("reports a step's own fraction inside its caller's share, and leaves no checkpoint as none", () => {
    const seen: number[] = [];
    const step = within((f) => seen.push(f), 0.7, 0.25)!;
    step(0);
    step(0.5);
    step(1);
    expect(seen).toEqual([0.7, 0.825, 0.95]);
    expect(within(undefined, 0.7, 0.25)).toBeUndefined();
  });
});
