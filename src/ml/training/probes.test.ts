import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../math/random';
import { MlpVae } from '../models/vae';
import { ProbeSet } from './probes';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function probeImages(count: number): Uint8Array {
  const uniform = mulberry32(21);
  return Uint8Array.from({ length: count * 784 }, () => (uniform() < 0.2 ? 255 : 0));
}

function makeProbes(latentDim: number, images: Uint8Array, count: number) {
  return new ProbeSet({ images, probeCount: count, reconstructionIndices: [0, 2], latentDim, sampleCount: 3, interpolationFrames: 5, elboSamples: 64, seed: 4 });
}

describe('ProbeSet', () => {
  it('returns views of the right sizes and leaks no tensors', async () => {
    const model = new MlpVae({ inputSize: 784, hiddenUnits: 8, latentDim: 2, seed: 1 });
    const images = probeImages(6);
    const before = tf.memory().numTensors;
    const probes = makeProbes(2, images, 6);
    const views = await probes.views(model, { elboIndex: 1, interpolationA: 0, interpolationB: 5 });
    await probes.decodeInterpolation(model, { elboIndex: 1, interpolationA: 0, interpolationB: 5 }, 0.5);
    await probes.reconstruct(model, 3);
    probes.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(views.latent.projection).toBe('identity');
    expect(views.latent.x).toHaveLength(6);
    expect(views.latent.pathX).toHaveLength(5);
    expect(views.reconstructions).toHaveLength(2 * 784);
    expect(views.samples).toHaveLength(3 * 784);
    expect(views.interpolationFrames).toHaveLength(5 * 784);
    expect(views.elbo.mean).toHaveLength(2);
    model.dispose();
  });

  it('puts the path ends on μ(A) and μ(B) and matches an independent ELBO computation', async () => {
    const model = new MlpVae({ inputSize: 784, hiddenUnits: 8, latentDim: 2, seed: 2 });
    const images = probeImages(4);
    const probes = makeProbes(2, images, 4);
    const views = await probes.views(model, { elboIndex: 2, interpolationA: 1, interpolationB: 3 });
    const { latent, elbo } = views;
    expect(latent.pathX[0]).toBeCloseTo(latent.x[1], 5);
    expect(latent.pathY[4]).toBeCloseTo(latent.y[3], 5);
    const [mu0, mu1] = elbo.mean;
    const [lv0, lv1] = elbo.logVar;
    const kl = 0.5 * (mu0 ** 2 + Math.exp(lv0) - lv0 - 1 + mu1 ** 2 + Math.exp(lv1) - lv1 - 1);
    expect(elbo.kl).toBeCloseTo(kl, 4);
    expect(elbo.elbo).toBeCloseTo(elbo.recLogLik - elbo.kl, 4);
    expect(elbo.recLogLik).toBeLessThan(0);
    expect(Math.abs(elbo.logPxEstimate - elbo.elbo)).toBeLessThan(50);
    probes.dispose();
    model.dispose();
  });

  it('switches to a PCA projection for latentDim > 2 and its path stays between the endpoints', async () => {
    const model = new MlpVae({ inputSize: 784, hiddenUnits: 8, latentDim: 8, seed: 3 });
    const images = probeImages(50);
    const probes = makeProbes(8, images, 50);
    const { latent } = await probes.views(model, { elboIndex: 0, interpolationA: 4, interpolationB: 9 });
    expect(latent.projection).toBe('pca');
    expect(latent.explainedVariance[0]).toBeGreaterThanOrEqual(latent.explainedVariance[1]);
    expect(latent.explainedVariance[0] + latent.explainedVariance[1]).toBeLessThanOrEqual(1 + 1e-9);
    expect(latent.pathX[0]).toBeCloseTo(latent.x[4], 4);
    expect(latent.pathX[4]).toBeCloseTo(latent.x[9], 4);
    probes.dispose();
    model.dispose();
  });
});
