import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { barImages, trainedTinyVae } from '../analysis/vaeTesting';
import type { Vae } from '../models/vae';
import { evaluateTestSet } from './evaluate';
import { measureVae } from './vaeMeasures';

let model: Vae;
let images: Uint8Array;

beforeAll(async () => {
  await tf.setBackend('cpu');
  model = await trainedTinyVae(60);
  images = Uint8Array.from(barImages().flatMap((image) => Array.from(image, (v) => v * 255)));
}, 120_000);

/** μ and log σ² of the 8 bar images from `embed`, as plain arrays. */
function codes() {
  return tf.tidy(() => {
    const { points, logVar } = model.embed(tf.div(tf.tensor2d(images, [8, 784], 'float32'), 255) as tf.Tensor2D);
    return { mean: Array.from(points.dataSync()), logVar: Array.from(logVar!.dataSync()) };
  });
}

describe('measureVae', () => {
  it('KL, the pitfalls’ KL, σ and the μ coordinates match hand formulas on embed’s outputs, in any batch size', async () => {
    const { mean, logVar } = codes();
    const perImage = (f: (mu: number, lv: number) => number) => mean.reduce((s, mu, i) => s + f(mu, logVar[i]), 0) / 8;
    const squaresLessOne = (mu: number, lv: number) => mu * mu + Math.exp(lv) - 1;
    for (const batchSize of [3, 8]) {
      const correct = await measureVae(model, images, 8, 'none', { batchSize, seed: 5 });
      expect(correct.kl).toBeCloseTo(perImage((mu, lv) => 0.5 * (squaresLessOne(mu, lv) - lv)), 4);
      expect(correct.objectiveKl).toBeCloseTo(correct.kl, 6);
      expect(Array.from(correct.x)).toEqual(mean.filter((_, i) => i % 2 === 0).map(Math.fround));
      expect(Array.from(correct.y)).toEqual(mean.filter((_, i) => i % 2 === 1).map(Math.fround));
      [0, 1].forEach((j) => expect(correct.sigma[j]).toBeCloseTo(Math.exp(logVar.filter((_, i) => i % 2 === j).reduce((s, lv) => s + lv / 2, 0) / 8), 5));
      const doubled = await measureVae(model, images, 8, 'klWithoutHalf', { batchSize, seed: 5 });
      expect(doubled.objectiveKl).toBeCloseTo(perImage((mu, lv) => squaresLessOne(mu, lv) - lv), 4);
      const logSigma = await measureVae(model, images, 8, 'logSigmaForLogVar', { batchSize, seed: 5 });
      expect(logSigma.objectiveKl).toBeCloseTo(perImage((mu, lv) => 0.5 * (squaresLessOne(mu, lv) - lv / 2)), 4);
      const dropped = await measureVae(model, images, 8, 'klMinimisedAtZeroSigma', { batchSize, seed: 5 });
      expect(dropped.objectiveKl).toBeCloseTo(perImage((mu, lv) => 0.5 * squaresLessOne(mu, lv)), 4);
      expect(dropped.kl).toBe(correct.kl);
    }
  });

  it('rec agrees with the test-set evaluation (other draws of ε) within Monte Carlo error over 512 images', async () => {
    const many = new Uint8Array(512 * 784);
    for (let n = 0; n < 512; n++) many.set(images.subarray((n % 8) * 784, (n % 8 + 1) * 784), n * 784);
    const measured = await measureVae(model, many, 512, 'none', { batchSize: 128, seed: 3 });
    const reference = await evaluateTestSet(model, many, 512, { corruption: { noiseStd: 0, blur: false, maskRatio: 0, patchSize: 4 }, batchSize: 128, seed: 9 });
    expect(Math.abs(measured.rec - (reference.terms.rec ?? Number.NaN))).toBeLessThan(0.05 * measured.rec + 1);
    expect(measured.kl).toBeCloseTo(reference.terms.kl ?? Number.NaN, 3);
  });

  it('awaits pace once per batch and leaks no tensors', async () => {
    const rows: number[] = [];
    await measureVae(model, images, 8, 'none', { batchSize: 3, seed: 1, pace: async (count) => void rows.push(count) });
    expect(rows).toEqual([3, 3, 2]);
    const before = tf.memory().numTensors;
    await measureVae(model, images, 8, 'uniformEpsilon', { batchSize: 5, seed: 1 });
    expect(tf.memory().numTensors).toBe(before);
  });
});
