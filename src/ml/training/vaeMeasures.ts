/**
 * What a VAE has become, measured on a fixed set of test images: its correct ELBO terms, the KL as a mistaken
 * loss would compute it, how wide its posteriors are, and where it puts each image (for the pitfall lab and
 * the rate–distortion plane).
 */
import * as tf from '@tensorflow/tfjs-core';
import { reconstructionNllPerImage } from '../losses/likelihood';
import { klTermPerDimension, type VaePitfall } from '../losses/pitfalls';
import type { LatentModel } from '../models/types';

export interface VaeMeasures {
  /** −log p(x|z) at one z = μ + σ·ε per image, ε ~ N(0, I) seeded: mean over images, nats. */
  rec: number;
  /** KL(q ‖ N(0, I)), closed form, mean over images, nats. */
  kl: number;
  /** The KL term as `pitfall`'s formula writes it (plain numbers per dimension), mean over images, nats. */
  objectiveKl: number;
  /** exp(mean over images of log σ_j) per latent dimension j → [latentDim]. */
  sigma: Float32Array;
  /** μ of each image on latent dimensions 1 and 2 → [count] each (dimension 2 is 0 for a 1-D latent). */
  x: Float32Array;
  y: Float32Array;
}

export interface MeasureOptions {
  /** Images encoded and decoded per batch. */
  batchSize: number;
  seed: number;
  /** Awaited before each batch (a worker trains in between; hold a frozen copy of the model). */
  pace?: (rows: number) => Promise<void>;
  signal?: AbortSignal;
}

/**
 * Encodes and decodes `count` images (bytes, row-major count × 784) in batches, reading μ, log σ² and the
 * per-image reconstruction term with one `await data()` per batch. Costs `count` encoder and decoder passes.
 */
export async function measureVae(model: LatentModel, images: Uint8Array, count: number, pitfall: VaePitfall, options: MeasureOptions): Promise<VaeMeasures> {
  const { batchSize, seed, pace, signal } = options;
  const [pixels, dim] = [model.inputSize, model.embedDim];
  let [recSum, klSum, objectiveSum] = [0, 0, 0];
  const logSigmaSums = new Float64Array(dim);
  const [x, y] = [new Float32Array(count), new Float32Array(count)];
  for (let start = 0, batch = 0; start < count; start += batchSize, batch++) {
    const rows = Math.min(batchSize, count - start);
    signal?.throwIfAborted();
    await pace?.(rows);
    signal?.throwIfAborted();
    const tensors = tf.tidy(() => {
      const target = tf.div(tf.tensor2d(images.subarray(start * pixels, (start + rows) * pixels), [rows, pixels], 'float32'), 255) as tf.Tensor2D;
      const { points: mean, logVar } = model.embed(target);
      if (!logVar) throw new Error(`measureVae needs a VAE (a model whose embed returns log σ²), got '${model.spec.kind}'`);
      const z = tf.add(mean, tf.mul(tf.exp(tf.mul(0.5, logVar)), tf.randomNormal([rows, dim], 0, 1, 'float32', seed + batch))) as tf.Tensor2D;
      return { mean, logVar, rec: reconstructionNllPerImage(model.decodeEmbedding(z), target, model.spec.likelihood) };
    });
    const [mean, logVar, rec] = (await Promise.all([tensors.mean.data(), tensors.logVar.data(), tensors.rec.data()])) as Float32Array[];
    tf.dispose(tensors);
    for (let r = 0; r < rows; r++) {
      recSum += rec[r];
      for (let j = 0; j < dim; j++) {
        const [mu, lv] = [mean[r * dim + j], logVar[r * dim + j]];
        const sigma = Math.exp(0.5 * lv);
        klSum += klTermPerDimension('none', mu, sigma);
        objectiveSum += klTermPerDimension(pitfall, mu, sigma);
        logSigmaSums[j] += 0.5 * lv;
      }
      x[start + r] = mean[r * dim];
      y[start + r] = dim > 1 ? mean[r * dim + 1] : 0;
    }
  }
  return {
    rec: recSum / count,
    kl: klSum / count,
    objectiveKl: objectiveSum / count,
    sigma: Float32Array.from(logSigmaSums, (sum) => Math.exp(sum / count)),
    x,
    y,
  };
}
