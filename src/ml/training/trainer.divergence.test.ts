import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createModel } from '../models/createModel';
import type { ModelKind, ModelSpec } from '../models/types';
import { evaluateTestSet } from './evaluate';
import { batchesFrom, TEST_SETTINGS, tinyDataset } from './testing';
import { Trainer, type ChunkResult } from './trainer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const KINDS: ModelKind[] = ['ae', 'dae', 'mae', 'vae', 'vqvae'];
const IMAGES = tinyDataset(64);

/** A small model: MLP with 16 hidden units and a 2-d code, or a conv VQ-VAE with K = 8, D = 4. */
function smallModel(kind: ModelKind, seed: number, overrides: Partial<ModelSpec> = {}) {
  const network = kind === 'vqvae' ? 'conv' : 'mlp';
  return createModel({ kind, network, likelihood: { kind: 'bernoulli' }, latentDim: 2, hiddenUnits: 16, codebookSize: 8, codeDim: 4, seed, ...overrides });
}

/** Summed test terms of the model on the tiny data set (DAE / MAE on corrupted inputs). */
async function testLoss(model: ReturnType<typeof smallModel>): Promise<number> {
  const { terms } = await evaluateTestSet(model, IMAGES, 64, { corruption: TEST_SETTINGS.corruption });
  return Object.values(terms).reduce((a, b) => a + (b ?? NaN), 0);
}

describe('divergence at learning rate 1', () => {
  it.each(KINDS)('%s: caught within a few chunks of 4 steps on a batch of 8, and rolled back to sane weights', async (kind) => {
    const model = smallModel(kind, 20);
    const untrained = await testLoss(model);
    const trainer = new Trainer(model, { ...TEST_SETTINGS, learningRate: 1, batchSize: 8 }, 20);
    const nextBatch = batchesFrom(IMAGES, 64);
    let result: ChunkResult | null = null;
    let chunks = 0;
    while (chunks < 4 && !result?.divergence) [result, chunks] = [await trainer.trainChunk(4, nextBatch), chunks + 1];
    const divergence = result?.divergence;
    expect(divergence).toBeTruthy();
    expect(trainer.step).toBe(divergence?.restoredStep);
    expect(divergence?.badStep).toBeGreaterThan(divergence?.restoredStep ?? Infinity);
    expect(Array.from(result?.steps ?? [1e9]).every((step) => step <= (divergence?.restoredStep ?? -1) + 1)).toBe(true);
    const restored = await testLoss(model);
    expect(Math.abs(restored - untrained)).toBeLessThanOrEqual(Math.max(Math.abs(untrained), 100));
    trainer.dispose();
    model.dispose();
  });
});
