import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { bceWithLogitsPerPixel } from './bce';
import { discreteBernoulliLogNormaliser } from './discretised';
import { bruteForceLogZ, softplus } from './testing';

/* The training and evaluation losses run on wasm's own exp and log1p kernels; these check them against float64. */
beforeAll(async () => {
  await tf.setBackend('wasm');
  expect(tf.getBackend()).toBe('wasm');
});

const LOGITS = [-2000, -200, -88, -30, -16, -15, -10, -3, -0.3, -1e-4, 0, 1e-6, 0.3, 0.9, 3, 10, 15, 16, 30, 127, 200, 2000];

describe('losses on wasm', () => {
  it('BCE per pixel equals softplus(l) − l·x in float64, to float32 rounding of numbers the size of l, at every logit', () => {
    const targets = LOGITS.map((_, i) => [0, 1, 0.5, 0.25, 0.9][i % 5]);
    const value = tf.tidy(() => bceWithLogitsPerPixel(tf.tensor2d([LOGITS]), tf.tensor2d([targets])).dataSync());
    LOGITS.forEach((l, i) => {
      const expected = softplus(l) - l * targets[i];
      expect(Math.abs(value[i] - expected)).toBeLessThan(2e-7 * Math.max(1, Math.abs(l)));
    });
  });

  it('log Z of the discretised Bernoulli equals the brute-force sum over the 256 grey levels at every logit', () => {
    const value = tf.tidy(() => discreteBernoulliLogNormaliser(tf.tensor1d(LOGITS)).dataSync());
    LOGITS.forEach((l, i) => {
      const expected = bruteForceLogZ(l);
      expect(Math.abs(value[i] - expected)).toBeLessThan(3e-7 * Math.max(1, Math.abs(expected)));
    });
  });
});
