import { describe, expect, it } from 'vitest';
import { contourSegments, ellipse, type Polyline } from './geometry';

const points = (line: Polyline) => line.x.flatMap((x, i) => (x === null ? [] : [[x, line.y[i] as number] as const]));

describe('contourSegments', () => {
  it('traces a circle of the right radius for f = −‖z‖²/2 at level −r²/2 (within the linear interpolation error)', () => {
    const n = 81;
    const axis = Array.from({ length: n }, (_, i) => -3 + (6 * i) / (n - 1));
    const values = axis.flatMap((y) => axis.map((x) => -(x * x + y * y) / 2));
    const line = contourSegments(axis, axis, values, -2);
    const found = points(line);
    expect(found.length).toBeGreaterThan(100);
    for (const [x, y] of found) expect(Math.abs(Math.hypot(x, y) - 2)).toBeLessThan(0.01);
    // Every quadrant is visited: the curve closes around the origin.
    expect(new Set(found.map(([x, y]) => `${x >= 0}${y >= 0}`)).size).toBe(4);
  });

  it('gives nothing when the level is outside the values, and one segment per crossed cell', () => {
    expect(contourSegments([0, 1], [0, 1], [0, 0, 0, 0], 1).x).toEqual([]);
    const line = contourSegments([0, 1], [0, 1], [0, 1, 0, 1], 0.5);
    expect(points(line)).toEqual([[0.5, 0], [0.5, 1]]);
  });
});

describe('ellipse', () => {
  it('puts every point on (z − m)ᵀ Σ⁻¹ (z − m) = r², closed', () => {
    const covariance: [[number, number], [number, number]] = [[2, 0.6], [0.6, 0.5]];
    const det = 2 * 0.5 - 0.36;
    const line = ellipse([1, -1], covariance, 2);
    for (const [x, y] of points(line)) {
      const [dx, dy] = [x - 1, y + 1];
      expect((0.5 * dx * dx - 2 * 0.6 * dx * dy + 2 * dy * dy) / det).toBeCloseTo(4, 9);
    }
    expect(line.x[0]).toBeCloseTo(line.x.at(-1) as number, 12);
  });
});
