import { describe, expect, it } from 'vitest';
import { firstNonFinite } from './finite';

describe('firstNonFinite', () => {
  it('finds the first NaN or ±∞ wherever it is, and −1 when every value is finite', () => {
    expect(firstNonFinite(new Float32Array([0, -1.5, 3e38, -3e38, 1e-45]))).toBe(-1);
    expect(firstNonFinite([])).toBe(-1);
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      for (const at of [0, 3, 999]) {
        const values = new Float32Array(1000).fill(0.25);
        values[at] = bad;
        values[999] = bad;
        expect(firstNonFinite(values)).toBe(at);
      }
    }
  });

  it('sees a float32 overflow as infinite (3.5e38 does not fit a float32)', () => {
    expect(firstNonFinite(new Float32Array([1, 3.5e38]))).toBe(1);
  });
});
