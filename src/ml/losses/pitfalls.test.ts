import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { klCurve, klMinimumSigma, klTermPerDimension, pitfallEpsilon, pitfallKlPerImage, VAE_PITFALLS, type VaePitfall } from './pitfalls';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const LN2 = Math.log(2);

/** Hand-worked values at (μ = 1, σ = 2) and (μ = 0, σ = ½); e.g. correct: ½(1 + 4 − ln 4 − 1) = 2 − ln 2. */
const HAND_VALUES: Record<VaePitfall, [number, number]> = {
  none: [2 - LN2, LN2 - 0.375],
  uniformEpsilon: [2 - LN2, LN2 - 0.375],
  klWithoutHalf: [4 - 2 * LN2, 2 * LN2 - 0.75],
  logSigmaForLogVar: [2 - 0.5 * LN2, 0.5 * LN2 - 0.375],
  klMinimisedAtZeroSigma: [2, -0.375],
};

/** Plain-JS per-dimension formulas from the lecture notes, σ² = exp(log σ²). */
function handKl(pitfall: VaePitfall, mu: number, logVar: number): number {
  const variance = Math.exp(logVar);
  if (pitfall === 'klWithoutHalf') return mu * mu + variance - logVar - 1;
  if (pitfall === 'logSigmaForLogVar') return 0.5 * (mu * mu + variance - 0.5 * logVar - 1);
  if (pitfall === 'klMinimisedAtZeroSigma') return 0.5 * (mu * mu + variance - 1);
  return 0.5 * (mu * mu + variance - logVar - 1);
}

/** Golden-section search for the minimiser of f on [lo, hi]. */
function goldenMinimum(f: (s: number) => number, lo: number, hi: number): number {
  const ratio = (Math.sqrt(5) - 1) / 2;
  let [a, b] = [lo, hi];
  for (let i = 0; i < 200; i++) {
    const c = b - ratio * (b - a);
    const d = a + ratio * (b - a);
    if (f(c) < f(d)) b = d;
    else a = c;
  }
  return (a + b) / 2;
}

describe('klTermPerDimension', () => {
  it.each(VAE_PITFALLS)('%s matches its hand-worked value at two points', (pitfall) => {
    expect(klTermPerDimension(pitfall, 1, 2)).toBeCloseTo(HAND_VALUES[pitfall][0], 12);
    expect(klTermPerDimension(pitfall, 0, 0.5)).toBeCloseTo(HAND_VALUES[pitfall][1], 12);
  });

  it.each(VAE_PITFALLS)('%s has its minimum over σ where klMinimumSigma says (numerical minimisation)', (pitfall) => {
    const curve = (sigma: number) => klTermPerDimension(pitfall, 0.3, sigma);
    const found = goldenMinimum(curve, 1e-9, 5);
    expect(Math.abs(found - klMinimumSigma(pitfall))).toBeLessThan(1e-6);
  });

  it('the dropped −log σ² term makes the "KL" negative near σ = 0, which a true KL never is', () => {
    expect(klTermPerDimension('klMinimisedAtZeroSigma', 0, 1e-3)).toBeLessThan(0);
    expect(klTermPerDimension('none', 0, 1e-3)).toBeGreaterThan(5);
  });
});

describe('klCurve', () => {
  it('evaluates the curve at each σ (hand values at σ = 2 and ½ with μ = 1 and 0)', () => {
    const curve = klCurve('klWithoutHalf', [2, 0.5], 1);
    expect(curve).toHaveLength(2);
    expect(curve[0]).toBeCloseTo(4 - 2 * LN2, 12);
    expect(curve[1]).toBeCloseTo(1 + 2 * LN2 - 0.75, 12);
    expect(klCurve('none', [0.5])[0]).toBeCloseTo(LN2 - 0.375, 12);
  });
});

describe('pitfallKlPerImage', () => {
  const mean = [[0.4, -1.1, 0], [2, 0.3, -0.7]];
  const logVar = [[-0.3, 0.8, -2.5], [0.1, -1.4, 0]];

  it.each(VAE_PITFALLS)('%s sums the hand formula over dimensions, per image → [batch]', (pitfall) => {
    const kl = pitfallKlPerImage(tf.tensor2d(mean), tf.tensor2d(logVar), pitfall);
    expect(kl.shape).toEqual([2]);
    const values = kl.dataSync();
    mean.forEach((row, i) => {
      const expected = row.reduce((sum, mu, j) => sum + handKl(pitfall, mu, logVar[i][j]), 0);
      expect(values[i]).toBeCloseTo(expected, 5);
    });
  });

  it.each(VAE_PITFALLS)('%s leaks no tensors', (pitfall) => {
    const [m, lv] = [tf.tensor2d(mean), tf.tensor2d(logVar)];
    pitfallKlPerImage(m, lv, pitfall).dispose();
    const before = tf.memory().numTensors;
    pitfallKlPerImage(m, lv, pitfall).dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([m, lv]);
  });
});

describe('pitfallEpsilon', () => {
  const moments = (values: Float32Array) => {
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1);
    return { mean, variance, min: Math.min(...values), max: Math.max(...values) };
  };

  it("'uniformEpsilon' draws U(0, 1): mean ½ and variance 1/12 within 4 standard errors", () => {
    const eps = pitfallEpsilon([50_000, 2], 'uniformEpsilon', 3);
    expect(eps.shape).toEqual([50_000, 2]);
    const { mean, variance, min, max } = moments(eps.dataSync() as Float32Array);
    // SE of the mean √(1/12 / 1e5) ≈ 9.1e-4; of the variance √((1/80 − 1/144) / 1e5) ≈ 2.4e-4.
    expect(Math.abs(mean - 0.5)).toBeLessThan(4 * 9.1e-4);
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(4 * 2.4e-4);
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    eps.dispose();
  });

  it.each(['none', 'klWithoutHalf'] as const)("'%s' draws N(0, 1), the same values as tf.randomNormal with that seed", (pitfall) => {
    const eps = pitfallEpsilon([50_000, 2], pitfall, 5);
    const values = eps.dataSync() as Float32Array;
    const { mean, variance } = moments(values);
    // SE of the mean √(1 / 1e5) ≈ 3.2e-3; of the variance √(2 / 1e5) ≈ 4.5e-3.
    expect(Math.abs(mean)).toBeLessThan(4 * 3.2e-3);
    expect(Math.abs(variance - 1)).toBeLessThan(4 * 4.5e-3);
    expect(Array.from(values.subarray(0, 6))).toEqual(Array.from(tf.randomNormal([50_000, 2], 0, 1, 'float32', 5).dataSync().subarray(0, 6)));
    eps.dispose();
  });

  it('leaks no tensors', () => {
    pitfallEpsilon([4, 2], 'uniformEpsilon', 1).dispose();
    const before = tf.memory().numTensors;
    pitfallEpsilon([4, 2], 'uniformEpsilon', 1).dispose();
    pitfallEpsilon([4, 2], 'none', 1).dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
