import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bceWithLogitsPerImage } from '../losses/bce';
import type { ModelSpec } from './types';
import { DEFAULT_CODEBOOK_UPKEEP, VqVae } from './vqvae';
import { batchOf } from './testing';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const models: VqVae[] = [];
afterEach(() => models.splice(0).forEach((model) => model.dispose()));

function makeModel(codebookSize: number, codeDim: number, restartEvery = DEFAULT_CODEBOOK_UPKEEP.restartEvery): VqVae {
  const spec: ModelSpec = {
    kind: 'vqvae',
    network: 'conv',
    likelihood: { kind: 'bernoulli' },
    latentDim: 2,
    hiddenUnits: 32,
    codebookSize,
    codeDim,
    seed: 3,
  };
  const model = new VqVae(spec, { ...DEFAULT_CODEBOOK_UPKEEP, restartEvery });
  models.push(model);
  return model;
}

/** `count` 28×28 images, each one bright horizontal or vertical bar of width 4 (a tiny learnable dataset). */
function bars(count: number): tf.Tensor2D {
  const pixels = new Float32Array(count * 784);
  for (let n = 0; n < count; n++) {
    const offset = 4 * (n % 6) + 2;
    for (let i = 0; i < 28; i++) for (let w = 0; w < 4; w++) {
      const [row, col] = n % 12 < 6 ? [offset + w, i] : [i, offset + w];
      pixels[n * 784 + row * 28 + col] = 1;
    }
  }
  return tf.tensor2d(pixels, [count, 784]);
}

/** Encoder rows z_e → [n·49, D], read back as nested arrays. */
function encoderRows(model: VqVae, x: tf.Tensor2D): number[][] {
  return tf.tidy(() => tf.reshape(model.embed(x).points, [-1, model.spec.codeDim]).arraySync() as number[][]);
}

/** Largest absolute entry of each gradient, by variable (absent = not connected = 0). */
function gradientSizes(model: VqVae, term: number, x: tf.Tensor2D): Map<tf.Variable, number> {
  const { value, grads } = tf.variableGrads(() => model.lossTerms(batchOf(x))[term], model.variables);
  const sizes = new Map(model.variables.map((v) => [v, grads[v.name] ? tf.max(tf.abs(grads[v.name])).dataSync()[0] : 0]));
  tf.dispose([value, ...Object.values(grads)]);
  return sizes;
}

describe('VqVae shapes', () => {
  it('reports its terms, embeds to 49·D, decodes, samples and copies its codebook', () => {
    const model = makeModel(6, 3);
    const x = bars(2);
    expect(model.termNames).toEqual(['rec', 'codebook', 'commitment']);
    expect(model.embedDim).toBe(147);
    const terms = model.lossTerms(batchOf(x));
    expect(terms.map((t) => t.shape)).toEqual([[], [], []]);
    const { points } = model.embed(x);
    expect(points.shape).toEqual([2, 147]);
    expect(model.decodeEmbedding(points).shape).toEqual([2, 784]);
    expect(model.sample(5, 1).shape).toEqual([5, 784]);
    expect(model.codebook().shape).toEqual([6, 3]);
    expect(() => new VqVae({ ...model.spec, kind: 'vae' })).toThrow(/vqvae/);
  });
});

describe('VqVae gradients', () => {
  let x: tf.Tensor2D;
  beforeAll(() => {
    x = bars(3);
  });
  const split = (model: VqVae, term: number) => {
    const sizes = gradientSizes(model, term, x);
    const largest = (vars: tf.Variable[]) => Math.max(...vars.map((v) => sizes.get(v)!));
    return {
      encoder: largest(model.encoder.variables),
      codebook: sizes.get(model.codebookVariable)!,
      decoder: largest(model.decoder.variables),
    };
  };

  it('the codebook term reaches only the codebook', () => {
    const { encoder, codebook, decoder } = split(makeModel(5, 4), 1);
    expect(codebook).toBeGreaterThan(0);
    expect([encoder, decoder]).toEqual([0, 0]);
  });

  it('the commitment term reaches only the encoder', () => {
    const { encoder, codebook, decoder } = split(makeModel(5, 4), 2);
    expect(encoder).toBeGreaterThan(0);
    expect([codebook, decoder]).toEqual([0, 0]);
  });

  it('the reconstruction gradient passes straight through to the encoder but not the codebook', () => {
    const { encoder, codebook, decoder } = split(makeModel(5, 4), 0);
    expect(encoder).toBeGreaterThan(0);
    expect(decoder).toBeGreaterThan(0);
    expect(codebook).toBe(0);
  });

  it('the encoder gradient of rec is the encoder VJP of the decoder gradient taken at z_q (dL/dz_e = dL/dz_q)', () => {
    const model = makeModel(5, 4);
    const encoderVariables = model.encoder.variables;
    const codes = model.codebook().arraySync();
    const nearest = (row: number[]) =>
      codes.reduce((best, code, k) => (distance(row, code) < distance(row, codes[best]) ? k : best), 0);
    const zq = tf.tensor2d(encoderRows(model, x).map((row) => codes[nearest(row)]));
    const nll = (rows: tf.Tensor) => tf.mean(bceWithLogitsPerImage(model.decoder.apply(tf.reshape(rows, [3, 7, 7, 4])), x)) as tf.Scalar;
    const dLdzq = tf.grad(nll)(zq);
    const viaModel = tf.variableGrads(() => model.lossTerms(batchOf(x))[0], encoderVariables).grads;
    const viaChainRule = tf.variableGrads(
      () => tf.sum(tf.mul(tf.reshape(model.encoder.apply(x), [-1, 4]), dLdzq)) as tf.Scalar,
      encoderVariables,
    ).grads;
    for (const { name } of encoderVariables) {
      const [a, b] = [viaModel[name].dataSync(), viaChainRule[name].dataSync()];
      const scale = Math.max(...Array.from(b, Math.abs));
      expect(scale).toBeGreaterThan(0);
      a.forEach((value, i) => expect(Math.abs(value - b[i])).toBeLessThan(1e-4 * scale));
    }
  });
});

function distance(a: number[], b: number[]): number {
  return a.reduce((sum, value, d) => sum + (value - b[d]) ** 2, 0);
}

/** Puts code 0 at the origin and every other code far from any encoder output, so only code 0 is used. */
function onlyCodeZeroUsed(model: VqVae): void {
  const { codebookSize, codeDim } = model.spec;
  const far = Array.from({ length: codebookSize }, (_, k) => Array.from({ length: codeDim }, () => (k === 0 ? 0 : 1e3 * k)));
  model.codebookVariable.assign(tf.tensor2d(far));
}

describe('VqVae decoding and sampling', () => {
  it('decodeEmbedding snaps each position to its brute-force nearest code before decoding', () => {
    const model = makeModel(7, 2);
    const x = bars(2);
    const codes = model.codebook().arraySync();
    const nearest = encoderRows(model, x).map((row) =>
      codes.reduce((best, code, k) => (distance(row, code) < distance(row, codes[best]) ? k : best), 0),
    );
    const expected = model.decoder.apply(tf.reshape(tf.tensor2d(nearest.map((k) => codes[k])), [2, 7, 7, 2]));
    const decoded = model.decodeEmbedding(model.embed(x).points);
    expect(Array.from(decoded.dataSync())).toEqual(Array.from(expected.dataSync()));
  });

  it('samples codes from the empirical usage: with only code 0 used, every position decodes code 0', () => {
    const model = makeModel(5, 3);
    onlyCodeZeroUsed(model);
    model.afterStep(bars(4), { restartDeadCodes: false });
    const allCodeZero = model.decoder.apply(tf.zeros([2, 7, 7, 3]));
    expect(Array.from(model.sample(2, 9).dataSync())).toEqual(Array.from(allCodeZero.dataSync()));
  });
});

describe('VqVae codebook upkeep', () => {
  it('usage shares count the batch codes, whether or not lossTerms saw the same input first', async () => {
    const [cached, recomputed] = [makeModel(6, 3), makeModel(6, 3)];
    const x = bars(6);
    tf.dispose(cached.lossTerms(batchOf(x)));
    cached.afterStep(x, { restartDeadCodes: false });
    recomputed.afterStep(tf.clone(x), { restartDeadCodes: false });
    const codes = cached.codebook().arraySync();
    const counts = new Array(6).fill(0);
    for (const row of encoderRows(cached, x)) counts[codes.reduce((b, c, k) => (distance(row, c) < distance(row, codes[b]) ? k : b), 0)] += 1;
    const expected = counts.map((c) => c / (6 * 49));
    for (const model of [cached, recomputed]) {
      const { usage, perplexity, deadCodes } = await model.codebookStatistics();
      usage.forEach((share, k) => expect(share).toBeCloseTo(expected[k], 5));
      expect(deadCodes).toBe(expected.filter((share) => share === 0).length);
      expect(perplexity).toBeCloseTo(Math.exp(-expected.reduce((s, p) => s + (p > 0 ? p * Math.log(p) : 0), 0)), 4);
    }
  });

  it('restarts dead codes onto encoder outputs, which then win vectors of the batch', async () => {
    const model = makeModel(8, 4, 2);
    const x = bars(12);
    onlyCodeZeroUsed(model);
    model.afterStep(x, { restartDeadCodes: true });
    expect((await model.codebookStatistics()).deadCodes).toBe(7);
    model.afterStep(x, { restartDeadCodes: true });
    const after = await model.codebookStatistics();
    expect(after.restartedCodes).toBe(7);
    expect(after.deadCodes).toBe(0);
    const codes = model.codebook().arraySync();
    const rows = encoderRows(model, x);
    const winners = new Set(rows.map((row) => codes.reduce((b, c, k) => (distance(row, c) < distance(row, codes[b]) ? k : b), 0)));
    expect(winners.size).toBeGreaterThan(4);
    for (const code of codes.slice(1)) expect(Math.min(...rows.map((row) => distance(row, code)))).toBeLessThan(1e-2);
  });

  it('with more dead codes than batch vectors (K = 64 > 1·49), restarts 49 and leaves the rest dead', async () => {
    const model = makeModel(64, 2, 1);
    onlyCodeZeroUsed(model);
    model.afterStep(bars(1), { restartDeadCodes: true });
    const { restartedCodes, deadCodes } = await model.codebookStatistics();
    expect([restartedCodes, deadCodes]).toEqual([49, 14]);
  });

  it('never restarts when the option is off', async () => {
    const model = makeModel(8, 4, 1);
    onlyCodeZeroUsed(model);
    model.afterStep(bars(4), { restartDeadCodes: false });
    expect(await model.codebookStatistics()).toMatchObject({ restartedCodes: 0, deadCodes: 7, perplexity: 1 });
  });
});

describe('VqVae leaks', () => {
  const trainStep = (model: VqVae, optimizer: tf.Optimizer, x: tf.Tensor2D, restartDeadCodes: boolean) => {
    optimizer.minimize(() => tf.tidy(() => {
      const [rec, codebook, commitment] = model.lossTerms(batchOf(x));
      return tf.addN([rec, codebook, tf.mul(commitment, 0.25)]) as tf.Scalar;
    }), false, model.variables);
    model.afterStep(x, { restartDeadCodes });
  };

  it('a training step with afterStep and restarts leaks no tensors after a warm-up step', async () => {
    const model = makeModel(6, 3, 1);
    const optimizer = tf.train.adam(1e-3);
    const x = bars(4);
    trainStep(model, optimizer, x, true);
    const before = tf.memory().numTensors;
    trainStep(model, optimizer, x, true);
    await model.codebookStatistics();
    const points = model.embed(x).points;
    tf.dispose([points, model.decodeEmbedding(points), model.sample(2, 1), model.codebook()]);
    expect(tf.memory().numTensors).toBe(before);
    optimizer.dispose();
  });
});
