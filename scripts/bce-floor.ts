/**
 * The smallest grayscale BCE any decoder can reach on a test set: a Bernoulli "likelihood" of a grey pixel x ∈ (0, 1)
 * is at most exp(−H(x)) with H(x) = −x log x − (1 − x) log(1 − x), reached when the decoder outputs p = x. Prints
 * Σ_i H(x_i) averaged over the test images, in nats per image. Run: `npx tsx scripts/bce-floor.ts`.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { DATASET_IDS } from '../src/ml/data/datasets';
import { parseIdx } from '../src/ml/data/idx';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Σ_i H(x_i) in nats, averaged over `count` images of 784 bytes. */
export function bceFloor(images: Uint8Array, count: number): number {
  const entropy = new Float64Array(256).map((_, b) => {
    const x = b / 255;
    return x === 0 || x === 1 ? 0 : -(x * Math.log(x) + (1 - x) * Math.log(1 - x));
  });
  let total = 0;
  for (let i = 0; i < count * 784; i++) total += entropy[images[i]];
  return total / count;
}

for (const dataset of DATASET_IDS) {
  const { data, dims } = parseIdx(gunzipSync(readFileSync(join(ROOT, 'public/data', dataset, 'test-images.idx.gz'))), `${dataset} test images`);
  console.log(`${dataset}: ${bceFloor(data, dims[0]).toFixed(1)} nats per image over ${dims[0]} test images`);
}
