import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../math/random';
import { createModel } from '../models/createModel';
import { testSpec } from '../models/testing';
import { evaluateTestSet } from './evaluate';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const images = (count: number) => {
  const uniform = mulberry32(3);
  return Uint8Array.from({ length: count * 784 }, () => Math.floor(256 * uniform()));
};
const corruption = { noiseStd: 0.3, blur: false, maskRatio: 0.5, patchSize: 4 };
const GAUSSIAN = { kind: 'gaussian' as const, variance: 0.05 };

describe('evaluateTestSet', () => {
  it('averages the terms over uneven batches and reports the discretised NLL and bits/dim (Gaussian: rec + ln 256 per pixel)', async () => {
    const model = createModel(testSpec({ kind: 'ae', likelihood: GAUSSIAN }));
    const data = images(7);
    const scores = await evaluateTestSet(model, data, 7, { corruption, batchSize: 3 });
    const oneByOne = await Promise.all(Array.from({ length: 7 }, (_, i) => evaluateTestSet(model, data.subarray(i * 784), 1, { corruption })));
    const meanRec = oneByOne.reduce((sum, s) => sum + (s.terms.rec ?? NaN), 0) / 7;
    expect(scores.terms.rec).toBeCloseTo(meanRec, 3);
    expect(scores.scoredPixels).toBe(784);
    expect(scores.discretisedNll).toBeCloseTo(meanRec + 784 * Math.log(256), 2);
    expect(scores.bitsPerDim).toBeCloseTo(scores.discretisedNll / (784 * Math.LN2), 6);
    model.dispose();
  });

  it('scores the MAE on its hidden pixels: 25 of 49 patches of 16 pixels = 400 per image', async () => {
    const model = createModel(testSpec({ kind: 'mae', likelihood: GAUSSIAN }));
    const scores = await evaluateTestSet(model, images(4), 4, { corruption, batchSize: 3 });
    expect(scores.scoredPixels).toBe(400);
    expect(scores.discretisedNll).toBeCloseTo((scores.terms.rec ?? NaN) + 400 * Math.log(256), 2);
    expect(scores.bitsPerDim).toBeCloseTo(scores.discretisedNll / (400 * Math.LN2), 6);
    model.dispose();
  });

  it.each(['ae', 'dae', 'mae', 'vae', 'vqvae'] as const)('%s: leaks no tensors and reports finite scores', async (kind) => {
    const model = createModel(testSpec({ kind, network: kind === 'vqvae' ? 'conv' : 'mlp' }));
    const data = images(3);
    await evaluateTestSet(model, data, 3, { corruption });
    const before = tf.memory().numTensors;
    const scores = await evaluateTestSet(model, data, 3, { corruption, batchSize: 2 });
    expect(tf.memory().numTensors).toBe(before);
    expect(Object.keys(scores.terms)).toEqual([...model.termNames]);
    expect([scores.discretisedNll, scores.bitsPerDim, ...Object.values(scores.terms)].every(Number.isFinite)).toBe(true);
    model.dispose();
  });
});
