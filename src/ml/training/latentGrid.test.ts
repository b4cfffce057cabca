import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { normalQuantile } from '../math/normal';
import { fitPca2, project2 } from '../math/pca';
import { mulberry32, standardNormals } from '../math/random';
import { createModel } from '../models/createModel';
import { testSpec } from '../models/testing';
import { decodeToBytes, encodeImage, gridFractions, planLatentGrid } from './latentGrid';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('planLatentGrid', () => {
  it('2-D latent with a prior: the prior’s quantiles on both axes, row 0 at the top', () => {
    const codes = { values: Float32Array.from([0, 0, 1, 1]), rows: 2, dim: 2, projection: null };
    const plan = planLatentGrid(codes, 4, { kind: 'pca' }, new Float32Array(2), true);
    // Φ⁻¹(1/8), Φ⁻¹(3/8), Φ⁻¹(5/8), Φ⁻¹(7/8): the centres of four equal-probability cells.
    const expected = [0.125, 0.375, 0.625, 0.875].map(normalQuantile);
    Array.from(plan.xs).forEach((x, i) => expect(x).toBeCloseTo(expected[i], 6));
    expect(plan.coverage).toBe('prior');
    expect(plan.matchesScatter).toBe(true);
    // Row 0, column 0 is the top-left: smallest x, largest y.
    expect(plan.points[0]).toBeCloseTo(expected[0], 6);
    expect(plan.points[1]).toBeCloseTo(expected[3], 6);
    expect(plan.points.length).toBe(4 * 4 * 2);
  });

  it('an AE (no prior) spans its codes’ range instead', () => {
    const values = Float32Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? 10 + (i / 200) * 4 : -3));
    const plan = planLatentGrid({ values, rows: 100, dim: 2, projection: null }, 8, { kind: 'pca' }, new Float32Array(2), false);
    expect(plan.coverage).toBe('codes');
    expect(plan.xs[0]).toBeGreaterThan(9);
    expect(plan.xs[7]).toBeLessThan(15);
  });

  it('PCA axes through an anchor: each point projects back onto its grid coordinates, and the anchor’s own remainder is kept', () => {
    const uniform = mulberry32(5);
    const rows = 300;
    const dim = 5;
    const values = standardNormals(rows * dim, uniform).map((v, i) => v * (1 + (i % dim)));
    const projection = fitPca2(values, rows, dim);
    const anchor = values.slice(7 * dim, 8 * dim);
    const plan = planLatentGrid({ values, rows, dim, projection }, 6, { kind: 'pca' }, anchor, true);
    expect(plan.coverage).toBe('codes');
    const { x, y } = project2(plan.points, 36, dim, projection);
    for (let r = 0; r < 6; r++) {
      for (let c = 0; c < 6; c++) {
        expect(x[r * 6 + c]).toBeCloseTo(plan.xs[c], 4);
        expect(y[r * 6 + c]).toBeCloseTo(plan.ys[5 - r], 4);
      }
    }
    // What the two axes do not span stays the anchor's: the residual after removing both projections.
    const residual = (point: Float32Array) => {
      const [a, b] = [project2(point, 1, dim, projection).x[0], project2(point, 1, dim, projection).y[0]];
      return Array.from(point, (v, i) => v - projection.center[i] - a * projection.axisA[i] - b * projection.axisB[i]);
    };
    const anchorResidual = residual(anchor);
    residual(plan.points.subarray(0, dim)).forEach((v, i) => expect(v).toBeCloseTo(anchorResidual[i], 4));
  });

  it('two chosen dimensions: only they vary, at the prior’s quantiles; the others are the anchor’s', () => {
    const anchor = Float32Array.from([0.5, -1, 2, 3]);
    const plan = planLatentGrid({ values: new Float32Array(4 * 10), rows: 10, dim: 4, projection: null }, 3, { kind: 'dims', x: 1, y: 3 }, anchor, true);
    expect(plan.matchesScatter).toBe(false);
    for (let k = 0; k < 9; k++) {
      expect(plan.points[k * 4]).toBe(0.5);
      expect(plan.points[k * 4 + 2]).toBe(2);
    }
    expect(plan.points[1]).toBeCloseTo(normalQuantile(1 / 6), 6);
    expect(plan.points[3]).toBeCloseTo(normalQuantile(5 / 6), 6);
    expect(() => planLatentGrid({ values: new Float32Array(8), rows: 2, dim: 4, projection: null }, 3, { kind: 'dims', x: 2, y: 2 }, anchor, true)).toThrow(/two different/);
  });
});

describe('decodeToBytes', () => {
  it('equals 255 × sigmoid of the decoder output, rounded, in chunks, and leaks nothing', async () => {
    const model = createModel(testSpec({ kind: 'vae', latentDim: 2, hiddenUnits: 8 }));
    const points = Float32Array.from([0, 0, 1, -1, 2, 0.5]);
    await decodeToBytes(model, points, 2, 2);
    const before = tf.memory().numTensors;
    const bytes = await decodeToBytes(model, points, 2, 2);
    expect(tf.memory().numTensors).toBe(before);
    expect(bytes.length).toBe(3 * 784);
    const logits = model.decodeEmbedding(tf.tensor2d(points, [3, 2]));
    const direct = Array.from(await logits.data(), (l) => Math.round(255 / (1 + Math.exp(-l))));
    logits.dispose();
    direct.forEach((value, i) => expect(Math.abs(bytes[i] - value)).toBeLessThanOrEqual(1));
    model.dispose();
  });
});

describe('encodeImage', () => {
  it('is the model’s code of the image (μ for a VAE), and leaks nothing', async () => {
    const model = createModel(testSpec({ kind: 'vae', latentDim: 3, hiddenUnits: 8 }));
    const image = Float32Array.from({ length: 784 }, (_, i) => (i % 7) / 6);
    await encodeImage(model, image);
    const before = tf.memory().numTensors;
    const code = await encodeImage(model, image);
    expect(tf.memory().numTensors).toBe(before);
    const { points, logVar } = model.embed(tf.tensor2d(image, [1, 784]));
    const direct = await points.data();
    tf.dispose([points, logVar as tf.Tensor]);
    expect(code).toHaveLength(3);
    code.forEach((value, i) => expect(value).toBeCloseTo(direct[i], 6));
    model.dispose();
  });
});

describe('gridFractions', () => {
  it('puts each tile’s own point at its centre, ((c + ½)/n, (r + ½)/n), at the prior’s quantiles and over the codes’ range', () => {
    const codes = { values: Float32Array.from([-3, 1, 5, 2, 0, -4]), rows: 3, dim: 2, projection: null };
    for (const hasPrior of [true, false]) {
      const plan = planLatentGrid(codes, 4, { kind: 'pca' }, Float32Array.from([0, 0]), hasPrior);
      const x = Float32Array.from({ length: 16 }, (_, k) => plan.points[2 * k]);
      const y = Float32Array.from({ length: 16 }, (_, k) => plan.points[2 * k + 1]);
      const fractions = gridFractions(plan, x, y);
      for (let k = 0; k < 16; k++) {
        const [row, column] = [Math.floor(k / 4), k % 4];
        expect(fractions[2 * k]).toBeCloseTo((column + 0.5) / 4, 5);
        expect(fractions[2 * k + 1]).toBeCloseTo((row + 0.5) / 4, 5);
      }
    }
  });

  it('at the prior’s quantiles, z = 0 is the middle and z = Φ⁻¹(0.9) is 90% across (10% from the top)', () => {
    const plan = { xs: Float32Array.from([-1, 0, 1]), ys: Float32Array.from([-1, 0, 1]), coverage: 'prior' as const };
    const fractions = gridFractions(plan, [0, normalQuantile(0.9)], [0, normalQuantile(0.9)]);
    expect(Array.from(fractions).map((v) => Number(v.toFixed(6)))).toEqual([0.5, 0.5, 0.9, 0.1]);
  });
});
