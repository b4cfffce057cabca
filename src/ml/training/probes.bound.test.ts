/**
 * The ELBO panel's numbers against exact values for a small trained 2-D VAE, found by quadrature of its
 * decoder in plain float64 (no tfjs): log p(x) over the prior, the ELBO over q(z|x), and so the true
 * KL(q ‖ p(z|x)). The panel's ELBO matches within its Monte Carlo error; its log p̂(x) never claims more
 * than log p(x) and matches it where q is close to the posterior; its gap is never negative and never
 * exceeds the true KL beyond noise (it is a lower-bound estimate).
 */
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { barImages, bruteForceLogPx, plainLogLikelihood, trainedTinyVae } from '../analysis/vaeTesting';
import type { Vae } from '../models/vae';
import { ProbeSet } from './probes';

let vae: Vae;
const CLEAN = { noiseStd: 0, blur: false, maskRatio: 0, patchSize: 4 };
const SEEDS = [11, 12, 13, 14, 15];

beforeAll(async () => {
  await tf.setBackend('cpu');
  vae = await trainedTinyVae();
});

afterAll(() => vae.dispose());

/** E_q[log p(x|z)] under q = N(μ, diag σ²) by a midpoint rule on μ ± 7σ with n² cells. */
function expectedLogLikelihood(logLikelihood: (z1: number, z2: number) => number, mean: ArrayLike<number>, logVar: ArrayLike<number>, n = 121): number {
  const sigma = [Math.exp(0.5 * logVar[0]), Math.exp(0.5 * logVar[1])];
  const h = [(14 * sigma[0]) / n, (14 * sigma[1]) / n];
  let total = 0;
  let mass = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const u = -7 + (14 * (i + 0.5)) / n;
      const v = -7 + (14 * (j + 0.5)) / n;
      const weight = (Math.exp(-0.5 * (u * u + v * v)) / (2 * Math.PI * sigma[0] * sigma[1])) * h[0] * h[1];
      total += weight * logLikelihood(mean[0] + u * sigma[0], mean[1] + v * sigma[1]);
      mass += weight;
    }
  }
  return total / mass;
}

function meanAndError(values: number[]): [number, number] {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1);
  return [mean, Math.sqrt(variance / values.length)];
}

describe('ProbeSet digit terms against quadrature', () => {
  it('ELBO within its Monte Carlo error; log p̂(x) ≤ log p(x), and equal where q fits; the gap is in [0, true KL]', async () => {
    const images = barImages();
    const bytes = Uint8Array.from(images.flatMap((image) => Array.from(image, (v) => Math.round(v * 255))));
    let closeFits = 0;
    // Two digits whose q fits the posterior closely and two whose q is far narrower than it (a large true KL).
    for (const digit of [0, 1, 3, 5]) {
      const runs = [];
      for (const seed of SEEDS) {
        const probes = new ProbeSet({ images: bytes, probeCount: images.length, reconstructionIndices: [0], sampleCount: 1, interpolationFrames: 2, elboSamples: 512, seed });
        runs.push((await probes.views(vae, { elboIndex: digit, interpolationA: 0, interpolationB: 1 }, CLEAN)).digit);
        probes.dispose();
      }
      const { mean, logVar, kl } = runs[0];
      if (!mean || !logVar || kl === null) throw new Error('a VAE digit has μ, log σ² and a KL');
      const logLikelihood = await plainLogLikelihood(vae, images[digit]);
      const exact = bruteForceLogPx(logLikelihood, [mean[0], mean[1]], 7, 241);
      expect(exact.borderBelowTop, `digit ${digit}: the quadrature box holds the posterior's mass`).toBeLessThan(-30);
      const exactElbo = expectedLogLikelihood(logLikelihood, mean, logVar) - kl;
      const trueKl = exact.logPx - exactElbo;
      const [elbo, elboError] = meanAndError(runs.map((run) => run.elbo ?? NaN));
      const [logPx, logPxError] = meanAndError(runs.map((run) => run.logPxEstimate ?? NaN));
      const [gap, gapError] = meanAndError(runs.map((run) => (run.logPxEstimate ?? NaN) - (run.elboSameDraws ?? NaN)));
      expect(Math.abs(elbo - exactElbo), `digit ${digit}: ELBO ${elbo} vs exact ${exactElbo}`).toBeLessThan(4 * elboError + 0.02);
      expect(logPx, `digit ${digit}: log p̂(x) never above log p(x)`).toBeLessThan(exact.logPx + 4 * logPxError + 0.02);
      for (const run of runs) expect((run.logPxEstimate ?? NaN) - (run.elboSameDraws ?? NaN), `digit ${digit}: a gap is never negative`).toBeGreaterThanOrEqual(0);
      expect(gap, `digit ${digit}: the gap estimates KL(q‖p(z|x)) from below`).toBeLessThan(trueKl + 4 * gapError + 0.02);
      if (trueKl < 1) {
        closeFits++;
        expect(Math.abs(logPx - exact.logPx), `digit ${digit}: q close to the posterior (KL ${trueKl}): log p̂(x) matches`).toBeLessThan(4 * logPxError + 0.1);
        expect(Math.abs(gap - trueKl), `digit ${digit}: and so does the gap`).toBeLessThan(4 * gapError + 0.1);
      }
    }
    expect(closeFits, 'digits whose q fits the posterior well enough to compare log p̂(x) directly').toBeGreaterThanOrEqual(2);
  }, 240_000);
});
