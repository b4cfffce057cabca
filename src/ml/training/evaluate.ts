import * as tf from '@tensorflow/tfjs-core';
import { bitsPerDim } from '../losses/discretised';
import type { LatentModel, TermName } from '../models/types';
import { corruptInput, type CorruptionSettings } from './corruption';

/** Each of the model's terms averaged over the test images (nats per image for rec and KL). */
export type TestTerms = Partial<Record<TermName, number>>;

/** A model's test-set scores, each averaged over the images. */
export interface TestScores {
  terms: TestTerms;
  /** The 8-bit discretised NLL in nats per image (see EvaluationTerms.discretisedNll for what each model adds). */
  discretisedNll: number;
  /** Pixels per image that rec and the discretised NLL score: 784, or the MAE's hidden pixels (mean per image). */
  scoredPixels: number;
  /** discretisedNll / (scoredPixels · ln 2). */
  bitsPerDim: number;
}

export interface EvaluateOptions {
  /** DAE / MAE are scored on corrupted inputs, as they are trained. */
  corruption: CorruptionSettings;
  batchSize?: number;
  seed?: number;
  /** Called between batches so a worker can answer messages during a long evaluation. */
  yieldBetweenBatches?: () => Promise<void>;
}

/** The model's scores over `count` images (bytes, count × 784), one draw of ε per image, read once per batch. */
export async function evaluateTestSet(model: LatentModel, images: Uint8Array, count: number, options: EvaluateOptions): Promise<TestScores> {
  const { batchSize = 500, seed = 1, yieldBetweenBatches, corruption } = options;
  const pixels = model.inputSize;
  const termCount = model.termNames.length;
  const sums = new Float64Array(termCount + 2);
  for (let start = 0, batch = 0; start < count; start += batchSize, batch++) {
    const rows = Math.min(batchSize, count - start);
    const batchSums = tf.tidy(() => {
      const target = tf.div(tf.tensor2d(images.subarray(start * pixels, (start + rows) * pixels), [rows, pixels], 'float32'), 255) as tf.Tensor2D;
      const { input, hidden } = corruptInput(model.spec.kind, target, corruption, seed * 7919 + batch);
      const { terms, discretisedNll } = model.evaluationTerms({ input, target, hidden }, seed * 104729 + batch);
      const scored = hidden ? tf.div(tf.sum(hidden), rows) : tf.scalar(pixels);
      return tf.mul(tf.stack([...terms, discretisedNll, scored]), rows);
    });
    const values = await batchSums.data();
    batchSums.dispose();
    values.forEach((value, t) => (sums[t] += value));
    if (yieldBetweenBatches) await yieldBetweenBatches();
  }
  const [discretisedNll, scoredPixels] = [sums[termCount] / count, sums[termCount + 1] / count];
  return {
    terms: Object.fromEntries(model.termNames.map((name, t) => [name, sums[t] / count])),
    discretisedNll,
    scoredPixels,
    bitsPerDim: bitsPerDim(discretisedNll, scoredPixels),
  };
}
