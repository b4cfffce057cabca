/**
 * Input corruption for the denoising (DAE) and masked (MAE) autoencoders. Only the encoder's input is
 * corrupted; the reconstruction target stays the clean image. Everything here is data preparation (no
 * gradients flow through it) and uses ops that exist on the wasm, cpu and webgl backends.
 */
import * as tf from '@tensorflow/tfjs-core';
import { mulberry32, standardNormals } from '../math/random';
import type { ModelKind } from '../models/types';

/** How the DAE / MAE input is damaged. */
export interface CorruptionSettings {
  /** DAE: standard deviation of the additive Gaussian pixel noise (pixels live in [0, 1]). */
  noiseStd: number;
  /** DAE: blur the image with a 3×3 binomial kernel before adding noise. */
  blur: boolean;
  /** MAE: share of patches hidden per image, in [0, 1). */
  maskRatio: number;
  /** MAE: side of the square patches in pixels; must divide the image side (28: 2, 4, 7 …). */
  patchSize: number;
}

/** Side of the square images held as rows of `x` → 28 for [n, 784]. */
function imageSide(x: tf.Tensor2D): number {
  const side = Math.round(Math.sqrt(x.shape[1]));
  if (side * side !== x.shape[1]) {
    throw new Error(`corruption expects rows of square images, but a row has ${x.shape[1]} pixels`);
  }
  return side;
}

/**
 * x + std·ε with ε ~ N(0, I) drawn from `seed`, clipped to [0, 1] so the result stays a valid image
 * (and Bernoulli target) → [n, 784] (caller disposes). Clipping shrinks the noise's spread for large std.
 */
export function addGaussianNoise(x: tf.Tensor2D, std: number, seed: number): tf.Tensor2D {
  if (!Number.isFinite(std) || std < 0) throw new Error(`noise std must be a finite number ≥ 0, got ${std}`);
  const [rows, cols] = x.shape;
  const epsilon = standardNormals(rows * cols, mulberry32(seed));
  return tf.tidy(() => tf.clipByValue(tf.add(x, tf.mul(tf.tensor2d(epsilon, [rows, cols]), std)), 0, 1));
}

/** One-dimensional weights of the separable blur kernel [1, 2, 1]ᵀ[1, 2, 1] / 16. */
const BLUR_TAPS = [0.25, 0.5, 0.25];

/** Weighted sum of the three neighbours along `axis` (1: rows, 2: columns) with zero padding → same shape. */
function blurAlong(images: tf.Tensor3D, axis: 1 | 2): tf.Tensor3D {
  const [n, height, width] = images.shape;
  const padding: [number, number][] = axis === 1 ? [[0, 0], [1, 1], [0, 0]] : [[0, 0], [0, 0], [1, 1]];
  const padded = tf.pad(images, padding);
  const shifted = BLUR_TAPS.map((weight, offset) => {
    const begin: [number, number, number] = axis === 1 ? [0, offset, 0] : [0, 0, offset];
    return tf.mul(tf.slice(padded, begin, [n, height, width]), weight);
  });
  return tf.addN(shifted) as tf.Tensor3D;
}

/**
 * Each image convolved with the fixed kernel [1, 2, 1]ᵀ[1, 2, 1] / 16, 'same' size with zero padding,
 * as two separable passes of pad + shifted slices → [n, 784] (caller disposes).
 */
export function blur(x: tf.Tensor2D): tf.Tensor2D {
  const side = imageSide(x);
  return tf.tidy(() => {
    const images = tf.reshape(x, [x.shape[0], side, side]) as tf.Tensor3D;
    return tf.reshape(blurAlong(blurAlong(images, 1), 2), x.shape) as tf.Tensor2D;
  });
}

/** `count` distinct indices from 0 … total − 1, uniformly at random (partial Fisher–Yates). */
function choosePatches(total: number, count: number, uniform: () => number): number[] {
  const order = Array.from({ length: total }, (_, i) => i);
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(uniform() * (total - i));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order.slice(0, count);
}

/**
 * Hides exactly round(ratio · P) of each image's P non-overlapping patchSize×patchSize patches, chosen
 * uniformly without replacement per image from `seed`. masked: hidden pixels set to 0; mask: 1 where
 * hidden, 0 elsewhere; both → [n, 784] (caller disposes both).
 */
export function maskPatches(
  x: tf.Tensor2D,
  ratio: number,
  patchSize: number,
  seed: number,
): { masked: tf.Tensor2D; mask: tf.Tensor2D } {
  if (!(ratio < 1)) throw new Error('a mask ratio of 1 hides every patch: nothing is left to reconstruct from');
  if (!(ratio >= 0)) throw new Error(`the mask ratio must lie in [0, 1), got ${ratio}`);
  const side = imageSide(x);
  if (!Number.isInteger(patchSize) || patchSize < 1 || side % patchSize !== 0) {
    throw new Error(`patch size ${patchSize} must be a whole divisor of the image side ${side}`);
  }
  const patchesPerSide = side / patchSize;
  const patchCount = patchesPerSide * patchesPerSide;
  const hiddenCount = Math.round(ratio * patchCount);
  if (hiddenCount === patchCount) {
    throw new Error(
      `a mask ratio of ${ratio} rounds to all ${patchCount} patches of size ${patchSize}: nothing is left to reconstruct from`,
    );
  }
  const [rows, cols] = x.shape;
  const maskValues = new Float32Array(rows * cols);
  const uniform = mulberry32(seed);
  for (let image = 0; image < rows; image++) {
    for (const patch of choosePatches(patchCount, hiddenCount, uniform)) {
      const top = Math.floor(patch / patchesPerSide) * patchSize;
      const left = (patch % patchesPerSide) * patchSize;
      for (let r = top; r < top + patchSize; r++) {
        maskValues.fill(1, image * cols + r * side + left, image * cols + r * side + left + patchSize);
      }
    }
  }
  const mask = tf.tensor2d(maskValues, [rows, cols]);
  const masked = tf.tidy(() => tf.mul(x, tf.sub(1, mask)) as tf.Tensor2D);
  return { masked, mask };
}

/** What the encoder sees for a batch, and (MAE only) which pixels were hidden; the caller disposes both. */
export interface EncoderInput {
  /** [n, 784]: a copy of the clean batch, or its corrupted version for DAE / MAE. */
  input: tf.Tensor2D;
  /** MAE: 1 where a pixel is hidden, 0 where visible → [n, 784]; null for every other model. */
  hidden: tf.Tensor2D | null;
}

/**
 * What the encoder of a `kind` model sees for the clean batch x (new tensors, caller disposes). dae: blur
 * (if asked), then Gaussian noise; mae: patches hidden, with the mask; other kinds: a copy of x.
 */
export function corruptInput(kind: ModelKind, x: tf.Tensor2D, settings: CorruptionSettings, seed: number): EncoderInput {
  switch (kind) {
    case 'dae': {
      if (!settings.blur) return { input: addGaussianNoise(x, settings.noiseStd, seed), hidden: null };
      const blurred = blur(x);
      const noisy = addGaussianNoise(blurred, settings.noiseStd, seed);
      blurred.dispose();
      return { input: noisy, hidden: null };
    }
    case 'mae': {
      const { masked, mask } = maskPatches(x, settings.maskRatio, settings.patchSize, seed);
      return { input: masked, hidden: mask };
    }
    case 'ae':
    case 'vae':
    case 'vqvae':
      return { input: tf.clone(x), hidden: null };
    default: {
      const unknown: never = kind;
      throw new Error(`unknown model kind ${String(unknown)}`);
    }
  }
}
