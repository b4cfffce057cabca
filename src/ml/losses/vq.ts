import * as tf from '@tensorflow/tfjs-core';
import type { CodeUsage } from '../models/types';

/*
 * Vector quantization (van den Oord et al. 2017, "Neural Discrete Representation Learning").
 * Gradients are hand-written with tf.customGrad so every backward op has a wasm kernel and no matMul
 * uses a transpose flag (tfjs-wasm runs those ~10× slower than transpose + matMul).
 */

type CustomGradArgs = Array<tf.Tensor | tf.GradSaveFunc>;

const stopGradientOp = tf.customGrad((...args: CustomGradArgs) => ({
  value: tf.clone(args[0] as tf.Tensor),
  gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy),
}));

/** sg[x]: identity forward, zero gradient (tfjs has no stop_gradient) → same shape (caller disposes). */
export function stopGradient<T extends tf.Tensor>(x: T): T {
  return stopGradientOp(x) as T;
}

/*
 * Index of the nearest code per row. Runs inside a customGrad: its forward ops stay off the gradient tape
 * (the distance matrix is never differentiated), and the returned gradient is zero for both inputs.
 */
const nearestCodesOp = tf.customGrad((...args: CustomGradArgs) => {
  const [vectors, codebook] = args as tf.Tensor[];
  const value = tf.tidy(() => {
    const codeNorms = tf.sum(tf.square(codebook), 1);
    const dots = tf.matMul(vectors as tf.Tensor2D, tf.transpose(codebook as tf.Tensor2D));
    return tf.argMin(tf.sub(codeNorms, tf.mul(2, dots)), 1);
  });
  return { value, gradFunc: () => [tf.zeros(vectors.shape), tf.zeros(codebook.shape)] };
});

/**
 * argmin_k ‖v − e_k‖² per row: vectors [m, D], codebook [K, D] → int32 [m] (caller disposes).
 * Minimizes ‖e_k‖² − 2 v·e_k (‖v‖² is the same for every k, so it is left out). Ties go to the lowest
 * index (tfjs argMin keeps the first minimum). No gradient flows through the indices.
 */
export function nearestCodes(vectors: tf.Tensor2D, codebook: tf.Tensor2D): tf.Tensor1D {
  return nearestCodesOp(vectors, codebook) as tf.Tensor1D;
}

/*
 * Rows of the codebook, codebook [K, D] and indices [m] → [m, D]. tf.gather's own gradient needs the
 * UnsortedSegmentSum kernel, which tfjs-backend-wasm lacks; one-hot(indices)ᵀ · dy is the same sum.
 */
const gatherCodesOp = tf.customGrad((...args: CustomGradArgs) => {
  const [codebook, indices] = args as tf.Tensor[];
  (args[2] as tf.GradSaveFunc)([indices]);
  return {
    value: tf.gather(codebook, indices),
    gradFunc: (dy: tf.Tensor, [saved]: tf.Tensor[]) => [
      tf.matMul(tf.transpose(tf.oneHot(saved as tf.Tensor1D, codebook.shape[0])), dy as tf.Tensor2D),
      tf.zeros(saved.shape),
    ],
  };
});

/** z_q = codebook[indices] → [m, D]; gradient reaches the codebook rows that were used (caller disposes). */
export function gatherCodes(codebook: tf.Tensor2D, indices: tf.Tensor1D): tf.Tensor2D {
  return gatherCodesOp(codebook, indices) as tf.Tensor2D;
}

/** Nearest-code quantization of vectors [m, D] with codebook [K, D] (caller disposes both tensors). */
export function quantize(vectors: tf.Tensor2D, codebook: tf.Tensor2D): { quantized: tf.Tensor2D; indices: tf.Tensor1D } {
  return tf.tidy(() => {
    const indices = nearestCodes(vectors, codebook);
    return { quantized: gatherCodes(codebook, indices), indices };
  });
}

const straightThroughOp = tf.customGrad((...args: CustomGradArgs) => ({
  value: tf.clone(args[1] as tf.Tensor),
  gradFunc: (dy: tf.Tensor) => [tf.clone(dy), tf.zerosLike(dy)],
}));

/**
 * ze + sg[zq − ze]: the value of zq, the gradient of ze (the decoder's gradient is copied to the encoder).
 * Written as one customGrad so the forward value is exactly zq, not ze + (zq − ze) rounded → [m, D]
 * (caller disposes).
 */
export function straightThrough(ze: tf.Tensor2D, zq: tf.Tensor2D): tf.Tensor2D {
  return straightThroughOp(ze, zq) as tf.Tensor2D;
}

/** The two VQ loss terms, per image like the reconstruction NLL (caller disposes both). */
export type VqTerms = {
  /** ‖sg[z_e] − e‖²: moves the chosen codes toward the encoder outputs; reaches only the codebook. */
  codebook: tf.Scalar;
  /** ‖z_e − sg[e]‖²: keeps the encoder near its codes; reaches only the encoder (β_c is the trainer's). */
  commitment: tf.Scalar;
};

/**
 * ze, zq [m, D] with m = images · positionsPerImage, rows of one image consecutive. Each term is summed
 * over positions and D per image, then averaged over images.
 */
export function vqTerms(ze: tf.Tensor2D, zq: tf.Tensor2D, positionsPerImage: number): VqTerms {
  const rows = ze.shape[0];
  if (rows % positionsPerImage !== 0) throw new Error(`vqTerms: ${rows} rows are not whole images of ${positionsPerImage}`);
  const images = rows / positionsPerImage;
  return tf.tidy(() => ({
    codebook: tf.div(tf.sum(tf.squaredDifference(stopGradient(ze), zq)), images) as tf.Scalar,
    commitment: tf.div(tf.sum(tf.squaredDifference(ze, stopGradient(zq))), images) as tf.Scalar,
  }));
}

/** Codes used and perplexity from per-code assignment counts (counts copied into a Float32Array). */
export function codeUsageFromCounts(counts: ArrayLike<number>): CodeUsage {
  const copy = Float32Array.from(counts);
  return { counts: copy, codesUsed: copy.filter((count) => count > 0).length, perplexity: perplexity(copy) };
}

/** exp(−Σ p log p), 0 log 0 = 0: the effective number of codes in use. Normalizes `usage` first; 0 if it is all zero. */
export function perplexity(usage: Float32Array): number {
  const total = usage.reduce((sum, share) => sum + share, 0);
  if (total <= 0) return 0;
  let entropy = 0;
  for (const share of usage) {
    const p = share / total;
    if (p > 0) entropy -= p * Math.log(p);
  }
  return Math.exp(entropy);
}
