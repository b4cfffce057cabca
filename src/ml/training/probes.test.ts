import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { continuousBernoulliMean } from '../losses/continuousBernoulli';
import { likelihoodMean } from '../losses/likelihood';
import { mulberry32 } from '../math/random';
import { createModel } from '../models/createModel';
import type { ModelKind } from '../models/types';
import { corruptInput } from './corruption';
import { ProbeSet } from './probes';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function probeImages(count: number): Uint8Array {
  const uniform = mulberry32(21);
  return Uint8Array.from({ length: count * 784 }, () => (uniform() < 0.2 ? 255 : 0));
}

function makeProbes(images: Uint8Array, count: number) {
  return new ProbeSet({ images, probeCount: count, reconstructionIndices: [0, 2], sampleCount: 3, interpolationFrames: 5, elboSamples: 64, seed: 4 });
}

function model(kind: ModelKind, latentDim: number, seed: number) {
  const network = kind === 'vqvae' ? 'conv' : 'mlp';
  return createModel({ kind, network, likelihood: { kind: 'bernoulli' }, latentDim, hiddenUnits: 8, codebookSize: 6, codeDim: 3, seed });
}

const CLEAN = { noiseStd: 0, blur: false, maskRatio: 0, patchSize: 4 };

describe('ProbeSet', () => {
  it('returns views of the right sizes and leaks no tensors', async () => {
    const vae = model('vae', 2, 1);
    const images = probeImages(6);
    const before = tf.memory().numTensors;
    const probes = makeProbes(images, 6);
    const drawing = Float32Array.from(images.subarray(2 * 784, 3 * 784), (v) => v / 255);
    const drawnEverywhere = { elboIndex: 1, interpolationA: 0, interpolationB: 5, standIns: { elbo: { kind: 'drawn' as const }, interpolationB: { kind: 'drawn' as const } } };
    const views = await probes.views(vae, { elboIndex: 1, interpolationA: 0, interpolationB: 5 }, CLEAN);
    await probes.views(vae, drawnEverywhere, CLEAN, drawing);
    await probes.decodeInterpolation(vae, { elboIndex: 1, interpolationA: 0, interpolationB: 5 }, 0.5);
    await probes.decodeInterpolation(vae, drawnEverywhere, 0.5, drawing);
    await probes.imageView(vae, drawing, CLEAN);
    await probes.reconstruct(vae, 3);
    probes.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(views.latent.projection).toBe('identity');
    expect(views.latent.x).toHaveLength(6);
    // The path is drawn with 4 segments between neighbouring frames: (5 − 1)·4 + 1 points.
    expect(views.latent.pathX).toHaveLength(17);
    expect(views.reconstructions).toHaveLength(2 * 784);
    expect(views.samples).toHaveLength(3 * 784);
    expect(views.interpolationFrames).toHaveLength(5 * 784);
    expect(views.digit.mean).toHaveLength(2);
    vae.dispose();
  });

  it('puts the path ends on μ(A) and μ(B) and matches an independent ELBO computation', async () => {
    const vae = model('vae', 2, 2);
    const images = probeImages(4);
    const probes = makeProbes(images, 4);
    const views = await probes.views(vae, { elboIndex: 2, interpolationA: 1, interpolationB: 3 }, CLEAN);
    const { latent, digit } = views;
    expect(latent.pathX[0]).toBeCloseTo(latent.x[1], 5);
    expect(latent.pathY[16]).toBeCloseTo(latent.y[3], 5);
    const [mu0, mu1] = digit.mean ?? [];
    const [lv0, lv1] = digit.logVar ?? [];
    const kl = 0.5 * (mu0 ** 2 + Math.exp(lv0) - lv0 - 1 + mu1 ** 2 + Math.exp(lv1) - lv1 - 1);
    expect(digit.kl).toBeCloseTo(kl, 4);
    expect(digit.elbo).toBeCloseTo(-digit.recNll - kl, 4);
    expect(digit.recNll).toBeGreaterThan(0);
    expect(Math.abs((digit.logPxEstimate ?? NaN) - (digit.elbo ?? NaN))).toBeLessThan(50);
    expect(latent.sigmaX).toHaveLength(4);
    probes.dispose();
    vae.dispose();
  });

  it('switches to a PCA projection for latentDim > 2 and its path stays between the endpoints', async () => {
    const vae = model('vae', 8, 3);
    const images = probeImages(50);
    const probes = makeProbes(images, 50);
    const { latent } = await probes.views(vae, { elboIndex: 0, interpolationA: 4, interpolationB: 9 }, CLEAN);
    expect(latent.projection).toBe('pca');
    expect(latent.explainedVariance[0]).toBeGreaterThanOrEqual(latent.explainedVariance[1]);
    expect(latent.explainedVariance[0] + latent.explainedVariance[1]).toBeLessThanOrEqual(1 + 1e-9);
    expect(latent.pathX[0]).toBeCloseTo(latent.x[4], 4);
    expect(latent.pathX[16]).toBeCloseTo(latent.x[9], 4);
    probes.dispose();
    vae.dispose();
  });

  it('shows VQ-VAE encoder vectors with the codebook in the same coordinates, and code statistics', async () => {
    const vq = model('vqvae', 2, 5);
    const images = probeImages(12);
    const probes = makeProbes(images, 12);
    const views = await probes.views(vq, { elboIndex: 0, interpolationA: 1, interpolationB: 2 }, CLEAN);
    expect(views.latent.projection).toBe('pca');
    expect(views.latent.x).toHaveLength(12);
    expect(views.latent.codebookX).toHaveLength(6);
    expect(views.latent.pathX).toHaveLength(0);
    expect(views.digit.kl).toBeNull();
    expect(views.codebook?.usage).toHaveLength(6);
    // Assignments of the probe digits themselves: 12 images × 49 positions.
    expect(Array.from(views.codebook?.counts ?? []).reduce((a, b) => a + b, 0)).toBe(12 * 49);
    expect(views.interpolationFrames).toHaveLength(5 * 784);
    probes.dispose();
    vq.dispose();
  });

  it('encodes the masked autoencoder’s strip with its mask: hidden pixels are not read as black', async () => {
    const mae = model('mae', 2, 7);
    const images = probeImages(4);
    const probes = makeProbes(images, 4);
    const corruption = { ...CLEAN, maskRatio: 0.5 };
    const views = await probes.views(mae, { elboIndex: 0, interpolationA: 1, interpolationB: 2 }, corruption);
    const { input, hidden } = corruptInput('mae', tf.gather(tf.div(tf.tensor2d(images, [4, 784], 'float32'), 255), [0, 2]) as tf.Tensor2D, corruption, 4);
    const withMask = likelihoodMean(mae.decodeEmbedding(mae.embed(input, hidden).points), mae.spec.likelihood).dataSync();
    const asIfBlack = likelihoodMean(mae.decodeEmbedding(mae.embed(input).points), mae.spec.likelihood).dataSync();
    views.reconstructions.forEach((v, i) => expect(v).toBeCloseTo(withMask[i], 5));
    expect(views.reconstructions.some((v, i) => Math.abs(v - asIfBlack[i]) > 1e-4)).toBe(true);
    probes.dispose();
    mae.dispose();
  });

  it('shows a continuous-Bernoulli model’s mean E[x], not λ = sigmoid(logit)', async () => {
    const cb = createModel({ kind: 'ae', network: 'mlp', likelihood: { kind: 'continuousBernoulli' }, latentDim: 2, hiddenUnits: 8, codebookSize: 6, codeDim: 3, seed: 8 });
    const images = probeImages(3);
    const probes = makeProbes(images, 3);
    const shown = await probes.reconstruct(cb, 1);
    const logits = cb.decodeEmbedding(cb.embed(tf.div(tf.tensor2d(images.subarray(784, 2 * 784), [1, 784], 'float32'), 255) as tf.Tensor2D).points);
    const mean = continuousBernoulliMean(logits).dataSync();
    const lambda = tf.sigmoid(logits).dataSync();
    shown.forEach((v, i) => expect(v).toBeCloseTo(mean[i], 5));
    expect(shown.some((v, i) => Math.abs(v - lambda[i]) > 1e-3)).toBe(true);
    probes.dispose();
    cb.dispose();
  });

  it('feeds corrupted inputs to a denoising AE and reports them for the strip', async () => {
    const dae = model('dae', 2, 6);
    const images = probeImages(4);
    const probes = makeProbes(images, 4);
    const views = await probes.views(dae, { elboIndex: 0, interpolationA: 1, interpolationB: 2 }, { ...CLEAN, noiseStd: 0.5 });
    const clean = Array.from(images.subarray(0, 784), (v) => v / 255);
    const changed = clean.filter((v, i) => Math.abs(v - views.reconstructionInputs[i]) > 1e-6).length;
    expect(changed).toBeGreaterThan(300);
    expect(views.digit.logVar).toBeNull();
    probes.dispose();
    dae.dispose();
  });

  it('a drawn digit stands in as the ELBO digit and as endpoint B: drawing test digit 3 gives digit 3’s terms and code', async () => {
    const vae = model('vae', 2, 9);
    const images = probeImages(5);
    const probes = makeProbes(images, 5);
    const drawing = Float32Array.from(images.subarray(3 * 784, 4 * 784), (v) => v / 255);
    const asTestDigit = await probes.views(vae, { elboIndex: 3, interpolationA: 0, interpolationB: 3 }, CLEAN);
    const drawnIn = { elboIndex: 1, interpolationA: 0, interpolationB: 4, standIns: { elbo: { kind: 'drawn' as const }, interpolationB: { kind: 'drawn' as const } } };
    const asDrawing = await probes.views(vae, drawnIn, CLEAN, drawing);
    expect(asDrawing.digit.drawn).toBe(true);
    expect(asDrawing.digit.probeIndex).toBe(1);
    expect(asDrawing.digit.kl).toBeCloseTo(asTestDigit.digit.kl ?? NaN, 5);
    expect(asDrawing.digit.recNll).toBeCloseTo(asTestDigit.digit.recNll, 3);
    expect(asDrawing.latent.pathX[16]).toBeCloseTo(asTestDigit.latent.x[3], 5);
    asDrawing.interpolationFrames.forEach((v, i) => expect(v).toBeCloseTo(asTestDigit.interpolationFrames[i], 5));
    // Without a drawing the stand-ins have nothing to stand for: the test digits are used.
    const undrawn = await probes.views(vae, drawnIn, CLEAN, null);
    expect(undrawn.digit.drawn).toBe(false);
    expect(undrawn.latent.pathX[16]).toBeCloseTo(asTestDigit.latent.x[4], 5);
    // imageView gives the same code, terms and reconstruction for the same image.
    const view = await probes.imageView(vae, drawing, CLEAN);
    expect(view.code[0]).toBeCloseTo(asTestDigit.latent.x[3], 5);
    expect(view.terms.kl).toBeCloseTo(asTestDigit.digit.kl ?? NaN, 5);
    const reconstruction = await probes.reconstruct(vae, 3);
    view.reconstruction.forEach((v, i) => expect(v).toBeCloseTo(reconstruction[i], 5));
    probes.dispose();
    vae.dispose();
  });

  it('a pinned point stands in as endpoint A, and the slerp path keeps its frames on the circle between equal-norm ends', async () => {
    const vae = model('vae', 2, 10);
    const probes = makeProbes(probeImages(3), 3);
    const pinned = { elboIndex: 0, interpolationA: 1, interpolationB: 2, path: 'slerp' as const, standIns: { interpolationA: { kind: 'point' as const, z: [2, 0] }, interpolationB: { kind: 'point' as const, z: [0, -2] } } };
    const { latent, interpolationFrames } = await probes.views(vae, pinned, CLEAN);
    for (let k = 0; k < latent.pathX.length; k++) expect(Math.hypot(latent.pathX[k], latent.pathY[k])).toBeCloseTo(2, 4);
    expect(latent.pathX[0]).toBeCloseTo(2, 6);
    expect(latent.pathY[16]).toBeCloseTo(-2, 6);
    // Frame 2 of 5 is at −45°: decoding (√2, −√2) directly gives the same image, and so does decodeInterpolation at t = ½.
    const direct = likelihoodMean(vae.decodeEmbedding(tf.tensor2d([Math.SQRT2, -Math.SQRT2], [1, 2])), vae.spec.likelihood).dataSync();
    const atHalf = await probes.decodeInterpolation(vae, pinned, 0.5);
    for (let i = 0; i < 784; i++) {
      expect(interpolationFrames[2 * 784 + i]).toBeCloseTo(direct[i], 5);
      expect(atHalf[i]).toBeCloseTo(direct[i], 5);
    }
    probes.dispose();
    vae.dispose();
  });
});
