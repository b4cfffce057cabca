import * as tf from '@tensorflow/tfjs-core';
import { iwaeLogPx } from '../ml/analysis/iwae';
import type { ImageSet } from '../ml/data/dataset';
import { IMAGE_PIXELS } from '../ml/data/geometry';
import { hasKl } from '../ml/models/family';
import type { LatentModel } from '../ml/models/types';
import { measureCodeUsage } from '../ml/training/codeUsage';
import type { CorruptionSettings } from '../ml/training/corruption';
import { evaluateTestSet } from '../ml/training/evaluate';

export interface EpochEvaluation {
  /** DAE / MAE are scored on corrupted inputs, as they train. */
  corruption: CorruptionSettings;
  /** Seeds ε, the corruption and the IWAE draws. */
  seed: number;
  /** The first this many test images (0 = all). */
  images: number;
  /** IWAE samples per image for test_nll_iwae (VAE only); 0 = off. */
  iwaeSamples: number;
}

/** The test images the evaluation uses, as [n, 784] floats in [0, 1] (caller disposes). */
function testImages(test: ImageSet, count: number): tf.Tensor2D {
  return tf.tidy(() => tf.div(tf.tensor2d(test.images.subarray(0, count * IMAGE_PIXELS), [count, IMAGE_PIXELS], 'float32'), 255));
}

/**
 * An epoch line's test values over the first `images` test images: each term (`test_rec`, `test_kl` … nats per
 * image), `test_neg_elbo` (VAE: rec + KL, one ε per image), `test_nll_iwae` (VAE with iwaeSamples = K: −mean log p̂(x),
 * the IWAE-K estimate in nats, ≤ −ELBO in expectation, equal to it at K = 1), `test_bits_per_dim` and, for a
 * VQ-VAE, codes used and perplexity. Values rounded to 3 decimals.
 */
export async function evaluateEpoch(model: LatentModel, test: ImageSet, options: EpochEvaluation): Promise<Record<string, number>> {
  const count = options.images > 0 ? Math.min(options.images, test.count) : test.count;
  const scores = await evaluateTestSet(model, test.images, count, { corruption: options.corruption, seed: options.seed });
  const { terms } = scores;
  const line: Record<string, number> = {};
  for (const [name, value] of Object.entries(terms)) line[`test_${name}`] = round(value);
  if (hasKl(model.spec.kind)) line.test_neg_elbo = round((terms.rec ?? 0) + (terms.kl ?? 0));
  if (options.iwaeSamples > 0) {
    if (model.spec.kind !== 'vae') throw new Error(`--iwae needs a VAE, not a ${model.spec.kind}`);
    const images = testImages(test, count);
    const logPx = await iwaeLogPx(model, images, options.iwaeSamples, options.seed);
    images.dispose();
    line.test_nll_iwae = round(-logPx.reduce((sum, value) => sum + value, 0) / count);
  }
  line.test_bits_per_dim = round(scores.bitsPerDim);
  const codeUsage = await measureCodeUsage(model, test.images, count);
  if (codeUsage) {
    line.test_codes_used = codeUsage.codesUsed;
    line.test_perplexity = round(codeUsage.perplexity);
  }
  return line;
}

export function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
