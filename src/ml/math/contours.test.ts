import { describe, expect, it } from 'vitest';
import { contourSegments } from './contours';

const axis = (from: number, to: number, count: number) => Float64Array.from({ length: count }, (_, k) => from + ((to - from) * k) / (count - 1));

/** f sampled at (xs[i], ys[j]) in row-j-at-ys[j] order. */
function sample(f: (x: number, y: number) => number, xs: Float64Array, ys: Float64Array): Float64Array {
  return Float64Array.from({ length: xs.length * ys.length }, (_, k) => f(xs[k % xs.length], ys[Math.floor(k / xs.length)]));
}

/** The segments' end points (NaN separators dropped). */
function points(segments: { x: Float32Array; y: Float32Array }): [number, number][] {
  const out: [number, number][] = [];
  segments.x.forEach((x, k) => {
    if (!Number.isNaN(x)) out.push([x, segments.y[k]]);
  });
  return out;
}

/** Each segment as "(x0,y0)-(x1,y1)" with its ends in order, sorted: a comparison that ignores drawing order. */
function segmentSet(segments: { x: Float32Array; y: Float32Array }): string[] {
  const out: string[] = [];
  for (let k = 0; k < segments.x.length; k += 3) {
    const ends = [0, 1].map((e) => `(${segments.x[k + e].toFixed(1)},${segments.y[k + e].toFixed(1)})`).sort();
    out.push(ends.join('-'));
  }
  return out.sort();
}

describe('contourSegments', () => {
  it('is exact for a linear field: every end point of x + 2y = 1 lies on the line, and the line crosses the grid', () => {
    const xs = axis(-2, 2, 9);
    const ys = axis(-1, 1, 5);
    const segments = contourSegments(sample((x, y) => x + 2 * y, xs, ys), xs, ys, 1);
    const ends = points(segments);
    for (const [x, y] of ends) expect(x + 2 * y).toBeCloseTo(1, 6);
    // The line runs from (−1, 1) to (2, −½): it spans x ∈ [−1, 2].
    expect(Math.min(...ends.map(([x]) => x))).toBeCloseTo(-1, 6);
    expect(Math.max(...ends.map(([x]) => x))).toBeCloseTo(2, 6);
    expect(segments.x.length % 3).toBe(0);
    expect(Number.isNaN(segments.x[2])).toBe(true);
  });

  it('traces a closed circle for x² + y² = 1.1: radius within the grid’s error, every end point shared by two segments', () => {
    // No grid node lies on the circle (440 = (20x)² + (20y)² has no integer solution), so every end point is on an edge.
    const xs = axis(-2, 2, 81);
    const ys = axis(-2, 2, 81);
    const ends = points(contourSegments(sample((x, y) => x * x + y * y, xs, ys), xs, ys, 1.1));
    // Linear interpolation of r² along an edge of length h = 0.05 errs by at most h²/4 = 0.000625 in r².
    for (const [x, y] of ends) expect(Math.abs(Math.hypot(x, y) - Math.sqrt(1.1))).toBeLessThan(0.001);
    const count = new Map<string, number>();
    for (const [x, y] of ends) count.set(`${x.toFixed(5)},${y.toFixed(5)}`, (count.get(`${x.toFixed(5)},${y.toFixed(5)}`) ?? 0) + 1);
    expect([...count.values()].every((n) => n === 2)).toBe(true);
    // It goes all the way round: no gap between neighbouring end points wider than two cells (0.1 rad at r ≈ 1).
    const angles = ends.map(([x, y]) => Math.atan2(y, x)).sort((a, b) => a - b);
    const gaps = angles.map((angle, k) => (k + 1 < angles.length ? angles[k + 1] : angles[0] + 2 * Math.PI) - angle);
    expect(Math.max(...gaps)).toBeLessThan(0.1);
  });

  it('resolves a saddle by the centre: corners 1, 0, 1, 0 with centre ½ ≥ ½ cut off the two low corners', () => {
    // One cell on [0, 1]²: f(0,0) = 1, f(1,0) = 0, f(1,1) = 1, f(0,1) = 0; level ½, centre ½ counts as above.
    const xs = Float64Array.from([0, 1]);
    const ys = Float64Array.from([0, 1]);
    const segments = contourSegments(Float64Array.from([1, 0, 0, 1]), xs, ys, 0.5);
    // Corner (1, 0) is cut off by the segment (½, 0)–(1, ½); corner (0, 1) by (0, ½)–(½, 1).
    expect(segmentSet(segments)).toEqual(['(0.0,0.5)-(0.5,1.0)', '(0.5,0.0)-(1.0,0.5)']);
    // Level 0.6 is above the centre ½: now the high corners (0, 0) and (1, 1) are cut off.
    expect(segmentSet(contourSegments(Float64Array.from([1, 0, 0, 1]), xs, ys, 0.6))).toEqual(['(0.0,0.4)-(0.4,0.0)', '(0.6,1.0)-(1.0,0.6)']);
  });

  it('skips cells with a non-finite corner and rejects a grid of the wrong size', () => {
    const xs = Float64Array.from([0, 1, 2]);
    const ys = Float64Array.from([0, 1]);
    // Cell 0 crosses ½ once; cell 1 has −∞ at its top right corner and is skipped.
    expect(contourSegments(Float64Array.from([0, 1, 0, 0, 1, Number.NEGATIVE_INFINITY]), xs, ys, 0.5).x.length).toBe(3);
    expect(() => contourSegments(Float64Array.from([0, 1]), xs, ys, 0.5)).toThrow(RangeError);
  });
});
