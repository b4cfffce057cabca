import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createModel } from '../models/createModel';
import { testSpec } from '../models/testing';
import type { LatentModel, ModelSpec } from '../models/types';
import { batchesFrom, TEST_SETTINGS, tinyDataset } from '../training/testing';
import { Trainer } from '../training/trainer';
import { exportModel } from './export';
import { importModel } from './import';
import { createModelFrom, resumeFrom } from './load';
import { adamOrder, readOptimizerState, readTrainingState, restoreOptimizerState } from './optimizer';
import { pairFiles, snapshot, TEST_EXTRAS } from './testing';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const settings = { ...TEST_SETTINGS, batchSize: 8, restartDeadCodes: false };
const images = tinyDataset(64);

/** A model of `spec` and its trainer after `steps` steps on the tiny dataset. */
async function trained(spec: ModelSpec, steps: number): Promise<{ model: LatentModel; trainer: Trainer }> {
  const model = createModel(spec);
  const trainer = new Trainer(model, settings, 3);
  await trainer.trainChunk(steps, batchesFrom(images, 64));
  return { model, trainer };
}

/** One more step on a fixed batch (the same for every trainer that takes it). */
const oneStep = (trainer: Trainer) => trainer.trainChunk(1, batchesFrom(images.subarray(40 * 784), 8));

describe('Adam state through a file (resumeFrom)', () => {
  it.each([
    ['ae', testSpec({ kind: 'ae' })],
    ['vqvae with an EMA codebook (non-trainable variables between trainable ones)', testSpec({ kind: 'vqvae', network: 'conv', codebookUpdate: 'ema' })],
    ['vqvae with a gradient codebook', testSpec({ kind: 'vqvae', network: 'conv', codebookUpdate: 'gradient' })],
  ])('%s: a resumed trainer takes exactly the step the original takes; without the state it does not', async (_, spec) => {
    const original = await trained(spec, 3);
    const state = await readOptimizerState(original.trainer);
    expect(state?.iterations).toBe(3);
    const artifacts = await exportModel(original.model, { ...TEST_EXTRAS, step: 3, samplesSeen: 24, optimizer: state });
    const result = await importModel(pairFiles(artifacts));
    if (!result.ok) throw new Error(result.reason);
    const { model: resumedModel, trainer: resumed } = await resumeFrom(result.model, 3, settings);
    expect([resumed.step, resumed.samplesSeen]).toEqual([3, 24]);
    const freshModel = createModelFrom(result.model);
    const fresh = new Trainer(freshModel, settings, 3);

    await Promise.all([oneStep(original.trainer), oneStep(resumed), oneStep(fresh)]);
    expect(resumed.step).toBe(4);
    expect(snapshot(resumedModel)).toEqual(snapshot(original.model));
    const [withoutState, reference] = [freshModel, original.model].map((model) => snapshot(model).flatMap((values) => Array.from(values)));
    const gap = withoutState.reduce((max, value, i) => Math.max(max, Math.abs(value - reference[i])), 0);
    expect(gap).toBeGreaterThan(1e-4);
    for (const { model, trainer } of [original, { model: resumedModel, trainer: resumed }, { model: freshModel, trainer: fresh }]) {
      trainer.dispose();
      model.dispose();
    }
  });

  it('reads null before the first step; reads back what it restored; leaks nothing', async () => {
    const model = createModel(testSpec({ kind: 'vae' }));
    const trainer = new Trainer(model, settings, 1);
    expect(await readOptimizerState(trainer)).toBeNull();
    const moments = new Map(model.namedWeights().map(({ name, variable }) => [name, { m: new Float32Array(variable.size).fill(0.5), v: new Float32Array(variable.size).fill(2) }]));
    const before = tf.memory().numTensors;
    await restoreOptimizerState(trainer, { iterations: 12, moments });
    expect(tf.memory().numTensors).toBe(before + 2 * model.variables.length);
    const back = await readOptimizerState(trainer);
    expect(back?.iterations).toBe(12);
    expect([...back!.moments.keys()]).toEqual([...moments.keys()]);
    expect(back!.moments.get('logVar/kernel')!.v).toEqual(moments.get('logVar/kernel')!.v);
    await expect(restoreOptimizerState(trainer, { iterations: 1, moments })).rejects.toThrow(/already stepped/);
    const another = new Trainer(model, settings, 1);
    await expect(restoreOptimizerState(another, { iterations: 1, moments: new Map() })).rejects.toThrow(/no moments of size 12544 for weight 'encoder\/dense0\/kernel'/);
    another.dispose();
    trainer.dispose();
    model.dispose();
  });
});

describe('adamOrder', () => {
  it('lists integer-named variables ascending (as object keys iterate), trainable before others only among non-integer names', () => {
    const [a, b, c] = [tf.variable(tf.zeros([1]), true, '12'), tf.variable(tf.zeros([1]), false, '3'), tf.variable(tf.zeros([1]), true, 'named')];
    const d = tf.variable(tf.zeros([1]), false, 'later');
    expect(adamOrder([a, d, b, c]).map((v) => v.name)).toEqual(['3', '12', 'named', 'later']);
    tf.dispose([a, b, c, d]);
  });
});

describe('readTrainingState (every read at once)', () => {
  it.each([
    ['vae', testSpec({ kind: 'vae' })],
    ['vqvae with an EMA codebook (non-trainable variables)', testSpec({ kind: 'vqvae', network: 'conv', codebookUpdate: 'ema' })],
  ])('%s: the same weights and Adam state as reading each tensor on its own; no tensor left behind', async (_, spec) => {
    const { model, trainer } = await trained(spec, 2);
    const before = tf.memory().numTensors;
    const { weights, optimizer } = await readTrainingState(trainer);
    expect(tf.memory().numTensors).toBe(before);
    const separately = await readOptimizerState(trainer);
    expect(optimizer?.iterations).toBe(separately?.iterations);
    expect([...(optimizer?.moments.keys() ?? [])].sort()).toEqual([...(separately?.moments.keys() ?? [])].sort());
    for (const [name, { m, v }] of separately?.moments ?? []) {
      expect(optimizer?.moments.get(name)?.m).toEqual(m);
      expect(optimizer?.moments.get(name)?.v).toEqual(v);
    }
    for (const { name, variable } of model.namedWeights()) expect(weights.get(name)).toEqual(await variable.data());
    trainer.dispose();
    model.dispose();
  });

  it('before the first step: the weights, and no optimizer state', async () => {
    const model = createModel(testSpec({ kind: 'ae' }));
    const trainer = new Trainer(model, settings, 3);
    const { weights, optimizer } = await readTrainingState(trainer);
    expect(optimizer).toBeNull();
    expect(weights.size).toBe(model.namedWeights().length);
    trainer.dispose();
    model.dispose();
  });
});
