import * as tf from '@tensorflow/tfjs';
import type { LatentModel, TermName } from '../models/types';
import { corruptInput, type CorruptionSettings } from './corruption';

/** Each of the model's terms averaged over the test images (nats per image for rec and KL). */
export type TestTerms = Partial<Record<TermName, number>>;

export interface EvaluateOptions {
  /** DAE / MAE are scored on corrupted inputs, as they are trained. */
  corruption: CorruptionSettings;
  batchSize?: number;
  seed?: number;
  /** Called between batches so a worker can answer messages during a long evaluation. */
  yieldBetweenBatches?: () => Promise<void>;
}

/** The model's loss terms over `count` images (bytes, count × 784), one draw of ε per image, read once per batch. */
export async function evaluateTestSet(model: LatentModel, images: Uint8Array, count: number, options: EvaluateOptions): Promise<TestTerms> {
  const { batchSize = 500, seed = 1, yieldBetweenBatches, corruption } = options;
  const pixels = model.inputSize;
  const sums = new Float64Array(model.termNames.length);
  for (let start = 0, batch = 0; start < count; start += batchSize, batch++) {
    const rows = Math.min(batchSize, count - start);
    const batchSums = tf.tidy(() => {
      const target = tf.div(tf.tensor2d(images.subarray(start * pixels, (start + rows) * pixels), [rows, pixels], 'float32'), 255) as tf.Tensor2D;
      const input = corruptInput(model.spec.kind, target, corruption, seed * 7919 + batch);
      return tf.mul(tf.stack(model.lossTerms(input, target, seed * 104729 + batch)), rows);
    });
    const values = await batchSums.data();
    batchSums.dispose();
    values.forEach((value, t) => (sums[t] += value));
    if (yieldBetweenBatches) await yieldBetweenBatches();
  }
  return Object.fromEntries(model.termNames.map((name, t) => [name, sums[t] / count]));
}
