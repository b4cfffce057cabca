import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../math/random';
import { createModel } from '../models/createModel';
import { testSpec } from '../models/testing';
import type { VqVae } from '../models/vqvae';
import { encoderRows, nearestIndex } from '../models/vqvaeTesting';
import { measureCodeUsage } from './codeUsage';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** `count` random binary-ish images as bytes. */
function images(count: number): Uint8Array {
  const uniform = mulberry32(8);
  return Uint8Array.from({ length: count * 784 }, () => (uniform() < 0.3 ? 255 : 0));
}

describe('measureCodeUsage', () => {
  it('counts every encoder vector of every image, across uneven batches, like a brute-force search', async () => {
    const model = createModel(testSpec({ kind: 'vqvae', network: 'conv', codebookSize: 5, codeDim: 2 })) as VqVae;
    const data = images(7);
    const x = tf.div(tf.tensor2d(data, [7, 784], 'float32'), 255) as tf.Tensor2D;
    const rows = encoderRows(model, x);
    // Codes on five of the encoder's own outputs, so the assignment is spread out.
    model.codebookVariable.assign(tf.div(tf.tensor2d([0, 60, 120, 200, 300].map((i) => rows[i])), 30) as tf.Tensor2D);
    const codes = model.codebook().arraySync();
    const expected = [0, 0, 0, 0, 0];
    for (const row of rows) expected[nearestIndex(row, codes)] += 1;
    const used = expected.filter((c) => c > 0).length;
    const entropy = -expected.reduce((sum, c) => sum + (c > 0 ? (c / 343) * Math.log(c / 343) : 0), 0);
    const before = tf.memory().numTensors;
    const usage = await measureCodeUsage(model, data, 7, 3);
    expect(tf.memory().numTensors).toBe(before);
    expect(Array.from(usage?.counts ?? [])).toEqual(expected);
    expect(usage?.codesUsed).toBe(used);
    expect(usage?.perplexity).toBeCloseTo(Math.exp(entropy), 4);
    tf.dispose(x);
    model.dispose();
  });

  it('is null for a model without a codebook', async () => {
    const model = createModel(testSpec({ kind: 'vae' }));
    expect(await measureCodeUsage(model, images(2), 2)).toBeNull();
    model.dispose();
  });
});
