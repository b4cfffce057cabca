import * as tf from '@tensorflow/tfjs-core';
import { codeUsageFromCounts } from '../losses/vq';
import type { CodeUsage, LatentModel } from '../models/types';

/**
 * Nearest-code assignments of every encoder vector of `count` images (bytes, count × 784), batch by batch
 * with one read each: per-code counts, codes used and perplexity. Null for models without a codebook.
 */
export async function measureCodeUsage(model: LatentModel, images: Uint8Array, count: number, batchSize = 500): Promise<CodeUsage | null> {
  const codeCounts = model.codeCounts?.bind(model);
  if (!codeCounts) return null;
  const pixels = model.inputSize;
  let totals: Float64Array | null = null;
  for (let start = 0; start < count; start += batchSize) {
    const rows = Math.min(batchSize, count - start);
    const counts = tf.tidy(() => {
      const x = tf.div(tf.tensor2d(images.subarray(start * pixels, (start + rows) * pixels), [rows, pixels], 'float32'), 255) as tf.Tensor2D;
      return codeCounts(model.embed(x).points);
    });
    const values = await counts.data();
    counts.dispose();
    totals ??= new Float64Array(values.length);
    values.forEach((value, k) => ((totals as Float64Array)[k] += value));
  }
  return codeUsageFromCounts(totals ?? []);
}
