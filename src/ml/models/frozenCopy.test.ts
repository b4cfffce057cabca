import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createModel } from './createModel';
import { frozenCopy } from './frozenCopy';
import { adamStep, testSpec } from './testing';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('frozenCopy', () => {
  it.each(['vae', 'ae', 'vqvae'] as const)('%s: decodes like the original, and keeps the old weights while the original trains', (kind) => {
    const model = createModel(testSpec({ kind, latentDim: 2, network: kind === 'vqvae' ? 'conv' : 'mlp', seed: 3 }));
    const x = tf.randomUniform([4, 784], 0, 1, 'float32', 5) as tf.Tensor2D;
    const optimizer = tf.train.adam(1e-2);
    adamStep(model, optimizer, x, x, 1).dispose();
    const copy = frozenCopy(model);
    const codes = () => tf.tidy(() => Array.from(model.embed(x).points.dataSync()));
    const copyCodes = () => tf.tidy(() => Array.from(copy.embed(x).points.dataSync()));
    expect(copyCodes()).toEqual(codes());
    for (let step = 2; step < 5; step++) adamStep(model, optimizer, x, x, step).dispose();
    const moved = codes();
    const kept = copyCodes();
    expect(kept).not.toEqual(moved);
    const fresh = frozenCopy(model);
    expect(tf.tidy(() => Array.from(fresh.embed(x).points.dataSync()))).toEqual(moved);
    tf.dispose([x, ...[model, copy, fresh].flatMap((m) => m.variables)]);
    optimizer.dispose();
  });

  it('leaks no tensors once the copy is disposed', () => {
    const model = createModel(testSpec({ kind: 'vae', latentDim: 2 }));
    frozenCopy(model).dispose();
    const before = tf.memory().numTensors;
    frozenCopy(model).dispose();
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
