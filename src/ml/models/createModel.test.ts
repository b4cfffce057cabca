import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Autoencoder } from './ae';
import { createModel } from './createModel';
import { testSpec } from './testing';
import { Vae } from './vae';
import { VqVae } from './vqvae';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('createModel', () => {
  it.each([
    ['ae', Autoencoder, ['rec']],
    ['dae', Autoencoder, ['rec']],
    ['mae', Autoencoder, ['rec']],
    ['vae', Vae, ['rec', 'kl']],
    ['vqvae', VqVae, ['rec', 'codebook', 'commitment']],
  ] as const)('builds %s', (kind, family, termNames) => {
    const model = createModel(testSpec({ kind }));
    expect(model).toBeInstanceOf(family);
    expect(model.spec.kind).toBe(kind);
    expect(model.termNames).toEqual(termNames);
    model.dispose();
  });

  it.each(['ae', 'vae', 'vqvae'] as const)('builds a %s with a continuous Bernoulli likelihood', (kind) => {
    const model = createModel(testSpec({ kind, likelihood: { kind: 'continuousBernoulli' } }));
    expect(model.spec.likelihood).toEqual({ kind: 'continuousBernoulli' });
    model.dispose();
  });

  it.each([
    [{ latentDim: 0 }, /latentDim must be a positive integer, got 0/],
    [{ latentDim: 2.5 }, /latentDim/],
    [{ hiddenUnits: -3 }, /hiddenUnits/],
    [{ kind: 'vqvae', codebookSize: 0 }, /codebookSize/],
    [{ kind: 'vqvae', codeDim: Number.NaN }, /codeDim/],
    [{ seed: 0.5 }, /seed must be an integer/],
    [{ likelihood: { kind: 'gaussian', variance: 0 } }, /variance must be a finite number > 0, got 0/],
    [{ likelihood: { kind: 'gaussian', variance: -1 } }, /variance/],
    [{ kind: 'pca' }, /unknown model kind 'pca'/],
    [{ kind: undefined }, /unknown model kind \(missing\)/],
    [{ network: 'rnn' }, /network must be 'mlp' or 'conv'/],
    [{ kind: 'vqvae', codebookUpdate: 'kmeans' }, /codebookUpdate must be 'gradient' or 'ema', got 'kmeans'/],
    [{ likelihood: { kind: 'poisson' } }, /likelihood.kind must be 'bernoulli', 'continuousBernoulli' or 'gaussian'/],
  ] as const)('rejects %o with a clear message', (overrides, message) => {
    const before = tf.memory().numTensors;
    expect(() => createModel(testSpec(overrides as never))).toThrow(message);
    expect(tf.memory().numTensors).toBe(before);
  });
});
