import { describe, expect, it } from 'vitest';
import { fitPca2, project2 } from './pca';
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
