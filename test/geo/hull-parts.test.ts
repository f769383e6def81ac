import { describe, expect, it } from 'vitest';
import { hullParts } from '../../src/geo/hull-parts.js';
import { box, hullBox } from './hull-boxes.js';

describe('hullParts(hulls)', () => {
  it('gives every polygon of every hull its own bounding box and skips null hulls', () => {
    const split = hullBox(179, -18, -179, -16);
    const parts = hullParts([null, box(0, 0, 1, 2), split]);
    expect(parts.map((p) => p.hull)).toEqual([1, 2, 2]);
    expect(parts[0].bbox).toEqual([0, 0, 1, 2]);
    const boxes = parts.slice(1).map((p) => p.bbox).sort((a, b) => a[0] - b[0]);
    expect(boxes[0][0]).toBe(-180);
    expect(boxes[0][2]).toBeCloseTo(-179, 9);
    expect(boxes[1][0]).toBeCloseTo(179, 9);
    expect(boxes[1][2]).toBe(180);
  });

  it('returns no parts for no hulls', () => {
    expect(hullParts([])).toEqual([]);
    expect(hullParts([null, null])).toEqual([]);
  });
});
