import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { oneHotRows } from './codebookUpkeep';
import { batchOf } from './testing';
import type { CodebookUpdate } from './types';
import { DEFAULT_CODEBOOK_UPKEEP, VqVae, type CodebookUpkeep } from './vqvae';
import { bars, distance, encoderRows, nearestIndex, onlyCodeZeroUsed, vqSpec } from './vqvaeTesting';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const models: VqVae[] = [];
afterEach(() => models.splice(0).forEach((model) => model.dispose()));

function makeModel(codebookSize: number, codeDim: number, codebookUpdate: CodebookUpdate, upkeep: Partial<CodebookUpkeep> = {}): VqVae {
  const model = new VqVae(vqSpec(codebookSize, codeDim, codebookUpdate), { ...DEFAULT_CODEBOOK_UPKEEP, ...upkeep });
  models.push(model);
  return model;
}

/** Per-code counts of brute-force nearest-code assignments of x's encoder rows. */
function bruteForceCounts(model: VqVae, x: tf.Tensor2D): number[] {
  const codes = model.codebook().arraySync();
  const counts = new Array<number>(codes.length).fill(0);
  for (const row of encoderRows(model, x)) counts[nearestIndex(row, codes)] += 1;
  return counts;
}

/** codebookStatistics of x's encoder vectors (the embedding is disposed once the statistics have read it). */
function statistics(model: VqVae, x: tf.Tensor2D) {
  const { points } = model.embed(x);
  const result = model.codebookStatistics(points);
  points.dispose();
  return result;
}

/** Restarts at every step, for codes idle a single step. */
const EAGER: Partial<CodebookUpkeep> = { restartEvery: 1, deadAfterSteps: 1 };

describe('oneHotRows', () => {
  it('gives float32 rows with a 1 at each index (whole numbers, also where wasm would mislabel int32), no leaks', () => {
    const indices = tf.tensor1d([2, 0, 2], 'int32');
    const before = tf.memory().numTensors;
    const rows = oneHotRows(indices, 3);
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(rows.dtype).toBe('float32');
    expect(rows.arraySync()).toEqual([[0, 0, 1], [1, 0, 0], [0, 0, 1]]);
    tf.dispose([indices, rows]);
  });
});

describe('codebook statistics from actual assignments', () => {
  it('codeCounts and codebookStatistics match a brute-force count; perplexity is exp(H) of the shares', async () => {
    const model = makeModel(6, 3, 'gradient');
    const x = bars(12);
    // Put the codes on six of the encoder's own outputs so that several codes are chosen.
    const rows = encoderRows(model, x);
    model.codebookVariable.assign(tf.div(tf.tensor2d([0, 40, 80, 120, 300, 500].map((i) => rows[i])), 30) as tf.Tensor2D);
    const expected = bruteForceCounts(model, x);
    expect(expected.filter((c) => c > 0).length).toBeGreaterThan(2);
    expect(Array.from(tf.tidy(() => model.codeCounts(model.embed(x).points)).dataSync())).toEqual(expected);
    const total = 12 * 49;
    const entropy = -expected.reduce((sum, c) => sum + (c > 0 ? (c / total) * Math.log(c / total) : 0), 0);
    const stats = await statistics(model, x);
    expect(Array.from(stats.counts)).toEqual(expected);
    expect(stats.codesUsed).toBe(expected.filter((c) => c > 0).length);
    expect(stats.deadCodes).toBe(6 - stats.codesUsed);
    expect(stats.perplexity).toBeCloseTo(Math.exp(entropy), 4);
    stats.usage.forEach((share, k) => expect(share).toBeCloseTo(expected[k] / total, 6));
  });

  it('a restart does not count as use: codes restarted far from the data stay unused in the statistics', async () => {
    const model = makeModel(8, 4, 'gradient', { ...EAGER, restartNoiseScale: 1e6 });
    const x = bars(4);
    onlyCodeZeroUsed(model);
    model.afterStep(x, { restartDeadCodes: true });
    const stats = await statistics(model, x);
    expect(stats.restartedCodes).toBe(7);
    expect(stats.codesUsed).toBe(1);
    expect(Array.from(stats.usage)).toEqual([1, 0, 0, 0, 0, 0, 0, 0]);
    // The sampling prior follows training assignments too: every sampled position is code 0.
    const allCodeZero = model.decoder.apply(tf.zeros([2, 7, 7, 4]));
    expect(Array.from(model.sample(2, 9).dataSync())).toEqual(Array.from(allCodeZero.dataSync()));
  });
});

describe('dead-code restarts', () => {
  it.each(['gradient', 'ema'] as const)('%s: restart dead codes onto recent encoder outputs, which then win vectors', async (update) => {
    const model = makeModel(8, 4, update, EAGER);
    const x = bars(12);
    if (update === 'gradient') onlyCodeZeroUsed(model);
    tf.dispose(model.lossTerms(batchOf(x)));
    const usedBefore = bruteForceCounts(model, x).filter((c) => c > 0).length;
    model.afterStep(x, { restartDeadCodes: true });
    const stats = await statistics(model, x);
    expect(stats.restartedCodes).toBe(8 - usedBefore);
    expect(stats.codesUsed).toBeGreaterThan(usedBefore + 2);
    const rows = encoderRows(model, x);
    const codes = model.codebook().arraySync();
    const restarted = codes.filter((code) => Math.min(...rows.map((row) => distance(row, code))) < 1e-2);
    expect(restarted.length).toBeGreaterThanOrEqual(8 - usedBefore);
  });

  it('counts a code dead only after deadAfterSteps batches without it, and reports those as idle', async () => {
    const model = makeModel(8, 4, 'gradient', { restartEvery: 1, deadAfterSteps: 3 });
    const x = bars(4);
    onlyCodeZeroUsed(model);
    model.afterStep(x, { restartDeadCodes: true });
    model.afterStep(x, { restartDeadCodes: true });
    expect(await statistics(model, x)).toMatchObject({ restartedCodes: 0, idleCodes: 0 });
    model.afterStep(x, { restartDeadCodes: true });
    expect(await statistics(model, x)).toMatchObject({ restartedCodes: 7, idleCodes: 0 });
  });

  it('with more dead codes than recent vectors (K = 64 > 1 image · 49), restarts 49 and leaves 14 idle', async () => {
    const model = makeModel(64, 2, 'gradient', { ...EAGER, bufferBatches: 1 });
    onlyCodeZeroUsed(model);
    const x = bars(1);
    model.afterStep(x, { restartDeadCodes: true });
    expect(await statistics(model, x)).toMatchObject({ restartedCodes: 49, idleCodes: 14 });
  });

  it('never restarts when the option is off', async () => {
    const model = makeModel(8, 4, 'gradient', EAGER);
    const x = bars(4);
    onlyCodeZeroUsed(model);
    model.afterStep(x, { restartDeadCodes: false });
    model.afterStep(x, { restartDeadCodes: false });
    expect(await statistics(model, x)).toMatchObject({ restartedCodes: 0, idleCodes: 7, codesUsed: 1, perplexity: 1 });
  });
});

describe('EMA codebook', () => {
  it('follows N ← γN + (1−γ)n, m ← γm + (1−γ)Σz, e = m / Ñ (Laplace-smoothed), worked in plain JS over two steps', () => {
    const [gamma, epsilon] = [0.9, 1e-3];
    const model = makeModel(4, 3, 'ema', { emaDecay: gamma, laplaceEpsilon: epsilon });
    const x = bars(6);
    const codes = model.codebook().arraySync();
    let sizes = [1, 1, 1, 1];
    let sums = codes.map((code) => code.slice());
    for (let step = 0; step < 2; step++) {
      const rows = encoderRows(model, x);
      const current = model.codebook().arraySync();
      const counts = [0, 0, 0, 0];
      const vectorSums = current.map(() => [0, 0, 0]);
      for (const row of rows) {
        const k = nearestIndex(row, current);
        counts[k] += 1;
        row.forEach((v, d) => (vectorSums[k][d] += v));
      }
      sizes = sizes.map((n, k) => gamma * n + (1 - gamma) * counts[k]);
      sums = sums.map((m, k) => m.map((v, d) => gamma * v + (1 - gamma) * vectorSums[k][d]));
      const total = sizes.reduce((a, b) => a + b, 0);
      const expected = sums.map((m, k) => m.map((v) => v / (((sizes[k] + epsilon) / (total + 4 * epsilon)) * total)));
      model.afterStep(x, { restartDeadCodes: false });
      const actual = model.codebook().arraySync();
      expected.forEach((code, k) => code.forEach((v, d) => expect(actual[k][d]).toBeCloseTo(v, 4)));
    }
  });

  it('leaves a code nothing chooses where it was (up to the Laplace smoothing)', () => {
    const model = makeModel(6, 3, 'ema');
    const x = bars(6);
    const before = model.codebook().arraySync();
    const unchosen = bruteForceCounts(model, x).findIndex((c) => c === 0);
    expect(unchosen).toBeGreaterThanOrEqual(0);
    model.afterStep(x, { restartDeadCodes: false });
    const after = model.codebook().arraySync();
    before[unchosen].forEach((v, d) => expect(Math.abs(after[unchosen][d] - v)).toBeLessThan(1e-3 * Math.abs(v) + 1e-9));
  });
});

describe('codebook upkeep leaks', () => {
  const trainStep = (model: VqVae, optimizer: tf.Optimizer, x: tf.Tensor2D) => {
    optimizer.minimize(() => tf.tidy(() => {
      const [rec, codebook, commitment] = model.lossTerms(batchOf(x));
      return tf.addN([rec, codebook, tf.mul(commitment, 0.25)]) as tf.Scalar;
    }), false, model.variables);
    model.afterStep(x, { restartDeadCodes: true });
  };

  it.each(['gradient', 'ema'] as const)('%s: training steps with restarts (and a larger batch), statistics and counts leak nothing after a warm-up step', async (update) => {
    const model = makeModel(6, 3, update, EAGER);
    const optimizer = tf.train.adam(1e-3);
    const [x, larger] = [bars(4), bars(6)];
    trainStep(model, optimizer, x);
    const before = tf.memory().numTensors;
    trainStep(model, optimizer, x);
    trainStep(model, optimizer, larger);
    await statistics(model, x);
    const points = model.embed(x).points;
    tf.dispose([points, model.decodeEmbedding(points), model.sample(2, 1), model.codebook(), model.codeCounts(points)]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, larger]);
    optimizer.dispose();
  });
});
