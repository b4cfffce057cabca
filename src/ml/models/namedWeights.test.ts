import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createModel } from './createModel';
import { testSpec } from './testing';
import type { LatentModel, ModelSpec } from './types';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** [name, shape] of each named weight. */
const layout = (model: LatentModel) => model.namedWeights().map(({ name, variable }) => [name, variable.shape]);

function withModel(spec: ModelSpec, check: (model: LatentModel) => void): void {
  const model = createModel(spec);
  try {
    check(model);
  } finally {
    model.dispose();
  }
}

const CONV_ENCODER_TRUNK = [
  ['encoder/pointwise0/kernel', [4, 16]], ['encoder/pointwise0/bias', [16]],
  ['encoder/conv0/kernel', [144, 16]], ['encoder/conv0/bias', [16]],
  ['encoder/pointwise1/kernel', [64, 32]], ['encoder/pointwise1/bias', [32]],
];

describe('namedWeights: the names and shapes written out by hand', () => {
  it('MLP VAE (hidden 16, latent 3): encoder trunk, mean and logVar heads, two decoder layers', () => {
    withModel(testSpec({ kind: 'vae' }), (model) =>
      expect(layout(model)).toEqual([
        ['encoder/dense0/kernel', [784, 16]], ['encoder/dense0/bias', [16]],
        ['mean/kernel', [16, 3]], ['mean/bias', [3]],
        ['logVar/kernel', [16, 3]], ['logVar/bias', [3]],
        ['decoder/dense0/kernel', [3, 16]], ['decoder/dense0/bias', [16]],
        ['decoder/dense1/kernel', [16, 784]], ['decoder/dense1/bias', [784]],
      ]),
    );
  });

  it('MLP MAE: the encoder reads image and mask, 2 · 784 inputs', () => {
    withModel(testSpec({ kind: 'mae' }), (model) =>
      expect(layout(model)).toEqual([
        ['encoder/dense0/kernel', [1568, 16]], ['encoder/dense0/bias', [16]],
        ['encoder/dense1/kernel', [16, 3]], ['encoder/dense1/bias', [3]],
        ['decoder/dense0/kernel', [3, 16]], ['decoder/dense0/bias', [16]],
        ['decoder/dense1/kernel', [16, 784]], ['decoder/dense1/bias', [784]],
      ]),
    );
  });

  it('conv AE: layers numbered per type (pointwise, conv, dense)', () => {
    withModel(testSpec({ kind: 'ae', network: 'conv' }), (model) =>
      expect(layout(model)).toEqual([
        ...CONV_ENCODER_TRUNK,
        ['encoder/dense0/kernel', [1568, 3]], ['encoder/dense0/bias', [3]],
        ['decoder/dense0/kernel', [3, 1568]], ['decoder/dense0/bias', [1568]],
        ['decoder/conv0/kernel', [288, 32]], ['decoder/conv0/bias', [32]],
        ['decoder/pointwise0/kernel', [32, 64]], ['decoder/pointwise0/bias', [64]],
        ['decoder/conv1/kernel', [144, 16]], ['decoder/conv1/bias', [16]],
        ['decoder/pointwise1/kernel', [16, 4]], ['decoder/pointwise1/bias', [4]],
      ]),
    );
  });

  it.each(['ema', 'gradient'] as const)('VQ-VAE (%s codebook, K = 8, D = 4): codebook between the networks, then its state', (codebookUpdate) => {
    withModel(testSpec({ kind: 'vqvae', network: 'conv', codebookUpdate }), (model) => {
      const ema = codebookUpdate === 'ema' ? [['codebook/ema/sizes', [8]], ['codebook/ema/sums', [8, 4]]] : [];
      expect(layout(model)).toEqual([
        ...CONV_ENCODER_TRUNK,
        ['encoder/pointwise2/kernel', [32, 4]], ['encoder/pointwise2/bias', [4]],
        ['codebook', [8, 4]],
        ['decoder/pointwise0/kernel', [4, 32]], ['decoder/pointwise0/bias', [32]],
        ['decoder/conv0/kernel', [288, 32]], ['decoder/conv0/bias', [32]],
        ['decoder/pointwise1/kernel', [32, 64]], ['decoder/pointwise1/bias', [64]],
        ['decoder/conv1/kernel', [144, 16]], ['decoder/conv1/bias', [16]],
        ['decoder/pointwise2/kernel', [16, 4]], ['decoder/pointwise2/bias', [4]],
        ...ema,
        ['codebook/usage', [8]],
      ]);
    });
  });
});

describe('namedWeights: what the names point at', () => {
  it.each([
    ['ae', 'mlp'], ['mae', 'conv'], ['vae', 'mlp'], ['vae', 'conv'], ['vqvae', 'conv'],
  ] as const)('%s %s: every variable once, in the order of `variables`, names unique', (kind, network) => {
    withModel(testSpec({ kind, network }), (model) => {
      const named = model.namedWeights();
      const trained = named.filter(({ name }) => name !== 'codebook/usage').map(({ variable }) => variable);
      expect(trained).toEqual(model.variables);
      expect(new Set(named.map(({ name }) => name)).size).toBe(named.length);
    });
  });

  it('VAE: μ and log σ² recomputed in plain JS from the weights named encoder/dense0, mean and logVar match embed', () => {
    withModel(testSpec({ kind: 'vae', hiddenUnits: 5, latentDim: 2, seed: 3 }), (model) => {
      const w = new Map(model.namedWeights().map(({ name, variable }) => [name, variable.dataSync() as Float32Array]));
      const x = Float32Array.from({ length: 784 }, (_, p) => ((p * 37) % 11) / 10);
      const hidden = Array.from({ length: 5 }, (_, h) => {
        let sum = w.get('encoder/dense0/bias')![h];
        for (let p = 0; p < 784; p++) sum += x[p] * w.get('encoder/dense0/kernel')![p * 5 + h];
        return Math.max(sum, 0);
      });
      const head = (name: string) => [0, 1].map((j) => hidden.reduce((sum, h, i) => sum + h * w.get(`${name}/kernel`)![i * 2 + j], w.get(`${name}/bias`)![j]));
      const input = tf.tensor2d(x, [1, 784]);
      const { points, logVar } = model.embed(input);
      expect(Array.from(points.dataSync())).toEqual(head('mean').map((v) => expect.closeTo(v, 5)));
      expect(Array.from(logVar!.dataSync())).toEqual(head('logVar').map((v) => expect.closeTo(v, 5)));
      tf.dispose([input, points, logVar!]);
    });
  });

  it('AE: the decoder recomputed in plain JS from decoder/dense0 and decoder/dense1 matches decodeEmbedding', () => {
    withModel(testSpec({ kind: 'ae', hiddenUnits: 4, latentDim: 2, seed: 9 }), (model) => {
      const w = new Map(model.namedWeights().map(({ name, variable }) => [name, variable.dataSync() as Float32Array]));
      const z = [0.7, -1.3];
      const hidden = Array.from({ length: 4 }, (_, h) => Math.max(0, z[0] * w.get('decoder/dense0/kernel')![h] + z[1] * w.get('decoder/dense0/kernel')![4 + h] + w.get('decoder/dense0/bias')![h]));
      const logits = Array.from({ length: 784 }, (_, p) => hidden.reduce((sum, h, i) => sum + h * w.get('decoder/dense1/kernel')![i * 784 + p], w.get('decoder/dense1/bias')![p]));
      const input = tf.tensor2d([z]);
      const decoded = model.decodeEmbedding(input);
      Array.from(decoded.dataSync()).forEach((value, p) => expect(value).toBeCloseTo(logits[p], 5));
      tf.dispose([input, decoded]);
    });
  });
});
