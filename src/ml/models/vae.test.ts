import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { adamStep, batchOf, testSpec } from './testing';
import { Vae } from './vae';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const images = (n: number, seed: number) => tf.randomUniform([n, 784], 0, 1, 'float32', seed) as tf.Tensor2D;
const vaeSpec = (overrides: Parameters<typeof testSpec>[0]) => ({ ...testSpec(overrides), kind: 'vae' as const });

describe.each(['mlp', 'conv'] as const)('Vae (%s)', (network) => {
  it('embeds to μ and log σ² [n, latentDim], decodes and samples to [n, 784], terms rec and kl', () => {
    const model = new Vae(vaeSpec({ network }));
    const x = images(4, 1);
    const { points, logVar } = model.embed(x);
    const decoded = model.decodeEmbedding(points);
    const samples = model.sample(5, 2);
    const terms = model.lossTerms(batchOf(x), 3);
    expect(model.termNames).toEqual(['rec', 'kl']);
    expect(model.embedDim).toBe(3);
    expect(points.shape).toEqual([4, 3]);
    expect(logVar?.shape).toEqual([4, 3]);
    expect(decoded.shape).toEqual([4, 784]);
    expect(samples.shape).toEqual([5, 784]);
    expect(terms.map((t) => t.shape)).toEqual([[], []]);
    tf.dispose([x, points, logVar!, decoded, samples, ...terms]);
    model.dispose();
  });

  it('leaks nothing in any method, in a training step after warm-up, or after dispose', () => {
    const start = tf.memory().numTensors;
    const model = new Vae(vaeSpec({ network, seed: 2 }));
    const x = images(2, 3);
    const optimizer = tf.train.adam(1e-3);
    tf.dispose(adamStep(model, optimizer, x, x, 0));
    const before = tf.memory().numTensors;
    tf.dispose(adamStep(model, optimizer, x, x, 1));
    const { points, logVar } = model.embed(x);
    tf.dispose([points, logVar!, model.decodeEmbedding(points), model.sample(2, 3), ...model.lossTerms(batchOf(x), 0)]);
    expect(tf.memory().numTensors).toBe(before);
    optimizer.dispose();
    model.dispose();
    x.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });
});

describe('Vae', () => {
  it('MLP initialises weights in ±1/√fanIn like PyTorch nn.Linear, with the pre-refactor seed layout', () => {
    const model = new Vae(vaeSpec({ hiddenUnits: 16, latentDim: 2, seed: 1 }));
    const shapes = model.variables.map((v) => v.shape);
    expect(shapes).toEqual([[784, 16], [16], [16, 2], [2], [16, 2], [2], [2, 16], [16], [16, 784], [784]]);
    const kernel = Array.from(model.variables[0].dataSync());
    const limit = 1 / Math.sqrt(784);
    expect(Math.max(...kernel)).toBeLessThanOrEqual(limit);
    expect(Math.min(...kernel)).toBeGreaterThanOrEqual(-limit);
    expect(Math.max(...kernel)).toBeGreaterThan(0.9 * limit);
    // Layer k (encoder, μ, log σ², decoder hidden, decoder out) draws its kernel with seed + 2k, its bias with seed + 2k + 1.
    const fanIns = [784, 16, 16, 2, 16];
    fanIns.forEach((fanIn, k) => {
      const bound = 1 / Math.sqrt(fanIn);
      const expected = tf.randomUniform(model.variables[2 * k].shape, -bound, bound, 'float32', 1 + 2 * k).dataSync();
      expect(Array.from(model.variables[2 * k].dataSync())).toEqual(Array.from(expected));
    });
    model.dispose();
  });

  it('kl is the closed form from embed’s μ, log σ² (plain JS) and rec decodes one z = μ + σ·ε per image, ε seeded by noiseSeed', () => {
    const model = new Vae(vaeSpec({ latentDim: 2, seed: 5 }));
    const x = images(3, 4);
    const mean = model.embed(x).points.arraySync();
    const logVar = model.embed(x).logVar!.arraySync();
    let kl = 0;
    mean.forEach((row, i) => row.forEach((m, j) => (kl += 0.5 * (m * m + Math.exp(logVar[i][j]) - logVar[i][j] - 1))));
    const [rec, klTerm] = model.lossTerms(batchOf(x), 7);
    expect(klTerm.dataSync()[0]).toBeCloseTo(kl / 3, 5);
    const [recAgain] = model.lossTerms(batchOf(x), 7);
    const [recOtherNoise, klOtherNoise] = model.lossTerms(batchOf(x), 8);
    expect(recAgain.dataSync()[0]).toBe(rec.dataSync()[0]);
    expect(recOtherNoise.dataSync()[0]).not.toBe(rec.dataSync()[0]);
    expect(klOtherNoise.dataSync()[0]).toBe(klTerm.dataSync()[0]);
    // Rebuild z = μ + σ·ε in plain JS from the same seeded ε, decode it, and sum the Bernoulli NLL by hand.
    const epsilon = tf.randomNormal([3, 2], 0, 1, 'float32', 7).arraySync() as number[][];
    const z = mean.map((row, i) => row.map((m, j) => m + Math.exp(0.5 * logVar[i][j]) * epsilon[i][j]));
    const logits = model.decodeEmbedding(tf.tensor2d(z)).dataSync();
    const target = x.dataSync();
    let nll = 0;
    logits.forEach((l, i) => (nll += Math.max(l, 0) - l * target[i] + Math.log1p(Math.exp(-Math.abs(l)))));
    expect(rec.dataSync()[0]).toBeCloseTo(nll / 3, 2);
    model.dispose();
  });

  it('reconstructs against the target, not the input (DAE-style corruption works for a VAE too)', () => {
    const model = new Vae(vaeSpec({ seed: 6 }));
    const input = images(2, 10);
    const [recClean] = model.lossTerms(batchOf(input), 1);
    const [recOther] = model.lossTerms(batchOf(tf.zerosLike(input), input), 1);
    expect(recOther.dataSync()[0]).not.toBeCloseTo(recClean.dataSync()[0], 1);
    model.dispose();
  });
});

describe('Vae evaluationTerms', () => {
  it('repeats lossTerms for the same ε and reports discretised rec + KL (Gaussian: rec + 784 ln 256 + KL)', () => {
    const model = new Vae(vaeSpec({ likelihood: { kind: 'gaussian', variance: 0.1 }, seed: 9 }));
    const x = images(3, 10);
    const [rec, kl] = model.lossTerms(batchOf(x), 4);
    const { terms, discretisedNll } = model.evaluationTerms(batchOf(x), 4);
    expect(terms.map((t) => t.dataSync()[0])).toEqual([rec.dataSync()[0], kl.dataSync()[0]]);
    expect(discretisedNll.shape).toEqual([]);
    expect(discretisedNll.dataSync()[0]).toBeCloseTo(rec.dataSync()[0] + 784 * Math.log(256) + kl.dataSync()[0], 2);
    const before = tf.memory().numTensors;
    const again = model.evaluationTerms(batchOf(x), 4);
    tf.dispose([...again.terms, again.discretisedNll]);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
