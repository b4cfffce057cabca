import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Autoencoder } from './ae';
import { bruteForceLogZ, softplus } from '../losses/testing';
import { adamStep, batchOf, testSpec } from './testing';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const images = (n: number, seed: number) => tf.randomUniform([n, 784], 0, 1, 'float32', seed) as tf.Tensor2D;

describe.each(['mlp', 'conv'] as const)('Autoencoder (%s)', (network) => {
  it('embeds to [n, latentDim], decodes and samples to [n, 784], one rec term', () => {
    const model = new Autoencoder({ ...testSpec({ network }), kind: 'ae' });
    const x = images(4, 1);
    const { points, logVar } = model.embed(x);
    const decoded = model.decodeEmbedding(points);
    const samples = model.sample(5, 2);
    const terms = model.lossTerms(batchOf(x));
    expect(model.termNames).toEqual(['rec']);
    expect(model.embedDim).toBe(3);
    expect(points.shape).toEqual([4, 3]);
    expect(logVar).toBeUndefined();
    expect(decoded.shape).toEqual([4, 784]);
    expect(samples.shape).toEqual([5, 784]);
    expect(terms.map((t) => t.shape)).toEqual([[]]);
    tf.dispose([x, points, decoded, samples, ...terms]);
    model.dispose();
  });

  it('leaks nothing in any method, in a training step after warm-up, or after dispose', () => {
    const start = tf.memory().numTensors;
    const model = new Autoencoder({ ...testSpec({ network, seed: 4 }), kind: 'dae' });
    const x = images(2, 3);
    const optimizer = tf.train.adam(1e-3);
    tf.dispose(adamStep(model, optimizer, x, x, 0));
    const before = tf.memory().numTensors;
    tf.dispose(adamStep(model, optimizer, x, x, 1));
    const embedding = model.embed(x);
    tf.dispose([embedding.points, model.decodeEmbedding(embedding.points), model.sample(2, 3), ...model.lossTerms(batchOf(x))]);
    expect(tf.memory().numTensors).toBe(before);
    optimizer.dispose();
    model.dispose();
    x.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });
});

describe('Autoencoder', () => {
  it('rec is the mean Bernoulli NLL of decode(encode(input)) against the clean target, worked in plain JS', () => {
    const model = new Autoencoder({ ...testSpec({ seed: 7 }), kind: 'mae' });
    const input = images(3, 5);
    const target = tf.cast(tf.greater(images(3, 6), 0.5), 'float32') as tf.Tensor2D;
    const logits = model.decodeEmbedding(model.embed(input).points).dataSync();
    const x = target.dataSync();
    let total = 0;
    logits.forEach((l, i) => {
      const p = 1 / (1 + Math.exp(-l));
      total -= x[i] * Math.log(p) + (1 - x[i]) * Math.log(1 - p);
    });
    const [rec] = model.lossTerms(batchOf(target, input));
    expect(rec.dataSync()[0]).toBeCloseTo(total / 3, 2);
    model.dispose();
  });

  it('uses the Gaussian likelihood when asked: rec ≥ 784·½ log(2πσ²) and differs from Bernoulli', () => {
    const variance = 0.1;
    const gaussian = new Autoencoder({ ...testSpec({ likelihood: { kind: 'gaussian', variance } }), kind: 'ae' });
    const bernoulli = new Autoencoder({ ...testSpec({}), kind: 'ae' });
    const x = images(2, 8);
    const [recGaussian] = gaussian.lossTerms(batchOf(x));
    const [recBernoulli] = bernoulli.lossTerms(batchOf(x));
    const constant = 784 * 0.5 * Math.log(2 * Math.PI * variance);
    expect(recGaussian.dataSync()[0]).toBeGreaterThan(constant);
    expect(recGaussian.dataSync()[0]).not.toBeCloseTo(recBernoulli.dataSync()[0], 0);
    gaussian.dispose();
    bernoulli.dispose();
  });

  it('supports an over-complete code (latentDim 1024 > 784)', () => {
    const model = new Autoencoder({ ...testSpec({ latentDim: 1024 }), kind: 'ae' });
    const x = images(2, 9);
    const { points } = model.embed(x);
    expect(points.shape).toEqual([2, 1024]);
    expect(model.decodeEmbedding(points).shape).toEqual([2, 784]);
    model.dispose();
  });

  it('samples are reproducible by seed and differ across seeds', () => {
    const model = new Autoencoder({ ...testSpec({}), kind: 'ae' });
    const [a, b, c] = [model.sample(2, 5), model.sample(2, 5), model.sample(2, 6)];
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    expect(Array.from(a.dataSync())).not.toEqual(Array.from(c.dataSync()));
    model.dispose();
  });

  it('a few hundred Adam steps on a tiny synthetic dataset lower rec tenfold', () => {
    // 16 binary "digits": random rectangles, so the data has structure a 4-d code can capture.
    const rows: number[] = [];
    for (let k = 0; k < 16; k++) {
      const [top, left, height, width] = [k % 4, Math.floor(k / 4), 10 + (k % 3) * 3, 8 + (k % 5) * 2];
      for (let p = 0; p < 784; p++) {
        const [y, x] = [Math.floor(p / 28), p % 28];
        rows.push(y >= 4 * top && y < 4 * top + height && x >= 4 * left && x < 4 * left + width ? 1 : 0);
      }
    }
    const data = tf.tensor2d(rows, [16, 784]);
    const model = new Autoencoder({ ...testSpec({ latentDim: 4, hiddenUnits: 16, seed: 11 }), kind: 'ae' });
    const optimizer = tf.train.adam(1e-2);
    const recOf = () => tf.tidy(() => model.lossTerms(batchOf(data))[0].dataSync()[0]);
    const initial = recOf();
    for (let step = 0; step < 200; step++) tf.dispose(adamStep(model, optimizer, data, data, step));
    const final = recOf();
    expect(initial).toBeGreaterThan(400);
    expect(final).toBeLessThan(initial / 10);
    optimizer.dispose();
    model.dispose();
    data.dispose();
  });
});

/** One image with a known mask: the left half of the image hidden, pixel values uniform in [0, 1]. */
function maskedExample(seed: number) {
  const target = images(1, seed);
  const hidden = tf.tensor2d(Array.from({ length: 784 }, (_, p) => (p % 28 < 14 ? 1 : 0)), [1, 784]);
  const input = tf.mul(target, tf.sub(1, hidden)) as tf.Tensor2D;
  return { target, hidden, input };
}

/** `x` with pixel `pixel` set to `value` (a new tensor). */
function withPixel(x: tf.Tensor2D, pixel: number, value: number): tf.Tensor2D {
  const values = Float32Array.from(x.dataSync());
  values[pixel] = value;
  return tf.tensor2d(values, x.shape);
}

describe.each(['mlp', 'conv'] as const)('Masked autoencoder (%s)', (network) => {
  const maeSpec = (seed: number) => ({ ...testSpec({ network, seed }), kind: 'mae' as const });
  const [HIDDEN_PIXEL, VISIBLE_PIXEL] = [10 * 28 + 3, 10 * 28 + 20];

  it('scores rec on hidden pixels only: a visible pixel of the target does not matter, a hidden one does', () => {
    const model = new Autoencoder(maeSpec(21));
    const { target, hidden, input } = maskedExample(22);
    const rec = (t: tf.Tensor2D) => model.lossTerms({ input, target: t, hidden })[0].dataSync()[0];
    const base = rec(target);
    expect(rec(withPixel(target, VISIBLE_PIXEL, 1 - target.dataSync()[VISIBLE_PIXEL]))).toBe(base);
    // BCE is max(l, 0) − l·x + log(1 + e^−|l|): moving x by Δ moves it by −l·Δ.
    const logit = model.decodeEmbedding(model.embed(input, hidden).points).dataSync()[HIDDEN_PIXEL];
    const change = 0.9 - target.dataSync()[HIDDEN_PIXEL];
    expect(Math.abs(logit * change)).toBeGreaterThan(1e-3);
    expect(rec(withPixel(target, HIDDEN_PIXEL, 0.9)) - base).toBeCloseTo(-logit * change, 3);
    model.dispose();
  });

  it('rec is the Bernoulli NLL summed over the hidden pixels of decode(encode(input, mask)), worked in plain JS', () => {
    const model = new Autoencoder(maeSpec(23));
    const { target, hidden, input } = maskedExample(24);
    const logits = model.decodeEmbedding(model.embed(input, hidden).points).dataSync();
    const [x, mask] = [target.dataSync(), hidden.dataSync()];
    let expected = 0;
    logits.forEach((l, i) => {
      const p = 1 / (1 + Math.exp(-l));
      if (mask[i] === 1) expected -= x[i] * Math.log(p) + (1 - x[i]) * Math.log(1 - p);
    });
    expect(model.lossTerms({ input, target, hidden })[0].dataSync()[0]).toBeCloseTo(expected, 2);
    model.dispose();
  });

  it('the encoder tells a hidden pixel from a visible black one (the mask reaches it)', () => {
    const model = new Autoencoder(maeSpec(25));
    const { hidden, input } = maskedExample(26);
    const dark = withPixel(input, VISIBLE_PIXEL, 0);
    const alsoHidden = withPixel(hidden, VISIBLE_PIXEL, 1);
    const asDark = model.embed(dark, hidden).points.dataSync();
    const asHidden = model.embed(dark, alsoHidden).points.dataSync();
    expect(Math.max(...asDark.map((v, i) => Math.abs(v - asHidden[i])))).toBeGreaterThan(1e-4);
    // The conv encoder passes a gradient back to its input planes; the MLP's first layer, fed data, computes none.
    if (network === 'conv') {
      const gradient = tf.grad((mask: tf.Tensor) => tf.sum(model.embed(dark, mask as tf.Tensor2D).points))(hidden);
      expect(tf.max(tf.abs(gradient)).dataSync()[0]).toBeGreaterThan(0);
    }
    model.dispose();
  });

  it('embeds without a mask as all visible, with the documented shapes, and leaks nothing after a warm-up step', () => {
    const model = new Autoencoder(maeSpec(27));
    const { target, hidden, input } = maskedExample(28);
    expect(Array.from(model.embed(target).points.dataSync())).toEqual(Array.from(model.embed(target, tf.zerosLike(target)).points.dataSync()));
    const optimizer = tf.train.adam(1e-3);
    tf.dispose(adamStep(model, optimizer, input, target, 0, hidden));
    const before = tf.memory().numTensors;
    tf.dispose(adamStep(model, optimizer, input, target, 1, hidden));
    const { points } = model.embed(input, hidden);
    const { terms, discretisedNll } = model.evaluationTerms({ input, target, hidden });
    expect(points.shape).toEqual([1, 3]);
    expect([...terms, discretisedNll].map((t) => t.shape)).toEqual([[], []]);
    tf.dispose([points, ...terms, discretisedNll]);
    expect(tf.memory().numTensors).toBe(before);
    optimizer.dispose();
    model.dispose();
  });
});

describe('Autoencoder evaluationTerms', () => {
  it('repeats lossTerms and adds ln 256 per scored pixel to a Gaussian rec (784, or the MAE hidden count)', () => {
    const likelihood = { kind: 'gaussian' as const, variance: 0.05 };
    const ae = new Autoencoder({ ...testSpec({ likelihood, seed: 31 }), kind: 'ae' });
    const mae = new Autoencoder({ ...testSpec({ likelihood, seed: 32 }), kind: 'mae' });
    const { target, hidden, input } = maskedExample(33);
    for (const [model, batch, scored] of [[ae, batchOf(target), 784], [mae, { input, target, hidden }, 392]] as const) {
      const [rec] = model.lossTerms(batch);
      const { terms, discretisedNll } = model.evaluationTerms(batch);
      expect(terms[0].dataSync()[0]).toBe(rec.dataSync()[0]);
      expect(discretisedNll.dataSync()[0]).toBeCloseTo(rec.dataSync()[0] + scored * Math.log(256), 2);
    }
    ae.dispose();
    mae.dispose();
  });

  it('Bernoulli: the discretised NLL is Σ [BCE + log Z] over the scored pixels, worked in float64 with Z summed over the 256 levels', () => {
    const ae = new Autoencoder({ ...testSpec({ seed: 34 }), kind: 'ae' });
    const mae = new Autoencoder({ ...testSpec({ seed: 35 }), kind: 'mae' });
    const { target, hidden, input } = maskedExample(36);
    for (const [model, batch] of [[ae, batchOf(target)], [mae, { input, target, hidden }]] as const) {
      const logits = model.decodeEmbedding(model.embed(batch.input, batch.hidden).points).dataSync();
      const x = target.dataSync();
      const scored = batch.hidden?.dataSync() ?? new Float32Array(784).fill(1);
      let expected = 0;
      for (let p = 0; p < 784; p++) if (scored[p] === 1) expected += softplus(logits[p]) - logits[p] * x[p] + bruteForceLogZ(logits[p]);
      const { terms, discretisedNll } = model.evaluationTerms(batch);
      expect(Math.abs(discretisedNll.dataSync()[0] - expected)).toBeLessThan(1e-5 * expected);
      tf.dispose([...terms, discretisedNll]);
    }
    ae.dispose();
    mae.dispose();
  });
});
