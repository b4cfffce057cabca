import * as tf from '@tensorflow/tfjs';
import { mulberry32, standardNormals } from '../math/random';
import type { LatentModel } from '../models/types';

/** Test-set terms, nats per image, averaged over every image (one draw of ε per image). */
export interface TestTerms {
  negElboNats: number;
  recNats: number;
  klNats: number;
}

export interface EvaluateOptions {
  batchSize?: number;
  seed?: number;
  /** Called between batches so a worker can answer messages during a long evaluation. */
  yieldBetweenBatches?: () => Promise<void>;
}

/** −ELBO = reconstruction + KL over `count` images (bytes, count × 784), read once per batch. */
export async function evaluateTestSet(model: LatentModel, images: Uint8Array, count: number, options: EvaluateOptions = {}): Promise<TestTerms> {
  const { batchSize = 500, seed = 1, yieldBetweenBatches } = options;
  const pixels = model.inputSize;
  const uniform = mulberry32(seed);
  let recSum = 0;
  let klSum = 0;
  for (let start = 0; start < count; start += batchSize) {
    const rows = Math.min(batchSize, count - start);
    const sums = tf.tidy(() => {
      const x = tf.div(tf.tensor2d(images.subarray(start * pixels, (start + rows) * pixels), [rows, pixels], 'float32'), 255) as tf.Tensor2D;
      const epsilon = tf.tensor2d(standardNormals(rows * model.latentDim, uniform), [rows, model.latentDim]);
      const { rec, kl } = model.lossTerms(x, epsilon);
      return tf.mul(tf.stack([rec, kl]), rows);
    });
    const [rec, kl] = await sums.data();
    sums.dispose();
    recSum += rec;
    klSum += kl;
    if (yieldBetweenBatches) await yieldBetweenBatches();
  }
  return { negElboNats: (recSum + klSum) / count, recNats: recSum / count, klNats: klSum / count };
}
