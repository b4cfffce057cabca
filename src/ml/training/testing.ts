import { mulberry32 } from '../math/random';
import type { BatchSource, TrainingSettings } from './trainer';

/** A few hundred synthetic "digits" as bytes: each of 4 classes lights a different quarter of the image. */
export function tinyDataset(count: number): Uint8Array {
  const uniform = mulberry32(11);
  const images = new Uint8Array(count * 784);
  for (let n = 0; n < count; n++) {
    const quarter = n % 4;
    for (let p = 0; p < 784; p++) {
      const inQuarter = Math.floor((p % 28) / 14) + 2 * Math.floor(p / 392) === quarter;
      images[n * 784 + p] = inQuarter && uniform() < 0.8 ? 255 : 0;
    }
  }
  return images;
}

/** Cycles through `count` images of `images` in order, as [0, 1] values. */
export function batchesFrom(images: Uint8Array, count: number): BatchSource {
  let cursor = 0;
  return (batchSize: number) => {
    const out = new Float32Array(batchSize * 784);
    for (let b = 0; b < batchSize; b++, cursor = (cursor + 1) % count) {
      for (let p = 0; p < 784; p++) out[b * 784 + p] = images[cursor * 784 + p] / 255;
    }
    return out;
  };
}

/** Settings for small test runs; override what the test is about. */
export const TEST_SETTINGS: TrainingSettings = {
  beta: 1,
  learningRate: 3e-3,
  batchSize: 32,
  betaSchedule: { kind: 'constant' },
  lossPreset: 'both',
  commitmentWeight: 0.25,
  corruption: { noiseStd: 0.3, blur: false, maskRatio: 0.5, patchSize: 4 },
  restartDeadCodes: true,
};

/** Adam's hyperparameters for the optimiser tests (a learning rate large enough that steps are visible). */
export const ADAM_TEST_HYPER = { learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } as const;

/**
 * PyTorch's arrangement of one Adam step t on one weight, in float64 (independent of the code under test):
 * denom = √v' / √(1−β2^t) + ε; w' = w − lr / (1−β1^t) · m' / denom.
 */
export function adamReferenceStep(w: number, g: number, m: number, v: number, t: number) {
  const { learningRate, beta1, beta2, epsilon } = ADAM_TEST_HYPER;
  const m1 = beta1 * m + (1 - beta1) * g;
  const v1 = beta2 * v + (1 - beta2) * g * g;
  const denom = Math.sqrt(v1) / Math.sqrt(1 - beta2 ** t) + epsilon;
  return { w: w - (learningRate / (1 - beta1 ** t)) * (m1 / denom), m: m1, v: v1 };
}
