import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImageSet } from '../ml/data/dataset';
import { summarize } from '../ml/analysis/statistics';
import { createModel } from '../ml/models/createModel';
import { testSpec } from '../ml/models/testing';
import type { LatentModel } from '../ml/models/types';
import { batchesFrom, TEST_SETTINGS, tinyDataset } from '../ml/training/testing';
import { Trainer } from '../ml/training/trainer';
import { evaluateEpoch } from './evaluation';

const COUNT = 160;
const test: ImageSet = { images: tinyDataset(COUNT), labels: new Uint8Array(COUNT), count: COUNT };
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];
let vae: LatentModel;

beforeAll(async () => {
  await tf.setBackend('cpu');
  vae = createModel(testSpec({ kind: 'vae', latentDim: 2, hiddenUnits: 16, seed: 4 }));
  const trainer = new Trainer(vae, { ...TEST_SETTINGS, batchSize: 32 }, 4);
  await trainer.trainChunk(80, batchesFrom(test.images, COUNT));
  trainer.dispose();
});
afterAll(() => vae.dispose());

/** test_nll_iwae − test_neg_elbo for each seed (each line: its own ε for the ELBO and its own IWAE draws). */
async function gaps(iwaeSamples: number): Promise<number[]> {
  const lines = await Promise.all(SEEDS.map((seed) => evaluateEpoch(vae, test, { corruption: TEST_SETTINGS.corruption, seed, images: 0, iwaeSamples })));
  return lines.map((line) => line.test_nll_iwae - line.test_neg_elbo);
}

describe('evaluateEpoch: test_nll_iwae', () => {
  it('K = 1 equals test_neg_elbo up to Monte Carlo noise (mean gap over 8 seeds within 4 standard errors of 0)', async () => {
    const { mean, standardError } = summarize(Float64Array.from(await gaps(1)));
    expect(standardError).toBeGreaterThan(0);
    expect(Math.abs(mean)).toBeLessThan(4 * standardError);
  });

  it('K = 100 is below test_neg_elbo beyond the noise (the IWAE bound is tighter than the ELBO)', async () => {
    const { mean, standardError } = summarize(Float64Array.from(await gaps(100)));
    expect(mean + 4 * standardError).toBeLessThan(0);
  });

  it('counts only the first `images` test images, reports no IWAE unless asked, leaks no tensors', async () => {
    const options = { corruption: TEST_SETTINGS.corruption, seed: 3, images: 40, iwaeSamples: 5 };
    await evaluateEpoch(vae, test, options);
    const before = tf.memory().numTensors;
    const first40 = await evaluateEpoch(vae, test, options);
    expect(tf.memory().numTensors).toBe(before);
    const alone = await evaluateEpoch(vae, { ...test, images: test.images.slice(0, 40 * 784), count: 40 }, { ...options, images: 0 });
    expect(first40).toEqual(alone);
    expect(Object.keys(await evaluateEpoch(vae, test, { ...options, iwaeSamples: 0 }))).toEqual(['test_rec', 'test_kl', 'test_neg_elbo', 'test_bits_per_dim']);
  });

  it('refuses IWAE for a model without a prior', async () => {
    const ae = createModel(testSpec({ kind: 'ae' }));
    await expect(evaluateEpoch(ae, test, { corruption: TEST_SETTINGS.corruption, seed: 1, images: 10, iwaeSamples: 2 })).rejects.toThrow(/--iwae needs a VAE, not a ae/);
    ae.dispose();
  });
});
