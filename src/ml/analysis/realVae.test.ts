import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Autoencoder } from '../models/ae';
import { testSpec } from '../models/testing';
import type { Vae } from '../models/vae';
import { gradientVariance } from './gradientVariance';
import { boundLadder, iwaeLogPx } from './iwae';
import { problemFor } from './problem';
import { refinePosterior } from './refinePosterior';
import { summarize } from './statistics';
import { truePosterior } from './truePosterior';
import { barImages, bruteForceLogPx, plainLogLikelihood, trainedTinyVae } from './vaeTesting';

/*
 * The estimators on a real (tiny, briefly trained) VAE, checked against plain-JS float64 quadrature of its decoder.
 */

let model: Vae;
let x: Float32Array;
let oracle: { logPx: number; elbo: number; logLikelihood: (z1: number, z2: number) => number };

/** E_q log p(x|z) − KL(q ‖ p) with E_q by a self-normalised grid rule over μ ± 7σ (plain JS). */
function bruteForceElbo(logLikelihood: (z1: number, z2: number) => number, mean: Float32Array, logVar: Float32Array, n: number): number {
  const sigma = Array.from(logVar, (lv) => Math.exp(lv / 2));
  let [weighted, total] = [0, 0];
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    const [u, v] = [-7 + (14 * i) / (n - 1), -7 + (14 * j) / (n - 1)];
    const w = Math.exp(-0.5 * (u * u + v * v));
    weighted += w * logLikelihood(mean[0] + sigma[0] * u, mean[1] + sigma[1] * v);
    total += w;
  }
  const kl = 0.5 * Array.from(mean).reduce((s, m, j) => s + m * m + Math.exp(logVar[j]) - logVar[j] - 1, 0);
  return weighted / total - kl;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  model = await trainedTinyVae(120);
  x = barImages()[5];
  const logLikelihood = await plainLogLikelihood(model, x);
  // Scan [−10, 10]² coarsely for the mass, then integrate finely around it and check the box holds it all.
  const coarse = bruteForceLogPx(logLikelihood, [0, 0], 10, 81);
  const fine = bruteForceLogPx(logLikelihood, coarse.argmax, 7, 201);
  expect(fine.borderBelowTop).toBeLessThan(-30);
  const image = tf.tensor2d(x, [1, 784]);
  const { points, logVar } = model.embed(image);
  const elbo = bruteForceElbo(logLikelihood, (await points.data()) as Float32Array, (await logVar!.data()) as Float32Array, 81);
  tf.dispose([image, points, logVar!]);
  oracle = { logPx: fine.logPx, elbo, logLikelihood };
}, 120_000);

afterAll(() => model.dispose());

describe('problemFor (tiny trained VAE)', () => {
  it('takes μ, log σ² from embed and gives log p(x|z) → [m] equal to the plain-JS decoder and Bernoulli likelihood', async () => {
    const problem = await problemFor(model, x);
    const image = tf.tensor2d(x, [1, 784]);
    const { points, logVar } = model.embed(image);
    expect(problem.dim).toBe(2);
    expect(Array.from(problem.mean)).toEqual(Array.from(points.dataSync()));
    expect(Array.from(problem.logVar)).toEqual(Array.from(logVar!.dataSync()));
    const zs = [[0, 0], [1.5, -2], [problem.mean[0], problem.mean[1]]];
    const z = tf.tensor2d(zs);
    const values = problem.logLikelihood(z);
    expect(values.shape).toEqual([3]);
    Array.from(values.dataSync()).forEach((v, i) => expect(Math.abs(v - oracle.logLikelihood(zs[i][0], zs[i][1]))).toBeLessThan(1e-4 * Math.abs(v) + 1e-3));
    tf.dispose([image, points, logVar!, z, values]);
    problem.dispose();
  });

  it('leaks no tensors once disposed, and rejects a model without log σ²', async () => {
    const z = tf.zeros([2, 2]) as tf.Tensor2D;
    const before = tf.memory().numTensors;
    const problem = await problemFor(model, x);
    problem.logLikelihood(z).dispose();
    const warm = tf.memory().numTensors;
    problem.logLikelihood(z).dispose();
    expect(tf.memory().numTensors).toBe(warm);
    problem.dispose();
    expect(tf.memory().numTensors).toBe(before);
    z.dispose();
    const ae = new Autoencoder({ ...testSpec({ latentDim: 2, hiddenUnits: 4 }), kind: 'ae' });
    await expect(problemFor(ae, x)).rejects.toThrow(/VAE/);
    ae.dispose();
  });
});

describe('estimators on the tiny trained VAE', () => {
  it('truePosterior matches brute-force quadrature of log p(x) and of the ELBO', async () => {
    const problem = await problemFor(model, x);
    const result = await truePosterior(problem, { gridSize: 31 });
    problem.dispose();
    expect(result.converged).toBe(true);
    expect(Math.abs(result.logPx - oracle.logPx)).toBeLessThan(2e-3);
    expect(Math.abs(result.elbo - oracle.elbo)).toBeLessThan(2e-3);
    expect(result.klToPosterior).toBeGreaterThan(-result.quadratureError);
  });

  it('iwaeLogPx → [n]: IWAE-1 averages to the ELBO; IWAE-250 rises above it, stays below log p(x), and agrees with boundLadder', async () => {
    const copies = (count: number) => tf.tidy(() => tf.tile(tf.tensor2d(x, [1, 784]), [count, 1]) as tf.Tensor2D);
    const ones = copies(1000);
    const single = summarize(await iwaeLogPx(model, ones, 1, 3));
    expect(single.count).toBe(1000);
    expect(Math.abs(single.mean - oracle.elbo)).toBeLessThan(4 * single.standardError);
    const sixteen = copies(16);
    const many = summarize(await iwaeLogPx(model, sixteen, 250, 4));
    tf.dispose([ones, sixteen]);
    expect(many.mean).toBeGreaterThan(single.mean + 4 * Math.hypot(single.standardError, many.standardError));
    expect(many.mean).toBeLessThan(oracle.logPx + 4 * many.standardError);
    // The same bound through the problem adapter and logImportanceWeights: a separate code path, separate draws.
    const problem = await problemFor(model, x);
    const [rung] = (await boundLadder(problem, { ks: [250], repeats: 16, seed: 8 })).rungs;
    problem.dispose();
    expect(Math.abs(rung.mean - many.mean)).toBeLessThan(4 * Math.hypot(rung.standardError, many.standardError));
  });

  it('iwaeLogPx gives the same estimates for any batch size and leaks no tensors', async () => {
    const images = tf.tensor2d([...barImages()[0], ...barImages()[1], ...x], [3, 784]);
    await iwaeLogPx(model, images, 5, 1, { batchSize: 7 });
    const before = tf.memory().numTensors;
    const small = await iwaeLogPx(model, images, 5, 1, { batchSize: 7 });
    expect(tf.memory().numTensors).toBe(before);
    const large = await iwaeLogPx(model, images, 5, 1);
    expect(small).toHaveLength(3);
    small.forEach((v, i) => expect(v).toBeCloseTo(large[i], 3));
    images.dispose();
  });

  it('refinePosterior never lowers the fixed-draw ELBO and stays below log p(x)', async () => {
    const problem = await problemFor(model, x);
    const result = await refinePosterior(problem, { steps: 40, draws: 16, freshDraws: 500 });
    problem.dispose();
    const trajectory = result.elboTrajectory;
    for (let i = 1; i < trajectory.length; i++) expect(trajectory[i]).toBeGreaterThanOrEqual(trajectory[i - 1]);
    expect(Math.abs(result.initialElbo - oracle.elbo)).toBeLessThan(0.5);
    expect(result.amortisationGap).toBeGreaterThan(-4 * result.amortisationGapStandardError);
    expect(result.finalElbo).toBeLessThan(oracle.logPx + 4 * result.finalElboStandardError);
  });

  it('gradientVariance: both estimators agree within their errors through the real decoder', async () => {
    const problem = await problemFor(model, x);
    const result = await gradientVariance(problem, { samples: 400, seed: 2 });
    problem.dispose();
    result.reparameterised.mean.forEach((m, p) => {
      const both = Math.hypot(result.reparameterised.standardError[p], result.scoreFunction.standardError[p]);
      expect(Math.abs(m - result.scoreFunction.mean[p])).toBeLessThan(4 * both);
    });
    result.varianceRatio.forEach((ratio) => expect(ratio).toBeGreaterThan(1));
  });
});
