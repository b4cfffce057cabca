import * as tf from '@tensorflow/tfjs-core';
import type { LatentModel, ModelBatch, ModelSpec } from './types';

/** A small spec for tests; override what the test is about. */
export function testSpec(overrides: Partial<ModelSpec>): ModelSpec {
  return {
    kind: 'ae',
    network: 'mlp',
    likelihood: { kind: 'bernoulli' },
    latentDim: 3,
    hiddenUnits: 16,
    codebookSize: 8,
    codeDim: 4,
    seed: 1,
    ...overrides,
  };
}

/** A batch whose encoder input is `input` (default: the target itself) and that hides nothing (tensors stay the caller's). */
export function batchOf(target: tf.Tensor2D, input: tf.Tensor2D = target, hidden: tf.Tensor2D | null = null): ModelBatch {
  return { input, target, hidden };
}

/** One Adam step on the sum of the model's loss terms; returns the loss (caller disposes). */
export function adamStep(model: LatentModel, optimizer: tf.Optimizer, input: tf.Tensor2D, target: tf.Tensor2D, noiseSeed: number, hidden: tf.Tensor2D | null = null): tf.Scalar {
  return optimizer.minimize(() => tf.addN(model.lossTerms(batchOf(target, input, hidden), noiseSeed)) as tf.Scalar, true, model.variables)!;
}
