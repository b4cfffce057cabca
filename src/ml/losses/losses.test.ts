import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { mulberry32, standardNormals } from '../math/random';
import { bceWithLogitsPerImage, bceWithLogitsPerPixel } from './bce';
import { gaussianKlPerImage } from './gaussianKl';
import { gaussianLogDensity, reparameterize } from './reparameterize';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('gaussianKlPerImage', () => {
  it('matches a hand-worked value: μ = (1, 0), σ² = (1, 2) gives ½(1 + 1 − ln 2)', () => {
    const kl = gaussianKlPerImage(tf.tensor2d([[1, 0]]), tf.tensor2d([[0, Math.log(2)]]));
    expect(kl.shape).toEqual([1]);
    expect(kl.dataSync()[0]).toBeCloseTo(0.5 * (2 - Math.log(2)), 5);
  });

  it('is zero only at μ = 0, σ = 1 and grows as σ → 0', () => {
    const values = gaussianKlPerImage(tf.tensor2d([[0], [0], [0]]), tf.tensor2d([[0], [Math.log(1e-2)], [Math.log(1e-6)]])).arraySync();
    expect(values[0]).toBeCloseTo(0, 6);
    expect(values[1]).toBeGreaterThan(1);
    expect(values[2]).toBeGreaterThan(values[1]);
  });

  it('agrees with a Monte Carlo estimate of E_q[log q(z) − log p(z)] computed without tfjs', () => {
    const mean = [0.7, -1.2, 0.1];
    const logVar = [-0.5, 0.8, -2];
    const draws = 200_000;
    const uniform = mulberry32(7);
    let sum = 0;
    for (let n = 0; n < draws; n++) {
      const eps = standardNormals(3, uniform);
      for (let j = 0; j < 3; j++) {
        const sigma = Math.exp(0.5 * logVar[j]);
        const z = mean[j] + sigma * eps[j];
        const logQ = -0.5 * (Math.log(2 * Math.PI) + logVar[j] + eps[j] ** 2);
        const logP = -0.5 * (Math.log(2 * Math.PI) + z * z);
        sum += logQ - logP;
      }
    }
    const analytic = gaussianKlPerImage(tf.tensor2d([mean]), tf.tensor2d([logVar])).dataSync()[0];
    expect(Math.abs(analytic - sum / draws)).toBeLessThan(0.02);
  });
});

describe('bceWithLogitsPerImage', () => {
  it('equals the naive −[x log p + (1−x) log(1−p)] for moderate logits and grayscale targets', () => {
    const logits = [-4, -1.5, 0, 0.3, 2, 5];
    const targets = [0, 0.25, 0.5, 1, 0.9, 0.1];
    const naive = logits.reduce((sum, l, i) => {
      const p = 1 / (1 + Math.exp(-l));
      return sum - (targets[i] * Math.log(p) + (1 - targets[i]) * Math.log(1 - p));
    }, 0);
    const value = bceWithLogitsPerImage(tf.tensor2d([logits]), tf.tensor2d([targets])).dataSync()[0];
    expect(value).toBeCloseTo(naive, 4);
  });

  it('per pixel sums to the per-image value; a scored mask keeps the chosen pixels; shapes and no leaks', () => {
    const logits = tf.tensor2d([[-4, 0.5, 2], [1, -1, 3]]);
    const targets = tf.tensor2d([[0, 1, 0.3], [1, 0, 0.5]]);
    const before = tf.memory().numTensors;
    const perPixel = bceWithLogitsPerPixel(logits, targets);
    const scored = bceWithLogitsPerImage(logits, targets, tf.tensor2d([[0, 1, 1], [1, 0, 0]]));
    expect(perPixel.shape).toEqual([2, 3]);
    expect(scored.shape).toEqual([2]);
    const rows = perPixel.arraySync();
    expect(Array.from(bceWithLogitsPerImage(logits, targets).dataSync()).map((v) => v.toFixed(4))).toEqual(rows.map((r) => (r[0] + r[1] + r[2]).toFixed(4)));
    expect(scored.dataSync()[0]).toBeCloseTo(rows[0][1] + rows[0][2], 5);
    expect(scored.dataSync()[1]).toBeCloseTo(rows[1][0], 5);
    tf.dispose([perPixel, scored]);
    expect(tf.memory().numTensors).toBe(before + 2);
  });

  it('gradient: σ(l) − x for the logits, times the upstream weight (closed form and finite differences); none for the targets', () => {
    const logits = [-100, -4, -0.5, 0, 0.3, 2, 100];
    const targets = [0, 0.25, 1, 0.5, 0, 0.9, 0.1];
    const upstream = [0.5, -1, 2, 1, 3, -0.25, 1.5];
    const x = tf.tensor2d([targets]);
    const weighted = (l: tf.Tensor) => tf.sum(tf.mul(bceWithLogitsPerPixel(l as tf.Tensor2D, x), tf.tensor2d([upstream]))) as tf.Scalar;
    const dLogits = Array.from(tf.grad(weighted)(tf.tensor2d([logits])).dataSync());
    const sigmoid = (l: number) => 1 / (1 + Math.exp(-l));
    logits.forEach((l, i) => expect(dLogits[i]).toBeCloseTo(upstream[i] * (sigmoid(l) - targets[i]), 5));
    // Central differences of the naive formula at moderate logits, in float64.
    const naive = (l: number, t: number) => -(t * Math.log(sigmoid(l)) + (1 - t) * Math.log(1 - sigmoid(l)));
    const h = 1e-5;
    [1, 2, 3, 4, 5].forEach((i) => {
      expect(dLogits[i]).toBeCloseTo((upstream[i] * (naive(logits[i] + h, targets[i]) - naive(logits[i] - h, targets[i]))) / (2 * h), 4);
    });
    const l = tf.tensor2d([logits]);
    expect(() => tf.grad((t: tf.Tensor) => tf.sum(bceWithLogitsPerPixel(l, t as tf.Tensor2D)) as tf.Scalar)(x)).toThrow(/gradient/i);
  });

  it('stays finite at |logit| = 100 and equals the asymptote', () => {
    const value = bceWithLogitsPerImage(tf.tensor2d([[100, -100, 100]]), tf.tensor2d([[0, 1, 1]])).dataSync()[0];
    expect(Number.isFinite(value)).toBe(true);
    expect(value).toBeCloseTo(200, 3);
  });
});

describe('reparameterize', () => {
  it('gives the analytic gradients dL/dμ = 2z and dL/dlogσ² = z·σ·ε for L = Σ z²', () => {
    const mean = tf.tensor2d([[0.5, -1]]);
    const logVar = tf.tensor2d([[0.2, -0.7]]);
    const eps = tf.tensor2d([[1.3, -0.4]]);
    const [gradMean, gradLogVar] = tf.grads((m: tf.Tensor, lv: tf.Tensor) =>
      tf.sum(tf.square(reparameterize(m as tf.Tensor2D, lv as tf.Tensor2D, eps))),
    )([mean, logVar]);
    const m = [0.5, -1];
    const lv = [0.2, -0.7];
    const e = [1.3, -0.4];
    const z = m.map((mu, j) => mu + Math.exp(0.5 * lv[j]) * e[j]);
    Array.from(gradMean.dataSync()).forEach((g, j) => expect(g).toBeCloseTo(2 * z[j], 4));
    Array.from(gradLogVar.dataSync()).forEach((g, j) => expect(g).toBeCloseTo(z[j] * Math.exp(0.5 * lv[j]) * e[j], 4));
  });

  it('gaussianLogDensity matches the closed form for N(0, I) in 2-D', () => {
    const value = gaussianLogDensity(tf.tensor2d([[1, 2]]), tf.zeros([1, 2]), tf.zeros([1, 2])).dataSync()[0];
    expect(value).toBeCloseTo(-Math.log(2 * Math.PI) - 2.5, 5);
  });
});
