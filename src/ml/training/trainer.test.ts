import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../math/random';
import { MlpVae } from '../models/vae';
import { evaluateTestSet } from './evaluate';
import { Trainer } from './trainer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A few hundred synthetic "digits": each of 4 classes lights a different quarter of the image. */
function tinyDataset(count: number): Uint8Array {
  const uniform = mulberry32(11);
  const images = new Uint8Array(count * 784);
  for (let n = 0; n < count; n++) {
    const quarter = n % 4;
    for (let p = 0; p < 784; p++) {
      const inQuarter = Math.floor((p % 28) / 14) + 2 * Math.floor(p / 392) === quarter;
      images[n * 784 + p] = inQuarter && uniform() < 0.8 ? 255 : 0;
    }
  }
  return images;
}

function batchesFrom(images: Uint8Array, count: number) {
  let cursor = 0;
  return (batchSize: number) => {
    const out = new Float32Array(batchSize * 784);
    for (let b = 0; b < batchSize; b++, cursor = (cursor + 1) % count) {
      for (let p = 0; p < 784; p++) out[b * 784 + p] = images[cursor * 784 + p] / 255;
    }
    return out;
  };
}

const hyper = { beta: 1, learningRate: 3e-3, batchSize: 32 };

describe('Trainer', () => {
  it('lowers the test −ELBO on a tiny dataset', async () => {
    const images = tinyDataset(320);
    const model = new MlpVae({ inputSize: 784, hiddenUnits: 32, latentDim: 2, seed: 3 });
    const trainer = new Trainer(model, hyper, 3);
    const before = await evaluateTestSet(model, images, 320);
    const nextBatch = batchesFrom(images, 320);
    for (let chunk = 0; chunk < 6; chunk++) await trainer.trainChunk(10, nextBatch);
    const after = await evaluateTestSet(model, images, 320);
    expect(trainer.step).toBe(60);
    expect(after.negElboNats).toBeLessThan(0.7 * before.negElboNats);
    expect(after.negElboNats).toBeCloseTo(after.recNats + after.klNats, 3);
    trainer.dispose();
    model.dispose();
  });

  it('reports per-step terms whose count matches the chunk, and leaks no tensors after a warm-up step', async () => {
    const images = tinyDataset(64);
    const model = new MlpVae({ inputSize: 784, hiddenUnits: 16, latentDim: 2, seed: 4 });
    const trainer = new Trainer(model, { ...hyper, beta: 2.5 }, 4);
    const nextBatch = batchesFrom(images, 64);
    await trainer.trainChunk(1, nextBatch);
    const warm = tf.memory().numTensors;
    const result = await trainer.trainChunk(5, nextBatch);
    expect(tf.memory().numTensors).toBe(warm);
    expect(Array.from(result.steps)).toEqual([2, 3, 4, 5, 6]);
    expect(Array.from(result.beta)).toEqual([2.5, 2.5, 2.5, 2.5, 2.5]);
    expect(result.recNats.every((v) => Number.isFinite(v) && v > 0)).toBe(true);
    expect(result.divergence).toBeNull();
    trainer.dispose();
    model.dispose();
  });

  it('rolls back to the last verified-finite weights when the loss turns NaN', async () => {
    const images = tinyDataset(64);
    const model = new MlpVae({ inputSize: 784, hiddenUnits: 16, latentDim: 2, seed: 5 });
    const trainer = new Trainer(model, hyper, 5);
    const clean = batchesFrom(images, 64);
    await trainer.trainChunk(4, clean);
    await trainer.trainChunk(4, clean);
    const good = model.variables.map((v) => Array.from(v.dataSync()));
    let served = 0;
    const poisoned = (batchSize: number) => (++served === 3 ? new Float32Array(batchSize * 784).fill(NaN) : clean(batchSize));
    const result = await trainer.trainChunk(4, poisoned);
    expect(result.divergence).toEqual({ badStep: 11, restoredStep: 8 });
    expect(trainer.step).toBe(8);
    expect(result.recNats).toHaveLength(2);
    model.variables.forEach((v, i) => expect(Array.from(v.dataSync())).toEqual(good[i]));
    const resumed = await trainer.trainChunk(2, clean);
    expect(resumed.divergence).toBeNull();
    expect(trainer.step).toBe(10);
    trainer.dispose();
    model.dispose();
  });

  it('after a blow-up, restores weights no worse than 2× the untrained −ELBO rather than the last finite ones', async () => {
    const images = tinyDataset(64);
    const model = new MlpVae({ inputSize: 784, hiddenUnits: 16, latentDim: 2, seed: 7 });
    const trainer = new Trainer(model, { ...hyper, learningRate: 1000 }, 7);
    const untrained = await evaluateTestSet(model, images, 64);
    const nextBatch = batchesFrom(images, 64);
    let divergence = null;
    for (let chunk = 0; chunk < 20 && !divergence; chunk++) divergence = (await trainer.trainChunk(2, nextBatch)).divergence;
    expect(divergence).not.toBeNull();
    const restored = await evaluateTestSet(model, images, 64);
    expect(Number.isFinite(restored.negElboNats)).toBe(true);
    expect(restored.negElboNats).toBeLessThanOrEqual(2 * untrained.negElboNats);
    expect(trainer.step).toBe(divergence?.restoredStep);
    trainer.dispose();
    model.dispose();
  });

  it('applies a new learning rate and β without rebuilding', async () => {
    const images = tinyDataset(64);
    const model = new MlpVae({ inputSize: 784, hiddenUnits: 16, latentDim: 2, seed: 6 });
    const trainer = new Trainer(model, hyper, 6);
    const nextBatch = batchesFrom(images, 64);
    await trainer.trainChunk(1, nextBatch);
    const frozen = model.variables.map((v) => Array.from(v.dataSync()));
    trainer.setHyper({ ...hyper, learningRate: 0, beta: 4 });
    const result = await trainer.trainChunk(2, nextBatch);
    model.variables.forEach((v, i) => expect(Array.from(v.dataSync())).toEqual(frozen[i]));
    expect(Array.from(result.beta)).toEqual([4, 4]);
    trainer.dispose();
    model.dispose();
  });
});
