import { describe, expect, it } from 'vitest';
import { spreadDimensions, traversalPoints, traversalRanges } from './traversal';

// Four codes in 3-D: dim 0 takes 0, 2, 0, 2 (mean 1, sd 1); dim 1 is constant 5; dim 2 takes −4, 4, −4, 4 (mean 0, sd 4).
const CODES = Float32Array.from([0, 5, -4, 2, 5, 4, 0, 5, -4, 2, 5, 4]);

describe('spreadDimensions', () => {
  it('keeps every dimension when they fit, else the widest, in index order', () => {
    expect(spreadDimensions(CODES, 4, 3, 8)).toEqual([0, 1, 2]);
    expect(spreadDimensions(CODES, 4, 3, 2)).toEqual([0, 2]);
    expect(spreadDimensions(CODES, 4, 3, 1)).toEqual([2]);
  });
});

describe('traversalRanges', () => {
  it('is ±3 with a prior, and the codes’ mean ± 3 sd without one (a constant dimension: its value ± 3)', () => {
    expect(Array.from(traversalRanges(CODES, 4, 3, [0, 2], true))).toEqual([-3, 3, -3, 3]);
    expect(Array.from(traversalRanges(CODES, 4, 3, [0, 1, 2], false))).toEqual([-2, 4, 2, 8, -12, 12]);
  });
});

describe('traversalPoints', () => {
  it('varies one dimension per strip across its range and keeps the rest at the point', () => {
    const point = Float32Array.from([0.5, -1, 2]);
    const points = traversalPoints(point, [0, 2], Float32Array.from([-3, 3, -1, 1]), 3);
    expect(Array.from(points)).toEqual([-3, -1, 2, 0, -1, 2, 3, -1, 2, 0.5, -1, -1, 0.5, -1, 0, 0.5, -1, 1]);
    expect(() => traversalPoints(point, [0], Float32Array.from([-3, 3]), 1)).toThrow(RangeError);
  });
});
