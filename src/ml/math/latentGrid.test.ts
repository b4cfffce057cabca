import { describe, expect, it } from 'vitest';
import { gridCellOf, gridPoints, priorQuantileAxis, rangeAxis } from './latentGrid';

/** Element-wise toBeCloseTo on two arrays of equal length. */
function expectCloseArray(actual: ArrayLike<number>, expected: number[], digits: number): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((value, i) => expect(actual[i]).toBeCloseTo(value, digits));
}

describe('priorQuantileAxis', () => {
  it('puts n = 4 points at the tabulated quantiles Φ⁻¹(1/8), Φ⁻¹(3/8), Φ⁻¹(5/8), Φ⁻¹(7/8)', () => {
    // Φ⁻¹(7/8) = 1.150349380376008, Φ⁻¹(5/8) = 0.3186393639643752 (mpmath, 40 digits).
    expectCloseArray(priorQuantileAxis(4), [-1.150349380376008, -0.3186393639643752, 0.3186393639643752, 1.150349380376008], 14);
  });

  it('puts n = 5 points at Φ⁻¹ of 0.1, 0.3, 0.5, 0.7, 0.9 and n = 1 at the prior mean', () => {
    expectCloseArray(priorQuantileAxis(5), [-1.2815515655446004, -0.5244005127080407, 0, 0.5244005127080407, 1.2815515655446004], 14);
    expectCloseArray(priorQuantileAxis(1), [0], 15);
  });
});

describe('rangeAxis', () => {
  it('spans the 1st–99th percentile, ignoring outliers, with cell-centred points', () => {
    // Sorted: −1000, 0, 1, …, 98, 1000 (101 values): the 1st percentile is the 2nd value (0), the 99th the 100th (98).
    const values = [1000, ...Array.from({ length: 99 }, (_, i) => i), -1000];
    // No padding: [0, 98] in two cells of 49 → centres 24.5 and 73.5.
    expectCloseArray(rangeAxis(values, 2, 0), [24.5, 73.5], 12);
    // padding 0.1 widens by 9.8 on each side: [−9.8, 107.8] in four cells of 29.4.
    expectCloseArray(rangeAxis(values, 4, 0.1), [4.9, 34.3, 63.7, 93.1], 12);
  });

  it('interpolates the percentile between order statistics', () => {
    // 0, 10, 20, 30 (4 values): the 1st percentile sits at position 0.03 → 0.3; the 99th at 2.97 → 29.7.
    expectCloseArray(rangeAxis(Float32Array.from([30, 0, 20, 10]), 1, 0), [15], 12);
    expectCloseArray(rangeAxis([30, 0, 20, 10], 2, 0), [0.3 + 29.4 / 4, 29.7 - 29.4 / 4], 12);
  });

  it('skips non-finite values, widens a zero span to 1 and rejects an empty input', () => {
    expectCloseArray(rangeAxis([3, NaN, 3, Infinity, 3], 2, 0), [2.75, 3.25], 12);
    expect(() => rangeAxis([NaN], 3)).toThrow(RangeError);
  });
});

describe('gridPoints', () => {
  it('lays the points out row-major with y decreasing down the rows', () => {
    expect(Array.from(gridPoints([-1, 1], [-2, 0, 2]))).toEqual([-1, 2, 1, 2, -1, 0, 1, 0, -1, -2, 1, -2]);
  });
});

describe('gridCellOf', () => {
  const xs = [0, 1, 3];
  const ys = [0, 2];

  it('finds the nearest grid point, with row 0 at the top', () => {
    expect(gridCellOf(1.9, 0.5, xs, ys)).toEqual({ row: 1, column: 1 });
    expect(gridCellOf(2.1, 1.5, xs, ys)).toEqual({ row: 0, column: 2 });
    expect(gridCellOf(-0.4, 2.9, xs, ys)).toEqual({ row: 0, column: 0 });
  });

  it('sends a point on a boundary to the higher cell', () => {
    expect(gridCellOf(0.5, 1, xs, ys)).toEqual({ row: 0, column: 1 });
  });

  it('reaches half a spacing beyond the end points and no further', () => {
    expect(gridCellOf(4, -1, xs, ys)).toEqual({ row: 1, column: 2 });
    expect(gridCellOf(4.01, 0, xs, ys)).toBeNull();
    expect(gridCellOf(0, -1.01, xs, ys)).toBeNull();
    expect(gridCellOf(NaN, 0, xs, ys)).toBeNull();
  });

  it('agrees with the points gridPoints lays out', () => {
    const axis = priorQuantileAxis(7);
    const points = gridPoints(axis, axis);
    for (let k = 0; k < 49; k++) expect(gridCellOf(points[2 * k], points[2 * k + 1], axis, axis)).toEqual({ row: Math.floor(k / 7), column: k % 7 });
  });
});
