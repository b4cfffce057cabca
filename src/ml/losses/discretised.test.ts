import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../math/random';
import type { Likelihood } from '../models/types';
import { bitsPerDim, discreteBernoulliLogNormaliser, discretisationTerm } from './discretised';
import { reconstructionNllPerImage } from './likelihood';
import { bruteForceLogZ } from './testing';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const sigmoid = (l: number) => 1 / (1 + Math.exp(-l));
const LOGITS = [-2000, -200, -30, -3, -0.3, -1e-4, 0, 1e-6, 0.3, 0.9, 3, 30, 127, 200, 2000];

describe('discreteBernoulliLogNormaliser', () => {
  it.each(LOGITS)('logit %s: equals a brute-force sum over the 256 grey levels', (logit) => {
    const value = discreteBernoulliLogNormaliser(tf.tensor1d([logit])).dataSync()[0];
    const expected = bruteForceLogZ(logit);
    expect(Math.abs(value - expected)).toBeLessThan(2e-7 * Math.max(1, Math.abs(expected)));
  });

  it('is log 128 at λ = ½, keeps its shape and leaks no tensors', () => {
    expect(discreteBernoulliLogNormaliser(tf.tensor1d([0])).dataSync()[0]).toBeCloseTo(Math.log(128), 6);
    const logits = tf.randomNormal([3, 7], 0, 5, 'float32', 1);
    const before = tf.memory().numTensors;
    const value = discreteBernoulliLogNormaliser(logits);
    expect(value.shape).toEqual([3, 7]);
    expect(tf.memory().numTensors).toBe(before + 1);
    tf.dispose([logits, value]);
  });
});

/** The 8-bit NLL per image as the models compute it: the likelihood's NLL plus the discretisation term. */
function discretisedNllPerImage(output: tf.Tensor2D, target: tf.Tensor2D, likelihood: Likelihood, scored?: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => tf.add(reconstructionNllPerImage(output, target, likelihood, scored), discretisationTerm(output, likelihood, scored)));
}

describe('discretised NLL: reconstruction NLL + discretisationTerm', () => {
  /** −log P(k) for one pixel at each of the 256 levels under one logit → 256 numbers. */
  function levelNlls(logit: number, likelihood: Parameters<typeof discretisedNllPerImage>[2]): Float32Array {
    const levels = tf.tensor2d(Array.from({ length: 256 }, (_, k) => k / 255), [256, 1]);
    return discretisedNllPerImage(tf.fill([256, 1], logit) as tf.Tensor2D, levels, likelihood).dataSync() as Float32Array;
  }

  it.each([-40, -2, 0, 0.7, 9, 300])('Bernoulli, logit %s: the pmf over the 256 levels sums to 1', (logit) => {
    const total = levelNlls(logit, { kind: 'bernoulli' }).reduce((sum, nll) => sum + Math.exp(-nll), 0);
    expect(total).toBeCloseTo(1, 5);
  });

  it('Bernoulli: P(k) ∝ λ^{k/255}(1−λ)^{1−k/255}, the ratio of neighbouring levels is (λ/(1−λ))^{1/255}', () => {
    const nlls = levelNlls(2.55, { kind: 'bernoulli' });
    expect(nlls[0] - nlls[1]).toBeCloseTo(2.55 / 255, 4);
    expect(nlls[100] - nlls[200]).toBeCloseTo(100 * (2.55 / 255), 4);
  });

  it('Gaussian: Σ [(x − μ)²/(2σ²) + ½ log 2πσ² + ln 256] over pixels, worked in plain JS', () => {
    const uniform = mulberry32(5);
    const logits = Array.from({ length: 2 * 784 }, () => 6 * uniform() - 3);
    const targets = Array.from({ length: 2 * 784 }, () => Math.round(255 * uniform()) / 255);
    const variance = 0.01;
    const value = discretisedNllPerImage(tf.tensor2d(logits, [2, 784]), tf.tensor2d(targets, [2, 784]), { kind: 'gaussian', variance }).dataSync();
    for (let image = 0; image < 2; image++) {
      let expected = 0;
      for (let i = image * 784; i < (image + 1) * 784; i++) {
        expected += (targets[i] - sigmoid(logits[i])) ** 2 / (2 * variance) + 0.5 * Math.log(2 * Math.PI * variance) + Math.log(256);
      }
      expect(Math.abs(value[image] - expected) / Math.abs(expected)).toBeLessThan(1e-5);
    }
  });

  it('continuous Bernoulli: Σ [BCE − log(l / tanh(l/2)) + ln 256] over pixels, worked in plain JS', () => {
    const logits = [-4, -0.2, 1.5, 6];
    const targets = [0, 0.2, 0.6, 1];
    const expected = logits.reduce((sum, l, i) => {
      const p = sigmoid(l);
      const bce = -(targets[i] * Math.log(p) + (1 - targets[i]) * Math.log(1 - p));
      return sum + bce - Math.log(l / Math.tanh(l / 2)) + Math.log(256);
    }, 0);
    const value = discretisedNllPerImage(tf.tensor2d([logits]), tf.tensor2d([targets]), { kind: 'continuousBernoulli' }).dataSync()[0];
    expect(value).toBeCloseTo(expected, 4);
  });

  it.each([{ kind: 'bernoulli' as const }, { kind: 'continuousBernoulli' as const }, { kind: 'gaussian' as const, variance: 0.1 }])(
    '$kind: with a scored mask, counts only the scored pixels (and ln 256 once per scored pixel)',
    (likelihood) => {
      const output = tf.tensor2d([[0.5, -1, 2, 0.1]]);
      const target = tf.tensor2d([[1, 0, 0.4, 0.8]]);
      const all = discretisedNllPerImage(output, target, likelihood).dataSync()[0];
      const firstTwo = discretisedNllPerImage(output, target, likelihood, tf.tensor2d([[1, 1, 0, 0]])).dataSync()[0];
      const lastTwo = discretisedNllPerImage(output, target, likelihood, tf.tensor2d([[0, 0, 1, 1]])).dataSync()[0];
      const alone = discretisedNllPerImage(tf.tensor2d([[0.5, -1]]), tf.tensor2d([[1, 0]]), likelihood).dataSync()[0];
      expect(firstTwo).toBeCloseTo(alone, 5);
      expect(firstTwo + lastTwo).toBeCloseTo(all, 5);
    },
  );

  it.each([{ kind: 'bernoulli' as const }, { kind: 'continuousBernoulli' as const }, { kind: 'gaussian' as const, variance: 0.1 }])('$kind: shape [batch] and no leaks', (likelihood) => {
    const output = tf.randomNormal([3, 784], 0, 2, 'float32', 2) as tf.Tensor2D;
    const target = tf.randomUniform([3, 784], 0, 1, 'float32', 3) as tf.Tensor2D;
    const before = tf.memory().numTensors;
    const nll = discretisedNllPerImage(output, target, likelihood);
    expect(nll.shape).toEqual([3]);
    expect(tf.memory().numTensors).toBe(before + 1);
    tf.dispose([output, target, nll]);
  });
});

describe('bitsPerDim', () => {
  it('converts nats per image to bits per pixel: 784 ln 2 nats over 784 pixels is 1 bit', () => {
    expect(bitsPerDim(784 * Math.LN2)).toBeCloseTo(1, 12);
    expect(bitsPerDim(400 * 8 * Math.LN2, 400)).toBeCloseTo(8, 12);
    expect(() => bitsPerDim(1, 0)).toThrow(/pixels > 0/);
  });
});
