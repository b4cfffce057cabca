import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createModel } from '../models/createModel';
import type { Likelihood, ModelKind, ModelSpec } from '../models/types';
import { batchesFrom, TEST_SETTINGS, tinyDataset } from './testing';
import { Trainer, type ChunkResult, type TrainingSettings } from './trainer';

/*
 * Healthy runs, a few hundred steps each, on wasm: the conv VQ-VAE takes about a second per step on the
 * cpu backend. The divergence cases (learning rate 1) run on cpu in trainer.divergence.test.ts.
 */
beforeAll(async () => {
  await tf.setBackend('wasm');
  expect(tf.getBackend()).toBe('wasm');
});

const KINDS: ModelKind[] = ['ae', 'dae', 'mae', 'vae', 'vqvae'];
const IMAGES = tinyDataset(64);

/** A small model: MLP with 16 hidden units and a 2-d code, or a conv VQ-VAE with K = 8, D = 4. */
function smallModel(kind: ModelKind, seed: number, overrides: Partial<ModelSpec> = {}) {
  const network = kind === 'vqvae' ? 'conv' : 'mlp';
  return createModel({ kind, network, likelihood: { kind: 'bernoulli' }, latentDim: 2, hiddenUnits: 16, codebookSize: 8, codeDim: 4, seed, ...overrides });
}

/** Trains `steps` steps in chunks of 25, calling `adjust` before each chunk; returns the first divergence seen. */
async function firstDivergence(model: ReturnType<typeof smallModel>, settings: TrainingSettings, steps: number, adjust?: (step: number) => TrainingSettings | null) {
  const trainer = new Trainer(model, settings, 30);
  const nextBatch = batchesFrom(IMAGES, 64);
  let seen: ChunkResult['divergence'] = null;
  for (let done = 0; done < steps && !seen; done += 25) {
    const next = adjust?.(done);
    if (next) trainer.setSettings(next);
    seen = (await trainer.trainChunk(25, nextBatch)).divergence;
  }
  trainer.dispose();
  return seen;
}

const HEALTHY: TrainingSettings = { ...TEST_SETTINGS, learningRate: 1e-3, batchSize: 16 };
const GAUSSIAN_SHARP: Likelihood = { kind: 'gaussian', variance: 0.01 };

describe('healthy training at learning rate 1e-3 is never flagged', () => {
  it.each(KINDS)('%s, 300 steps', async (kind) => {
    const model = smallModel(kind, 31);
    expect(await firstDivergence(model, HEALTHY, 300)).toBeNull();
    model.dispose();
  });

  it.each([
    ['vqvae, gradient codebook', 'vqvae', { codebookUpdate: 'gradient' }],
    ['vae, Gaussian σ² = 0.01 (negative NLL)', 'vae', { likelihood: GAUSSIAN_SHARP }],
    ['ae, Gaussian σ² = 0.01 (negative NLL)', 'ae', { likelihood: GAUSSIAN_SHARP }],
    ['vae, continuous Bernoulli', 'vae', { likelihood: { kind: 'continuousBernoulli' } }],
  ] as const)('%s, 300 steps', async (_, kind, overrides) => {
    const model = smallModel(kind, 32, overrides);
    expect(await firstDivergence(model, HEALTHY, 300)).toBeNull();
    model.dispose();
  });

  it.each([
    ['a β warm-up to 4', { ...HEALTHY, beta: 4, betaSchedule: { kind: 'warmup', steps: 150 } }],
    ['a cyclical β up to 8', { ...HEALTHY, beta: 8, betaSchedule: { kind: 'cyclical', period: 60, rampFraction: 0.5 } }],
    ['the KL-only preset', { ...HEALTHY, lossPreset: 'kl' }],
  ] as const)('vae with %s, 300 steps', async (_, settings) => {
    const model = smallModel('vae', 33);
    expect(await firstDivergence(model, settings as TrainingSettings, 300)).toBeNull();
    model.dispose();
  });

  it('vae whose β jumps 1 → 10, preset goes to KL only and back, 300 steps', async () => {
    const model = smallModel('vae', 34);
    const plan = new Map<number, TrainingSettings>([
      [100, { ...HEALTHY, beta: 10 }],
      [150, { ...HEALTHY, beta: 10, lossPreset: 'kl' }],
      [200, { ...HEALTHY, beta: 0.5 }],
    ]);
    expect(await firstDivergence(model, HEALTHY, 300, (step) => plan.get(step) ?? null)).toBeNull();
    model.dispose();
  });

  it('mae whose mask ratio goes 0.05 → 0.95 (23× the scored pixels, Gaussian σ² = 1e-4), 300 steps', async () => {
    const model = smallModel('mae', 35, { likelihood: { kind: 'gaussian', variance: 1e-4 } });
    const masked = (maskRatio: number) => ({ ...HEALTHY, corruption: { ...HEALTHY.corruption, maskRatio } });
    expect(await firstDivergence(model, masked(0.05), 300, (step) => (step === 150 ? masked(0.95) : null))).toBeNull();
    model.dispose();
  });
});
