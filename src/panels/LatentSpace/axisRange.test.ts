import { describe, expect, it } from 'vitest';
import { nextAxisRange, pointsExtent } from './axisRange';

describe('pointsExtent', () => {
  it('is the 99th percentile of max(|x|, |y|), so one stray point does not set the view', () => {
    const x = Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? -1 : 1) * (i / 100));
    const y = new Array<number>(200).fill(0.5);
    x[17] = 1000;
    // max(|x|, |y|) sorted: 0.5 (51 of them: |x| ≤ 0.5 → 0.5), then |x| values …; index floor(0.99·200) = 198 of the sorted list.
    const reach = x.map((v, i) => Math.max(Math.abs(v), Math.abs(y[i]))).sort((a, b) => a - b);
    expect(pointsExtent(x, y)).toBe(reach[198]);
    expect(pointsExtent(x, y)).toBeLessThan(2);
    expect(pointsExtent([], [])).toBe(0);
  });
});

describe('nextAxisRange', () => {
  it('starts at the points’ reach with 20% headroom, or at the floor', () => {
    expect(nextAxisRange(null, 2, 0)).toEqual({ halfWidth: 2.4, calmUpdates: 0 });
    expect(nextAxisRange(null, 0.5, 2.5)).toEqual({ halfWidth: 2.5, calmUpdates: 0 });
  });

  it('grows at once when points leave the view and keeps still while they move inside it', () => {
    let range = nextAxisRange(null, 2, 0);
    for (const extent of [1.9, 2.3, 1.5, 2.0]) {
      range = nextAxisRange(range, extent, 0);
      expect(range.halfWidth).toBe(2.4);
    }
    range = nextAxisRange(range, 3, 0);
    expect(range.halfWidth).toBeCloseTo(3.6, 12);
  });

  it('shrinks only after ten calm updates with the points in less than half the view', () => {
    let range = nextAxisRange(null, 10, 0);
    for (let k = 1; k <= 9; k++) {
      range = nextAxisRange(range, 1, 0);
      expect(range).toEqual({ halfWidth: 12, calmUpdates: k });
    }
    range = nextAxisRange(range, 1, 0);
    expect(range.halfWidth).toBeCloseTo(1.2, 12);
    range = nextAxisRange(nextAxisRange(null, 10, 0), 1, 0);
    range = nextAxisRange(range, 7, 0);
    expect(range.calmUpdates, 'a busy update restarts the count').toBe(0);
  });
});
