import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { bceWithLogitsPerImage } from '../losses/bce';
import { createModel } from './createModel';
import { createDecoder, createEncoder, createGridDecoder, createGridEncoder } from './networks';
import { adamStep, testSpec } from './testing';

beforeAll(async () => {
  await tf.setBackend('wasm');
  expect(tf.getBackend()).toBe('wasm');
});

describe('networks on wasm (no Conv2DBackpropFilter there)', () => {
  it.each(['mlp', 'conv', 'grid'] as const)('%s: an Adam step trains every variable to a finite loss', (kind) => {
    const [encoder, decoder] =
      kind === 'grid' ? [createGridEncoder(8, 1), createGridDecoder(8, 30)] : [createEncoder(kind, 32, 4, 1), createDecoder(kind, 32, 4, 30)];
    const variables = [...encoder.variables, ...decoder.variables];
    const before = variables.map((v) => v.dataSync().slice());
    const x = tf.randomUniform([8, 784], 0, 1, 'float32', 2) as tf.Tensor2D;
    const optimizer = tf.train.adam(1e-3);
    const loss = optimizer.minimize(
      () => tf.mean(bceWithLogitsPerImage((decoder.apply as (h: tf.Tensor) => tf.Tensor2D)(encoder.apply(x)), x)) as tf.Scalar,
      true,
      variables,
    );
    expect(Number.isFinite(loss!.dataSync()[0])).toBe(true);
    variables.forEach((v, i) => expect(v.dataSync().some((value, j) => value !== before[i][j])).toBe(true));
    tf.dispose([x, loss!, ...variables]);
    optimizer.dispose();
  });
});

describe('models on wasm', () => {
  it.each([
    ['ae', 'mlp'],
    ['dae', 'conv'],
    ['mae', 'mlp'],
    ['vae', 'mlp'],
    ['vae', 'conv'],
    ['vqvae', 'conv'],
  ] as const)('%s (%s): two Adam steps on the sum of the terms give finite losses without leaking', (kind, network) => {
    const model = createModel(testSpec({ kind, network, likelihood: kind === 'mae' ? { kind: 'gaussian', variance: 0.1 } : { kind: 'bernoulli' } }));
    const x = tf.randomUniform([4, 784], 0, 1, 'float32', 3) as tf.Tensor2D;
    const optimizer = tf.train.adam(1e-3);
    const first = adamStep(model, optimizer, x, x, 1);
    const before = tf.memory().numTensors;
    const second = adamStep(model, optimizer, x, x, 2);
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(Number.isFinite(first.dataSync()[0]) && Number.isFinite(second.dataSync()[0])).toBe(true);
    tf.dispose([first, second, x]);
    optimizer.dispose();
    model.dispose();
  });
});
