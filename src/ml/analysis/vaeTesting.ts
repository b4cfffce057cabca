import * as tf from '@tensorflow/tfjs-core';
import { testSpec } from '../models/testing';
import { Vae } from '../models/vae';
import { logSumExp } from './statistics';

/*
 * Test fixture: a tiny MLP VAE (latent 2, hidden 16, Bernoulli) trained briefly on synthetic bar images, and an
 * oracle for its log p(x|z) written in plain float64 JavaScript from the model's weights (no tfjs ops).
 */

/** 8 binary 28 × 28 images: 4 horizontal and 4 vertical bars, 4 pixels thick, each row-major 784 values. */
export function barImages(): Float32Array[] {
  return Array.from({ length: 8 }, (_, k) => {
    const image = new Float32Array(784);
    const offset = 4 + 6 * (k % 4);
    for (let r = 0; r < 28; r++) for (let c = 0; c < 28; c++) {
      const along = k < 4 ? r : c;
      if (along >= offset && along < offset + 4) image[r * 28 + c] = 1;
    }
    return image;
  });
}

/** A latent-2, hidden-16 VAE after `steps` full-batch Adam steps on `barImages()` (caller disposes the model). */
export async function trainedTinyVae(steps = 300): Promise<Vae> {
  const model = new Vae({ ...testSpec({ latentDim: 2, hiddenUnits: 16, seed: 7 }), kind: 'vae' });
  const images = barImages();
  const x = tf.tensor2d(images.flatMap((image) => Array.from(image)), [images.length, 784]);
  const optimizer = tf.train.adam(1e-2);
  // Noise seeds start at 1: tfjs treats seed 0 as "unseeded" (Math.random).
  for (let step = 0; step < steps; step++) {
    optimizer.minimize(() => tf.addN(model.lossTerms({ input: x, target: x, hidden: null }, step + 1)) as tf.Scalar, false, model.variables);
  }
  optimizer.dispose();
  x.dispose();
  return model;
}

/**
 * log p(x|z) of the VAE's MLP decoder for image x, in plain float64: z → ReLU(zW₁ + b₁) → logits hW₂ + b₂, then
 * −Σ [max(l, 0) − l·x + log(1 + e^−|l|)].
 */
export async function plainLogLikelihood(model: Vae, x: Float32Array): Promise<(z1: number, z2: number) => number> {
  const [w1, b1, w2, b2] = (await Promise.all(model.variables.slice(6, 10).map((v) => v.data()))) as Float32Array[];
  const hiddenUnits = b1.length;
  const hidden = new Float64Array(hiddenUnits);
  return (z1, z2) => {
    for (let h = 0; h < hiddenUnits; h++) hidden[h] = Math.max(0, z1 * w1[h] + z2 * w1[hiddenUnits + h] + b1[h]);
    let nll = 0;
    for (let p = 0; p < 784; p++) {
      let logit = b2[p];
      for (let h = 0; h < hiddenUnits; h++) logit += hidden[h] * w2[h * 784 + p];
      nll += Math.max(logit, 0) - logit * x[p] + Math.log1p(Math.exp(-Math.abs(logit)));
    }
    return -nll;
  };
}

/**
 * Brute-force log p(x) = log ∫ p(x|z) N(z; 0, I) dz on an n × n grid over centre ± half, plus the largest log joint on
 * the border relative to the largest inside (very negative when the box holds all the mass) and where that largest is.
 */
export function bruteForceLogPx(logLikelihood: (z1: number, z2: number) => number, centre: [number, number], half: number, n: number) {
  const h = (2 * half) / (n - 1);
  const joint = new Float64Array(n * n);
  let border = -Infinity;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    const [z1, z2] = [centre[0] - half + i * h, centre[1] - half + j * h];
    joint[i * n + j] = logLikelihood(z1, z2) - 0.5 * (z1 * z1 + z2 * z2) - Math.log(2 * Math.PI);
    if (i === 0 || j === 0 || i === n - 1 || j === n - 1) border = Math.max(border, joint[i * n + j]);
  }
  const best = joint.reduce((b, v, i) => (v > joint[b] ? i : b), 0);
  const argmax: [number, number] = [centre[0] - half + Math.floor(best / n) * h, centre[1] - half + (best % n) * h];
  return { logPx: logSumExp(joint) + 2 * Math.log(h), borderBelowTop: border - joint[best], argmax };
}
