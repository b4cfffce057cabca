import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createModel } from '../models/createModel';
import { adamStep, batchOf, testSpec } from '../models/testing';
import type { LatentModel, ModelSpec } from '../models/types';
import { exportModel } from './export';
import { importModel } from './import';
import { createModelFrom, loadWeightsInto } from './load';
import { pairFiles, randomImages, singleFile, snapshot, TEST_EXTRAS } from './testing';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A model of `spec` moved away from its initial weights by two Adam steps (its usage too, for a VQ-VAE). */
function trainedModel(spec: ModelSpec): LatentModel {
  const model = createModel(spec);
  const x = randomImages(4, 5);
  const optimizer = tf.train.adam(1e-2);
  for (let step = 1; step <= 2; step++) {
    tf.dispose(adamStep(model, optimizer, x, x, step));
    model.afterStep?.(x, { restartDeadCodes: false });
  }
  optimizer.dispose();
  x.dispose();
  return model;
}

/** Everything the model computes on a batch that depends on its weights, as plain numbers. */
function outputs(model: LatentModel, x: tf.Tensor2D): number[][] {
  return tf.tidy(() => {
    const { points, logVar } = model.embed(x);
    const tensors = [points, ...(logVar ? [logVar] : []), model.decodeEmbedding(points), model.sample(3, 11), ...model.lossTerms(batchOf(x), 13)];
    return tensors.map((t) => Array.from(t.dataSync()));
  });
}

const SPECS: Array<[string, ModelSpec]> = [
  ['ae mlp', testSpec({ kind: 'ae' })],
  ['mae conv', testSpec({ kind: 'mae', network: 'conv' })],
  ['vae mlp gaussian', testSpec({ kind: 'vae', likelihood: { kind: 'gaussian', variance: 0.1 } })],
  ['vae conv', testSpec({ kind: 'vae', network: 'conv' })],
  ['vqvae ema', testSpec({ kind: 'vqvae', network: 'conv', codebookUpdate: 'ema' })],
  ['vqvae gradient', testSpec({ kind: 'vqvae', network: 'conv', codebookUpdate: 'gradient' })],
];

describe.each(SPECS)('%s: export → file → import → fresh model', (_, spec) => {
  it.each(['pair', 'single'] as const)('gives identical outputs on a batch (%s form)', async (form) => {
    const model = trainedModel(spec);
    const artifacts = await exportModel(model, TEST_EXTRAS);
    const result = await importModel(form === 'pair' ? pairFiles(artifacts) : singleFile(artifacts), { spec, dataset: 'mnist' });
    if (!result.ok) throw new Error(result.reason);
    expect(result.model.storage).toBe('float32');
    expect(result.model.metadata).toMatchObject({ dataset: 'mnist', step: 7, samplesSeen: 224, training: TEST_EXTRAS.training });
    const copy = createModelFrom(result.model);
    const x = randomImages(3, 21);
    expect(outputs(copy, x)).toEqual(outputs(model, x));
    tf.dispose(x);
    copy.dispose();
    model.dispose();
  });
});

describe('artefacts any tfjs tool reads', () => {
  it('tf.io.decodeWeights on model.json’s manifest and weights.bin gives every weight of the model', async () => {
    const model = trainedModel(testSpec({ kind: 'vae', hiddenUnits: 8 }));
    const { modelJson, weightData } = await exportModel(model, { ...TEST_EXTRAS, storage: 'uint8' });
    const decoded = tf.io.decodeWeights(weightData, modelJson.weightsManifest[0].weights);
    for (const { name, variable } of model.namedWeights()) {
      const values = decoded[name].dataSync();
      const original = variable.dataSync();
      const range = Math.max(...original) - Math.min(...original);
      expect(decoded[name].shape).toEqual(variable.shape);
      values.forEach((value, i) => expect(Math.abs(value - original[i])).toBeLessThanOrEqual(range / 510 + 1e-6));
    }
    tf.dispose(Object.values(decoded));
    model.dispose();
  });

  it('uint8 and float16 files read back within their quantisation step; 4×, 2× smaller than float32', async () => {
    const model = trainedModel(testSpec({ kind: 'ae', hiddenUnits: 8 }));
    const sizes: Record<string, number> = {};
    for (const storage of ['float32', 'float16', 'uint8'] as const) {
      const artifacts = await exportModel(model, { ...TEST_EXTRAS, storage });
      sizes[storage] = artifacts.weightData.byteLength;
      const result = await importModel(pairFiles(artifacts));
      if (!result.ok) throw new Error(result.reason);
      expect(result.model.storage).toBe(storage);
      for (const { name, variable } of model.namedWeights()) {
        const original = variable.dataSync();
        const range = Math.max(...original) - Math.min(...original);
        const tolerance = storage === 'uint8' ? range / 510 + 1e-6 : storage === 'float16' ? 1e-3 * Math.max(...original.map(Math.abs)) : 0;
        result.model.weights.get(name)!.forEach((value, i) => expect(Math.abs(value - original[i])).toBeLessThanOrEqual(tolerance));
      }
    }
    expect(sizes.float32).toBe(4 * sizes.uint8);
    expect(sizes.float32).toBe(2 * sizes.float16);
    model.dispose();
  });
});

describe('tensors', () => {
  it('export, import and createModelFrom leak nothing; the copy frees all its tensors on dispose', async () => {
    const model = trainedModel(testSpec({ kind: 'vqvae', network: 'conv' }));
    const before = tf.memory().numTensors;
    const result = await importModel(singleFile(await exportModel(model, TEST_EXTRAS)));
    expect(tf.memory().numTensors).toBe(before);
    if (!result.ok) throw new Error(result.reason);
    const copy = createModelFrom(result.model);
    copy.dispose();
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('loadWeightsInto refuses a bad map before changing any variable (the model is never half-overwritten)', async () => {
    const source = trainedModel(testSpec({ kind: 'ae' }));
    const target = createModel(testSpec({ kind: 'ae', seed: 4 }));
    const result = await importModel(pairFiles(await exportModel(source, TEST_EXTRAS)));
    if (!result.ok) throw new Error(result.reason);
    const before = snapshot(target);
    const lastName = target.namedWeights().at(-1)!.name;
    const shortLast = new Map(result.model.weights).set(lastName, new Float32Array(3));
    expect(() => loadWeightsInto(target, shortLast)).toThrow(/'decoder\/dense1\/bias' has 3 values; the model's has 784/);
    const nanLast = new Map(result.model.weights).set(lastName, new Float32Array(784).fill(NaN));
    expect(() => loadWeightsInto(target, nanLast)).toThrow(/not finite/);
    expect(() => loadWeightsInto(target, new Map(result.model.weights).set('extra', new Float32Array(1)))).toThrow(/no weight 'extra'/);
    expect(snapshot(target)).toEqual(before);
    loadWeightsInto(target, result.model.weights);
    expect(snapshot(target)).toEqual(snapshot(source));
    source.dispose();
    target.dispose();
  });
});
