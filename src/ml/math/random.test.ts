import { describe, expect, it } from 'vitest';
import { mulberry32, shuffleInPlace } from './random';

describe('mulberry32', () => {
  it('is deterministic per seed, in [0,1), with mean ≈ 1/2 and variance ≈ 1/12', () => {
    const a = mulberry32(20261121);
    const b = mulberry32(20261121);
    const n = 100_000;
    let sum = 0;
    let sumSq = 0;
    let mismatches = 0;
    for (let i = 0; i < n; i++) {
      const x = a();
      if (x !== b() || x < 0 || x >= 1) mismatches++;
      sum += x;
      sumSq += x * x;
    }
    expect(mismatches).toBe(0);
    expect(sum / n).toBeCloseTo(0.5, 2);
    expect(sumSq / n - (sum / n) ** 2).toBeCloseTo(1 / 12, 2);
    expect(mulberry32(1)()).not.toBe(mulberry32(2)());
  });

  it('shuffles into a permutation', () => {
    const order = shuffleInPlace(Uint32Array.from({ length: 1000 }, (_, i) => i), mulberry32(5));
    expect(Array.from(order).sort((x, y) => x - y)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(order[0] !== 0 || order[1] !== 1).toBe(true);
  });
});
