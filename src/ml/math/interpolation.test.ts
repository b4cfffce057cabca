import { describe, expect, it } from 'vitest';
import { lerp, pathPoints, quantilePath, slerp } from './interpolation';

const f32 = (...values: number[]) => Float32Array.from(values);
const norm = (v: ArrayLike<number>) => Math.sqrt(Array.from(v).reduce((sum, x) => sum + x * x, 0));
const dot = (u: ArrayLike<number>, v: ArrayLike<number>) => Array.from(u).reduce((sum, x, i) => sum + x * v[i], 0);

function expectCloseArray(actual: ArrayLike<number>, expected: number[], digits: number): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((value, i) => expect(actual[i]).toBeCloseTo(value, digits));
}

describe('lerp', () => {
  it('goes through the midpoint and hits both ends exactly', () => {
    const a = f32(1, -2, 4);
    const b = f32(3, 2, 0);
    expectCloseArray(lerp(a, b, 0.5), [2, 0, 2], 7);
    expectCloseArray(lerp(a, b, 0.25), [1.5, -1, 3], 7);
    const odd = f32(0.1, -7.3, 1e-3);
    const other = f32(0.7, 2.9, -4.4);
    expect(lerp(odd, other, 0)).toEqual(odd);
    expect(lerp(odd, other, 1)).toEqual(other);
  });

  it('rejects codes of different lengths and t outside [0, 1]', () => {
    expect(() => lerp(f32(1), f32(1, 2), 0.5)).toThrow(RangeError);
    expect(() => lerp(f32(1), f32(2), 1.5)).toThrow(RangeError);
    expect(() => lerp(f32(1), f32(2), NaN)).toThrow(RangeError);
  });
});

describe('slerp', () => {
  it('turns at a constant rate: between codes of norm 2 at Ω = 120°, the point at t has angle tΩ and norm 2', () => {
    const a = f32(2, 0);
    const b = f32(2 * Math.cos((2 * Math.PI) / 3), 2 * Math.sin((2 * Math.PI) / 3));
    for (const t of [0.1, 0.25, 0.5, 0.8]) {
      const p = slerp(a, b, t);
      expect(Math.atan2(p[1], p[0])).toBeCloseTo((t * 2 * Math.PI) / 3, 6);
      expect(norm(p)).toBeCloseTo(2, 6);
    }
    // t = ¼: angle 30° → (2 cos 30°, 2 sin 30°) = (√3, 1).
    expectCloseArray(slerp(a, b, 0.25), [Math.sqrt(3), 1], 6);
  });

  it('follows the formula for unequal norms: a = (1, 0), b = (0, 2), Ω = 90° gives (cos(tπ/2), 2 sin(tπ/2))', () => {
    // sin Ω = 1, so the weights are cos(tπ/2) and sin(tπ/2): at t = ⅓ the point is (√3/2, 1), of norm √(7/4).
    const p = slerp(f32(1, 0), f32(0, 2), 1 / 3);
    expectCloseArray(p, [Math.sqrt(3) / 2, 1], 6);
    expect(norm(p)).toBeCloseTo(Math.sqrt(7 / 4), 6);
  });

  it('stays on the great circle in 3-D: orthogonal codes of norm 3, t = ⅓ is 30° from a and 60° from b', () => {
    const a = f32(1, 2, 2);
    const b = f32(2, -2, 1);
    const p = slerp(a, b, 1 / 3);
    expect(norm(p)).toBeCloseTo(3, 6);
    expect(dot(p, a)).toBeCloseTo(9 * Math.cos(Math.PI / 6), 5);
    expect(dot(p, b)).toBeCloseTo(9 * Math.cos(Math.PI / 3), 5);
  });

  it('hits both ends exactly', () => {
    const a = f32(0.3, -1.7, 2.2, 0.01);
    const b = f32(-0.9, 0.4, 1.1, -2.5);
    expect(slerp(a, b, 0)).toEqual(a);
    expect(slerp(a, b, 1)).toEqual(b);
  });

  it('is lerp for a tiny angle, a zero code, or antiparallel codes', () => {
    const a = f32(1, 0);
    const nearlyA = f32(1, 1e-7);
    expect(slerp(a, nearlyA, 0.3)).toEqual(lerp(a, nearlyA, 0.3));
    expect(slerp(f32(0, 0), f32(1, 1), 0.5)).toEqual(f32(0.5, 0.5));
    // Antiparallel: the straight line, through the origin at t = ¼ for a = (1, 0), b = (−3, 0).
    expectCloseArray(slerp(a, f32(-3, 0), 0.25), [0, 0], 7);
  });

  it('is close to lerp for a small but non-degenerate angle (difference O(Ω²))', () => {
    const a = f32(1, 0);
    const b = f32(1, 1e-3);
    const s = slerp(a, b, 0.5);
    const l = lerp(a, b, 0.5);
    expect(Math.abs(s[0] - l[0]) + Math.abs(s[1] - l[1])).toBeLessThan(1e-6);
  });
});

describe('quantilePath', () => {
  it('moves in equal steps of prior probability (hand-worked from tabulated quantiles)', () => {
    // a = (Φ⁻¹(0.1), Φ⁻¹(0.5)), b = (Φ⁻¹(0.5), Φ⁻¹(0.9)).
    const a = f32(-1.2815515655446004, 0);
    const b = f32(0, 1.2815515655446004);
    // t = ½: u = (0.3, 0.7) → (Φ⁻¹(0.3), Φ⁻¹(0.7)).
    expectCloseArray(quantilePath(a, b, 0.5), [-0.5244005127080407, 0.5244005127080407], 6);
    // t = ¼: u = (0.75·0.1 + 0.25·0.5, 0.75·0.5 + 0.25·0.9) = (0.2, 0.6).
    expectCloseArray(quantilePath(a, b, 0.25), [-0.8416212335729142, 0.2533471031357997], 6);
  });

  it('keeps precision in both tails: halfway from 9 to 10 is −Φ⁻¹(½(Φ(−9) + Φ(−10))) = 9.0757797…', () => {
    // ½(1.1285884059538406e-19 + 7.619853024160526e-24) = 5.643323022420411e-20; its quantile by mpmath at 40 digits.
    expectCloseArray(quantilePath(f32(9, -9), f32(10, -10), 0.5), [9.075779713738545, -9.075779713738545], 5);
  });

  it('hits both ends exactly and stays put where a and b agree', () => {
    const a = f32(0.37, -2.1, 1.5);
    const b = f32(-1.2, 0.8, 1.5);
    expect(quantilePath(a, b, 0)).toEqual(a);
    expect(quantilePath(a, b, 1)).toEqual(b);
    expect(quantilePath(a, b, 0.6)[2]).toBeCloseTo(1.5, 6);
  });
});

describe('pathPoints', () => {
  it('stacks frames from a to b, one row per frame', () => {
    const a = f32(0, 4);
    const b = f32(2, 0);
    expect(Array.from(pathPoints('linear', a, b, 3))).toEqual([0, 4, 1, 2, 2, 0]);
    expect(Array.from(pathPoints('slerp', a, b, 1))).toEqual([0, 4]);
  });

  it('dispatches to each kind', () => {
    const a = f32(2, 0);
    const b = f32(0, 2);
    // Quarter circle: the middle frame is at 45°, norm 2.
    expectCloseArray(pathPoints('slerp', a, b, 3).subarray(2, 4), [Math.SQRT2, Math.SQRT2], 6);
    // Quantile path (2, 0) → (0, 2), middle frame: u = ½(Φ(2) + ½) = 0.7386249340259104 in both coordinates,
    // Φ⁻¹(u) = 0.6391119108712728 (mpmath, 40 digits).
    expectCloseArray(pathPoints('quantile', a, b, 3).subarray(2, 4), [0.6391119108712728, 0.6391119108712728], 6);
  });

  it('rejects a frame count that is not a positive integer', () => {
    expect(() => pathPoints('linear', f32(0), f32(1), 0)).toThrow(RangeError);
    expect(() => pathPoints('linear', f32(0), f32(1), 2.5)).toThrow(RangeError);
  });
});
