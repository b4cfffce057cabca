import * as tf from '@tensorflow/tfjs-core';
import type { CodebookUpdate, ModelSpec } from './types';
import type { VqVae } from './vqvae';

/** A small VQ-VAE spec for tests. */
export function vqSpec(codebookSize: number, codeDim: number, codebookUpdate: CodebookUpdate): ModelSpec {
  return { kind: 'vqvae', network: 'conv', likelihood: { kind: 'bernoulli' }, latentDim: 2, hiddenUnits: 32, codebookSize, codeDim, codebookUpdate, seed: 3 };
}

/** `count` 28×28 images, each one bright horizontal or vertical bar of width 4 (a tiny learnable dataset). */
export function bars(count: number): tf.Tensor2D {
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
export function encoderRows(model: VqVae, x: tf.Tensor2D): number[][] {
  return tf.tidy(() => tf.reshape(model.embed(x).points, [-1, model.spec.codeDim]).arraySync() as number[][]);
}

export function distance(a: number[], b: number[]): number {
  return a.reduce((sum, value, d) => sum + (value - b[d]) ** 2, 0);
}

/** Index of the code nearest to `row` by brute force in float64 (first of equals). */
export function nearestIndex(row: number[], codes: number[][]): number {
  return codes.reduce((best, code, k) => (distance(row, code) < distance(row, codes[best]) ? k : best), 0);
}

/** Puts code 0 at the origin and every other code far from any encoder output, so only code 0 is used (gradient codebook). */
export function onlyCodeZeroUsed(model: VqVae): void {
  const { codebookSize, codeDim } = model.spec;
  const far = Array.from({ length: codebookSize }, (_, k) => Array.from({ length: codeDim }, () => (k === 0 ? 0 : 1e3 * k)));
  model.codebookVariable.assign(tf.tensor2d(far));
}
