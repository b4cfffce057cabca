import * as tf from '@tensorflow/tfjs-core';
import { reconstructionNllPerImage } from '../losses/likelihood';
import type { LatentModel } from '../models/types';

/** Decoder evaluations per call to `logLikelihood` unless an estimator is told otherwise. */
export const DEFAULT_BATCH_SIZE = 4096;

/**
 * One digit x seen by a VAE, as the estimators need it: the encoder's q(z|x) = N(mean, diag exp(logVar)),
 * the prior p(z) = N(0, I), and the decoder's log p(x|z) for this x.
 */
export interface LatentPosteriorProblem {
  /** Latent dimension d. */
  readonly dim: number;
  /** μ of q(z|x), length d. */
  readonly mean: Float32Array;
  /** log σ² of q(z|x), length d. */
  readonly logVar: Float32Array;
  /** log p(x|z) in nats for the fixed x, one per row of z [m, d] → [m] (caller disposes); differentiable in z. */
  logLikelihood(z: tf.Tensor2D): tf.Tensor1D;
}

/** Options every estimator that evaluates the decoder takes. */
export interface DecoderBudget {
  /** Most rows of z per `logLikelihood` call (default 4,096). */
  batchSize?: number;
  /** Checked between decoder batches; aborting rejects with the signal's reason. */
  signal?: AbortSignal;
  /**
   * Awaited before each batch of `rows` decoder evaluations (forward, or forward + backward): a worker uses it to train
   * between batches. The estimators keep no tensor across it, so they are unaffected (their results do not change).
   */
  pace?: (rows: number) => Promise<void>;
}

/** Before a batch of `rows` decoder evaluations: checks the signal, awaits `pace`, and checks again. */
export async function beforeBatch(budget: DecoderBudget, rows: number): Promise<void> {
  budget.signal?.throwIfAborted();
  if (!budget.pace) return;
  await budget.pace(rows);
  budget.signal?.throwIfAborted();
}

/** The same x and decoder with another q(z|x) = N(mean, diag exp(logVar)). */
export function withVariational(problem: LatentPosteriorProblem, mean: ArrayLike<number>, logVar: ArrayLike<number>): LatentPosteriorProblem {
  if (mean.length !== problem.dim || logVar.length !== problem.dim) throw new Error(`q needs ${problem.dim} means and log-variances`);
  return { dim: problem.dim, mean: Float32Array.from(mean), logVar: Float32Array.from(logVar), logLikelihood: (z) => problem.logLikelihood(z) };
}

/**
 * The problem of one digit `x` (784 pixels in [0, 1]) under a VAE: μ and log σ² from `model.embed`, and
 * log p(x|z) = −reconstructionNllPerImage(decodeEmbedding(z), x, spec.likelihood), x broadcast over the rows of z.
 * Holds x on the backend: call `dispose()` when done. Costs one encoder evaluation.
 */
export async function problemFor(model: LatentModel, x: Float32Array): Promise<LatentPosteriorProblem & { dispose(): void }> {
  if (x.length !== model.inputSize) throw new Error(`x needs ${model.inputSize} pixels, got ${x.length}`);
  const image = tf.tensor2d(x, [1, x.length]);
  const { points, logVar } = model.embed(image);
  if (!logVar) {
    tf.dispose([image, points]);
    throw new Error(`problemFor needs a VAE (a model whose embed returns log σ²), got '${model.spec.kind}'`);
  }
  const [mean, logVarValues] = (await Promise.all([points.data(), logVar.data()])) as Float32Array[];
  tf.dispose([points, logVar]);
  const { likelihood } = model.spec;
  return {
    dim: mean.length,
    mean,
    logVar: logVarValues,
    logLikelihood: (z) => tf.tidy(() => tf.neg(reconstructionNllPerImage(model.decodeEmbedding(z), image, likelihood))),
    dispose: () => image.dispose(),
  };
}

/**
 * log p(x|z) for `rows` points z stored row-major in `z` (rows × d), in batches of at most `batchSize` decoder
 * evaluations, each read with `await data()` → Float32Array of length rows (`rows` decoder evaluations).
 */
export async function logLikelihoodAt(problem: LatentPosteriorProblem, z: Float32Array, budget: DecoderBudget = {}): Promise<Float32Array> {
  const { batchSize = DEFAULT_BATCH_SIZE } = budget;
  const { dim } = problem;
  const rows = z.length / dim;
  const out = new Float32Array(rows);
  for (let start = 0; start < rows; start += batchSize) {
    const count = Math.min(batchSize, rows - start);
    await beforeBatch(budget, count);
    const values = tf.tidy(() => problem.logLikelihood(tf.tensor2d(z.subarray(start * dim, (start + count) * dim), [count, dim])));
    out.set((await values.data()) as Float32Array, start);
    values.dispose();
  }
  return out;
}

/** KL(N(mean, diag exp(logVar)) ‖ N(0, I)) in nats (plain numbers). */
export function klToStandardNormal(mean: ArrayLike<number>, logVar: ArrayLike<number>): number {
  let sum = 0;
  for (let j = 0; j < mean.length; j++) sum += mean[j] * mean[j] + Math.exp(logVar[j]) - logVar[j] - 1;
  return 0.5 * sum;
}
