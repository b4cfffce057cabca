import { describe, expect, it } from 'vitest';
import { barsPath, curvePath, segmentsPath } from './svgPaths';

describe('segmentsPath', () => {
  it('starts a new sub-path after each NaN break and flips y', () => {
    expect(segmentsPath([0, 1, NaN, 2, 3, NaN], [0, 1, NaN, -2, 0.5, NaN])).toBe('M0 0L1 -1M2 2L3 -0.5');
    expect(segmentsPath([], [])).toBe('');
  });
});

describe('barsPath and curvePath', () => {
  it('scale bins across the width and heights up to `top` across the height, clipping taller bars', () => {
    // Two bins on [−1, 1] of heights 0.5 and 2 in a 100 × 50 box topped at 1: the second bar is clipped to the top.
    expect(barsPath([-1, 0, 1], [0.5, 2], 100, 50, 1)).toBe('M0 50L0 25L50 25L50 0L100 0L100 50Z');
    // Bin centres −½ and ½ fall at x = 25 and 75.
    expect(curvePath([-1, 0, 1], [0.25, 1], 100, 50, 1)).toBe('M25 37.5L75 0');
  });
});
