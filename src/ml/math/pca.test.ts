import { describe, expect, it } from 'vitest';
import { fitPca2, liftToLatent, project2 } from './pca';
import { mulberry32, standardNormals } from './random';

/** Points with independent coordinates of standard deviations 3, 1 and 0.1 along e₂, e₀, e₁. */
function anisotropic(rows: number): Float32Array {
  const eps = standardNormals(rows * 3, mulberry32(3));
  const out = new Float32Array(rows * 3);
  for (let r = 0; r < rows; r++) {
    out[3 * r] = 1 * eps[3 * r];
    out[3 * r + 1] = 0.1 * eps[3 * r + 1];
    out[3 * r + 2] = 3 * eps[3 * r + 2] + 5;
  }
  return out;
}

describe('fitPca2', () => {
  it('finds the axes of largest variance and their variance shares', () => {
    const rows = 20_000;
    const projection = fitPca2(anisotropic(rows), rows, 3);
    expect(Math.abs(projection.axisA[2])).toBeCloseTo(1, 3);
    expect(Math.abs(projection.axisB[0])).toBeCloseTo(1, 3);
    const total = 9 + 1 + 0.01;
    expect(projection.explained[0]).toBeCloseTo(9 / total, 1);
    expect(projection.explained[1]).toBeCloseTo(1 / total, 1);
    expect(projection.center[2]).toBeCloseTo(5, 1);
  });

  it('keeps the sign of the previous fit so snapshots do not flip', () => {
    const rows = 2_000;
    const values = anisotropic(rows);
    const first = fitPca2(values, rows, 3);
    const flipped = { ...first, axisA: first.axisA.map((x) => -x) };
    const again = fitPca2(values, rows, 3, flipped);
    expect(Math.sign(again.axisA[2])).toBe(Math.sign(flipped.axisA[2]));
  });

  it('projects onto the axes after centring', () => {
    const projection = { center: Float64Array.from([1, 1]), axisA: Float64Array.from([1, 0]), axisB: Float64Array.from([0, 1]), explained: [0.5, 0.5] as [number, number] };
    const { x, y } = project2(Float32Array.from([3, 4, 1, 1]), 2, 2, projection);
    expect(Array.from(x)).toEqual([2, 0]);
    expect(Array.from(y)).toEqual([3, 0]);
  });
});

/** Independent normal coordinates with the given standard deviations (rows × stds.length). */
function axisAligned(rows: number, stds: number[], seed: number): Float32Array {
  const dim = stds.length;
  const eps = standardNormals(rows * dim, mulberry32(seed));
  return Float32Array.from(eps, (e, i) => e * stds[i % dim]);
}

const dot = (a: Float64Array, b: Float64Array) => a.reduce((sum, x, i) => sum + x * b[i], 0);

describe('fitPca2 when the top two variances cross between fits', () => {
  it('orders the axes by explained variance and keeps each direction’s sign', () => {
    const rows = 4_000;
    const first = fitPca2(axisAligned(rows, [2, 1, 0.1], 5), rows, 3);
    expect(Math.abs(first.axisA[0])).toBeCloseTo(1, 2);
    const crossed = fitPca2(axisAligned(rows, [1, 2, 0.1], 6), rows, 3, first);
    expect(crossed.explained[0]).toBeGreaterThan(crossed.explained[1]);
    expect(crossed.explained[0]).toBeCloseTo(4 / 5.01, 1);
    expect(Math.abs(crossed.axisA[1])).toBeCloseTo(1, 2);
    expect(Math.abs(crossed.axisB[0])).toBeCloseTo(1, 2);
    // The direction that was PC 2 is now PC 1, pointing the same way as before (and vice versa).
    expect(dot(crossed.axisA, first.axisB)).toBeGreaterThan(0.99);
    expect(dot(crossed.axisB, first.axisA)).toBeGreaterThan(0.99);
  });

  it('stays ordered and sign-continuous through a gradual crossing, snapshot by snapshot', () => {
    const rows = 3_000;
    let previous = fitPca2(axisAligned(rows, [2, 1, 0.2], 10), rows, 3);
    for (let step = 1; step <= 10; step++) {
      const t = step / 10;
      const next = fitPca2(axisAligned(rows, [2 - t, 1 + t, 0.2], 10 + step), rows, 3, previous);
      expect(next.explained[0]).toBeGreaterThanOrEqual(next.explained[1]);
      expect(Math.abs(dot(next.axisA, next.axisB))).toBeLessThan(1e-6);
      for (const axis of [next.axisA, next.axisB]) {
        const closest = Math.abs(dot(axis, previous.axisA)) > Math.abs(dot(axis, previous.axisB)) ? previous.axisA : previous.axisB;
        expect(dot(axis, closest)).toBeGreaterThan(0);
      }
      previous = next;
    }
  });
});

describe('liftToLatent', () => {
  it('moves the anchor within the plane: e.g. axes (1,1,0)/√2 and (0,0,1) about (1,0,0), anchor (2,0,5) to (a, b) = (√2, −1)', () => {
    const r = Math.SQRT1_2;
    const projection = { center: Float64Array.from([1, 0, 0]), axisA: Float64Array.from([r, r, 0]), axisB: Float64Array.from([0, 0, 1]), explained: [0.5, 0.5] as [number, number] };
    // The anchor projects to a₀ = (2 − 1)·r = r, b₀ = 5; its part off the plane is ((1, −1, 0)·(anchor − centre))/2·(1, −1, 0) = (½, −½, 0).
    const z = liftToLatent(Math.SQRT2, -1, [2, 0, 5], projection);
    // anchor + (√2 − r)·(r, r, 0) + (−1 − 5)·(0, 0, 1) = (2 + ½, ½, −1).
    expect(z[0]).toBeCloseTo(2.5, 6);
    expect(z[1]).toBeCloseTo(0.5, 6);
    expect(z[2]).toBeCloseTo(-1, 6);
    const { x, y } = project2(z, 1, 3, projection);
    expect(x[0]).toBeCloseTo(Math.SQRT2, 6);
    expect(y[0]).toBeCloseTo(-1, 6);
    expect(z[0] - z[1]).toBeCloseTo(2 - 0, 6);
  });
});
