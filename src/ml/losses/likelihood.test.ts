import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../math/random';
import { reconstructionNllPerImage } from './likelihood';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const sigmoid = (l: number) => 1 / (1 + Math.exp(-l));
/** log N(x; μ, σ²) in plain JS. */
const normalLogDensity = (x: number, mean: number, variance: number) =>
  -((x - mean) ** 2) / (2 * variance) - 0.5 * Math.log(2 * Math.PI * variance);

describe('reconstructionNllPerImage', () => {
  it('Bernoulli: equals −Σ[x log p + (1−x) log(1−p)] worked by hand', () => {
    // logit 0 → p = ½: each pixel costs ln 2 whatever x is; logit ln 3 → p = ¾, x = 1 costs ln(4/3).
    const output = tf.tensor2d([[0, 0, Math.log(3)]]);
    const target = tf.tensor2d([[0, 1, 1]]);
    const nll = reconstructionNllPerImage(output, target, { kind: 'bernoulli' });
    expect(nll.shape).toEqual([1]);
    expect(nll.dataSync()[0]).toBeCloseTo(2 * Math.log(2) + Math.log(4 / 3), 5);
  });

  it('Gaussian: one pixel by hand — x = 1, mean = sigmoid(0) = ½, σ² = ¼ gives ½ + ½ ln(π/2)', () => {
    const nll = reconstructionNllPerImage(tf.tensor2d([[0]]), tf.tensor2d([[1]]), { kind: 'gaussian', variance: 0.25 });
    expect(nll.dataSync()[0]).toBeCloseTo(0.5 + 0.5 * Math.log(Math.PI / 2), 5);
  });

  it('Gaussian: equals −Σ log N(x_i; sigmoid(l_i), σ²) over 784 random pixels, per image', () => {
    const uniform = mulberry32(3);
    const rows = 3;
    const logits = Array.from({ length: rows * 784 }, () => 6 * uniform() - 3);
    const targets = Array.from({ length: rows * 784 }, () => uniform());
    const variance = 0.05;
    const nll = reconstructionNllPerImage(tf.tensor2d(logits, [rows, 784]), tf.tensor2d(targets, [rows, 784]), { kind: 'gaussian', variance });
    expect(nll.shape).toEqual([rows]);
    const values = nll.dataSync();
    for (let r = 0; r < rows; r++) {
      let expected = 0;
      for (let i = r * 784; i < (r + 1) * 784; i++) expected -= normalLogDensity(targets[i], sigmoid(logits[i]), variance);
      expect(values[r]).toBeCloseTo(expected, 1);
      expect(Math.abs(values[r] - expected) / Math.abs(expected)).toBeLessThan(1e-5);
    }
  });

  it('Gaussian: NLL − 784·½ log(2πσ²) = sum of squared errors / (2σ²)', () => {
    const uniform = mulberry32(9);
    const logits = Array.from({ length: 784 }, () => 4 * uniform() - 2);
    const targets = Array.from({ length: 784 }, () => (uniform() < 0.5 ? 0 : 1));
    const variance = 0.3;
    const squaredErrorSum = logits.reduce((sum, l, i) => sum + (targets[i] - sigmoid(l)) ** 2, 0);
    const nll = reconstructionNllPerImage(tf.tensor2d([logits]), tf.tensor2d([targets]), { kind: 'gaussian', variance }).dataSync()[0];
    expect(nll - 784 * 0.5 * Math.log(2 * Math.PI * variance)).toBeCloseTo(squaredErrorSum / (2 * variance), 2);
  });

  it.each([{ kind: 'bernoulli' as const }, { kind: 'continuousBernoulli' as const }, { kind: 'gaussian' as const, variance: 0.3 }])(
    '$kind: a scored mask sums only the scored pixels (constants included)',
    (likelihood) => {
      const output = tf.tensor2d([[0.3, -2, 1.1], [4, 0, -0.7]]);
      const target = tf.tensor2d([[1, 0.2, 0], [0.5, 1, 0]]);
      const scored = tf.tensor2d([[1, 0, 1], [0, 0, 1]]);
      const masked = reconstructionNllPerImage(output, target, likelihood, scored).dataSync();
      const single = (row: number, col: number) =>
        reconstructionNllPerImage(tf.tensor2d([[output.arraySync()[row][col]]]), tf.tensor2d([[target.arraySync()[row][col]]]), likelihood).dataSync()[0];
      expect(masked[0]).toBeCloseTo(single(0, 0) + single(0, 2), 5);
      expect(masked[1]).toBeCloseTo(single(1, 2), 5);
    },
  );

  it('rejects a non-positive variance', () => {
    expect(() => reconstructionNllPerImage(tf.zeros([1, 2]), tf.zeros([1, 2]), { kind: 'gaussian', variance: 0 })).toThrow(/variance/);
  });

  it.each([{ kind: 'bernoulli' as const }, { kind: 'continuousBernoulli' as const }, { kind: 'gaussian' as const, variance: 0.1 }])('leaks no tensors ($kind)', (likelihood) => {
    const output = tf.randomNormal([4, 784]) as tf.Tensor2D;
    const target = tf.randomUniform([4, 784]) as tf.Tensor2D;
    const before = tf.memory().numTensors;
    const nll = reconstructionNllPerImage(output, target, likelihood);
    expect(tf.memory().numTensors).toBe(before + 1);
    tf.dispose([output, target, nll]);
  });
});
