import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createModel } from '../models/createModel';
import type { ModelKind } from '../models/types';
import { evaluateTestSet } from './evaluate';
import { batchesFrom, TEST_SETTINGS, tinyDataset } from './testing';
import { termWeights, Trainer, type TrainingSettings } from './trainer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const hyper = TEST_SETTINGS;

/** Settings that damage nothing (the VAEs evaluated here ignore corruption anyway; these say so honestly). */
const NO_CORRUPTION = { noiseStd: 0, blur: false, maskRatio: 0, patchSize: 4 };

/** A small MLP model of the given family. */
function tinyModel(kind: ModelKind, hiddenUnits: number, seed: number) {
  return createModel({ kind, network: 'mlp', likelihood: { kind: 'bernoulli' }, latentDim: 2, hiddenUnits, codebookSize: 8, codeDim: 4, seed });
}

describe('Trainer', () => {
  it('lowers the test −ELBO on a tiny dataset', async () => {
    const images = tinyDataset(320);
    const model = tinyModel('vae', 32, 3);
    const trainer = new Trainer(model, hyper, 3);
    const before = (await evaluateTestSet(model, images, 320, { corruption: NO_CORRUPTION })).terms;
    const nextBatch = batchesFrom(images, 320);
    for (let chunk = 0; chunk < 6; chunk++) await trainer.trainChunk(10, nextBatch);
    const after = (await evaluateTestSet(model, images, 320, { corruption: NO_CORRUPTION })).terms;
    expect(trainer.step).toBe(60);
    const negElbo = (terms: typeof before) => (terms.rec ?? NaN) + (terms.kl ?? NaN);
    expect(negElbo(after)).toBeLessThan(0.7 * negElbo(before));
    trainer.dispose();
    model.dispose();
  });

  it('reports per-step terms whose count matches the chunk, and leaks no tensors after a warm-up step', async () => {
    const images = tinyDataset(64);
    const model = tinyModel('vae', 16, 4);
    const trainer = new Trainer(model, { ...hyper, beta: 2.5 }, 4);
    const nextBatch = batchesFrom(images, 64);
    await trainer.trainChunk(1, nextBatch);
    const warm = tf.memory().numTensors;
    const result = await trainer.trainChunk(5, nextBatch);
    expect(tf.memory().numTensors).toBe(warm);
    expect(Array.from(result.steps)).toEqual([2, 3, 4, 5, 6]);
    expect(Array.from(result.weights[1])).toEqual([2.5, 2.5, 2.5, 2.5, 2.5]);
    expect(result.values[0].every((v) => Number.isFinite(v) && v > 0)).toBe(true);
    expect(result.divergence).toBeNull();
    trainer.dispose();
    model.dispose();
  });

  it('rolls back to the last verified-finite weights when the loss turns NaN', async () => {
    const images = tinyDataset(64);
    const model = tinyModel('vae', 16, 5);
    const trainer = new Trainer(model, hyper, 5);
    const clean = batchesFrom(images, 64);
    await trainer.trainChunk(4, clean);
    await trainer.trainChunk(4, clean);
    const good = model.variables.map((v) => Array.from(v.dataSync()));
    let served = 0;
    const poisoned = (batchSize: number) => (++served === 3 ? new Float32Array(batchSize * 784).fill(NaN) : clean(batchSize));
    const result = await trainer.trainChunk(4, poisoned);
    expect(result.divergence).toMatchObject({ badStep: 11, restoredStep: 8, reason: 'nonFinite' });
    expect(trainer.step).toBe(8);
    // Step 9's loss was measured on the weights of step 8 (before step 9's update): it stays, steps 10 and 11 go.
    expect(Array.from(result.steps)).toEqual([9]);
    expect(result.values[0]).toHaveLength(1);
    expect(trainer.samplesSeen).toBe(8 * hyper.batchSize);
    model.variables.forEach((v, i) => expect(Array.from(v.dataSync())).toEqual(good[i]));
    const resumed = await trainer.trainChunk(2, clean);
    expect(resumed.divergence).toBeNull();
    expect(trainer.step).toBe(10);
    trainer.dispose();
    model.dispose();
  });

  it('after a blow-up, restores weights no worse than 2× the untrained −ELBO rather than the last finite ones', async () => {
    const images = tinyDataset(64);
    const model = tinyModel('vae', 16, 7);
    const trainer = new Trainer(model, { ...hyper, learningRate: 1000 }, 7);
    const untrained = (await evaluateTestSet(model, images, 64, { corruption: NO_CORRUPTION })).terms;
    const nextBatch = batchesFrom(images, 64);
    let divergence = null;
    for (let chunk = 0; chunk < 20 && !divergence; chunk++) divergence = (await trainer.trainChunk(2, nextBatch)).divergence;
    expect(divergence).not.toBeNull();
    const restored = (await evaluateTestSet(model, images, 64, { corruption: NO_CORRUPTION })).terms;
    const negElbo = (terms: typeof restored) => (terms.rec ?? NaN) + (terms.kl ?? NaN);
    expect(Number.isFinite(negElbo(restored))).toBe(true);
    expect(negElbo(restored)).toBeLessThanOrEqual(2 * negElbo(untrained));
    expect(trainer.step).toBe(divergence?.restoredStep);
    trainer.dispose();
    model.dispose();
  });

  it('resumeAt continues a saved run: step, samples seen and β warm-up go on; a rollback returns to the loaded weights', async () => {
    const images = tinyDataset(64);
    const model = tinyModel('vae', 16, 9);
    const saved = tinyModel('vae', 16, 10);
    const trainer = new Trainer(model, { ...hyper, beta: 2, betaSchedule: { kind: 'warmup', steps: 200 } }, 9);
    model.variables.forEach((v, i) => v.assign(saved.variables[i]));
    trainer.resumeAt(100, 3200);
    const loaded = model.variables.map((v) => Array.from(v.dataSync()));
    const clean = batchesFrom(images, 64);
    const result = await trainer.trainChunk(2, clean);
    expect(Array.from(result.steps)).toEqual([101, 102]);
    expect(Array.from(result.weights[1]).map((w) => w.toFixed(4))).toEqual(['1.0000', '1.0100']);
    expect(trainer.samplesSeen).toBe(3200 + 2 * hyper.batchSize);
    const poisoned = await trainer.trainChunk(2, (batchSize) => new Float32Array(batchSize * 784).fill(NaN));
    expect(poisoned.divergence).toMatchObject({ restoredStep: 100 });
    expect(trainer.step).toBe(100);
    model.variables.forEach((v, i) => expect(Array.from(v.dataSync())).toEqual(loaded[i]));
    trainer.dispose();
    model.dispose();
    saved.dispose();
  });

  it('applies a new learning rate and β without rebuilding', async () => {
    const images = tinyDataset(64);
    const model = tinyModel('vae', 16, 6);
    const trainer = new Trainer(model, hyper, 6);
    const nextBatch = batchesFrom(images, 64);
    await trainer.trainChunk(1, nextBatch);
    const frozen = model.variables.map((v) => Array.from(v.dataSync()));
    trainer.setSettings({ ...hyper, learningRate: 0, beta: 4 });
    const result = await trainer.trainChunk(2, nextBatch);
    model.variables.forEach((v, i) => expect(Array.from(v.dataSync())).toEqual(frozen[i]));
    expect(Array.from(result.weights[1])).toEqual([4, 4]);
    trainer.dispose();
    model.dispose();
  });

  it.each(['ae', 'dae', 'mae', 'vqvae'] as const)('trains a %s with its own named terms and leaks nothing after warm-up', async (kind) => {
    const images = tinyDataset(64);
    const model = kind === 'vqvae'
      ? createModel({ kind, network: 'conv', likelihood: { kind: 'bernoulli' }, latentDim: 2, hiddenUnits: 16, codebookSize: 8, codeDim: 4, seed: 8 })
      : tinyModel(kind, 16, 8);
    const trainer = new Trainer(model, hyper, 8);
    const nextBatch = batchesFrom(images, 64);
    await trainer.trainChunk(1, nextBatch);
    const warm = tf.memory().numTensors;
    const result = await trainer.trainChunk(2, nextBatch);
    expect(tf.memory().numTensors).toBe(warm);
    expect(result.values).toHaveLength(model.termNames.length);
    expect(result.values.every((term) => term.length === 2 && term.every(Number.isFinite))).toBe(true);
    trainer.dispose();
    model.dispose();
  });
});

describe('termWeights', () => {
  it('applies the β schedule, the loss preset and the commitment weight', () => {
    const warmup: TrainingSettings = { ...hyper, beta: 4, betaSchedule: { kind: 'warmup', steps: 100 } };
    expect(termWeights(['rec', 'kl'], warmup, 50)).toEqual([1, 2]);
    expect(termWeights(['rec', 'kl'], { ...warmup, lossPreset: 'reconstruction' }, 50)).toEqual([1, 0]);
    expect(termWeights(['rec', 'kl'], { ...warmup, lossPreset: 'kl' }, 500)[0]).toBe(0);
    expect(termWeights(['rec', 'codebook', 'commitment'], { ...hyper, commitmentWeight: 0.4 }, 0)).toEqual([1, 1, 0.4]);
    expect(termWeights(['rec'], { ...hyper, lossPreset: 'kl' }, 0)).toEqual([1]);
    expect(termWeights(['rec', 'codebook', 'commitment'], { ...hyper, lossPreset: 'kl' }, 0)).toEqual([1, 1, 0.25]);
  });
});
