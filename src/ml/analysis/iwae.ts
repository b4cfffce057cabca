import * as tf from '@tensorflow/tfjs-core';
import { reconstructionNllPerImage } from '../losses/likelihood';
import { mulberry32, standardNormals } from '../math/random';
import type { LatentModel } from '../models/types';
import { beforeBatch, DEFAULT_BATCH_SIZE, type DecoderBudget, type LatentPosteriorProblem } from './problem';
import { logSumExp, summarize } from './statistics';

const LOG_2PI = Math.log(2 * Math.PI);

/**
 * log w = log p(x|z) + log p(z) − log q(z|x) for z = μ + σ·ε, one per row of standard-normal `draws` [m, d] → [m]
 * in nats (caller disposes). log q uses ε directly: −½ Σ (ε² + log σ² + log 2π). m decoder evaluations.
 */
export function logImportanceWeights(problem: LatentPosteriorProblem, draws: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const logVar = tf.tensor1d(problem.logVar);
    const z = tf.add(tf.tensor1d(problem.mean), tf.mul(tf.exp(tf.mul(0.5, logVar)), draws)) as tf.Tensor2D;
    const logPrior = tf.mul(-0.5, tf.add(tf.sum(tf.square(z), 1), problem.dim * LOG_2PI));
    const logQ = tf.mul(-0.5, tf.add(tf.sum(tf.add(tf.square(draws), logVar), 1), problem.dim * LOG_2PI));
    return tf.sub(tf.add(problem.logLikelihood(z), logPrior), logQ) as tf.Tensor1D;
  });
}

/**
 * IWAE-k estimates log (1/k) Σ_i w_i, each from k consecutive rows of standard-normal `draws` [m·k, d] → [m] in nats
 * (caller disposes). IWAE-1 is the single-draw ELBO estimate. m·k decoder evaluations in one call.
 */
export function iwaeBound(problem: LatentPosteriorProblem, k: number, draws: tf.Tensor2D): tf.Tensor1D {
  if (!Number.isInteger(k) || k < 1 || draws.shape[0] % k !== 0) throw new Error(`draws (${draws.shape[0]} rows) must be a whole number of groups of k = ${k}`);
  return tf.tidy(() => tf.sub(tf.logSumExp(tf.reshape(logImportanceWeights(problem, draws), [-1, k]), 1), Math.log(k)) as tf.Tensor1D);
}

/** One rung of the ladder: the IWAE-k bound's Monte Carlo mean and standard error over `estimates` independent groups. */
export interface LadderRung {
  k: number;
  mean: number;
  standardError: number;
  estimates: number;
}

export interface BoundLadderOptions extends DecoderBudget {
  /** Rungs (default [1, 10, 100, 1000]). */
  ks?: number[];
  /** Independent IWAE estimates at the largest k (default 16). */
  repeats?: number;
  seed?: number;
}

/**
 * The IWAE bound ladder ELBO = IWAE-1 ≤ IWAE-10 ≤ … ≤ log p(x) (in expectation). Draws max(ks)·repeats ε once
 * (seeded) and splits them into disjoint groups of k for every rung, so rung k has ⌊max(ks)·repeats / k⌋ independent
 * estimates (rungs share draws, so their errors are correlated; each rung's standard error is honest).
 * Cost: max(ks)·repeats decoder evaluations (16,000 by default: 0.6 s on wasm, 18 s on the cpu backend for a hidden-512
 * MLP decoder), in batches of `batchSize`.
 */
export async function boundLadder(
  problem: LatentPosteriorProblem,
  options: BoundLadderOptions = {},
): Promise<{ rungs: LadderRung[]; decoderEvaluations: number }> {
  const { ks = [1, 10, 100, 1000], repeats = 16, seed = 1, batchSize = DEFAULT_BATCH_SIZE } = options;
  if (ks.some((k) => !Number.isInteger(k) || k < 1) || !Number.isInteger(repeats) || repeats < 2) throw new Error('ks must be positive integers and repeats ≥ 2');
  const total = Math.max(...ks) * repeats;
  const uniform = mulberry32(seed);
  const logWeights = new Float64Array(total);
  for (let start = 0; start < total; start += batchSize) {
    const count = Math.min(batchSize, total - start);
    await beforeBatch(options, count);
    const chunk = tf.tidy(() => logImportanceWeights(problem, tf.tensor2d(standardNormals(count * problem.dim, uniform), [count, problem.dim])));
    logWeights.set((await chunk.data()) as Float32Array, start);
    chunk.dispose();
  }
  const rungs = ks.map((k) => {
    const groups = Math.floor(total / k);
    const estimates = Float64Array.from({ length: groups }, (_, g) => logSumExp(logWeights, g * k, (g + 1) * k) - Math.log(k));
    const { mean, standardError } = summarize(estimates);
    return { k, mean, standardError, estimates: groups };
  });
  return { rungs, decoderEvaluations: total };
}

/**
 * IWAE-k estimates of log p(x) in nats for each row of `images` [n, 784] (pixels in [0, 1]) under a VAE → length n.
 * Encodes in batches, then decodes the n·k draws z = μ + σ·ε in batches of `batchSize` (ε from one seeded stream,
 * image by image), accumulating a running log-sum-exp per image. Cost: n encoder and n·k decoder evaluations (100
 * images at k = 100 with a hidden-512 MLP: 0.6 s on wasm, 12 s on the cpu backend).
 */
export async function iwaeLogPx(model: LatentModel, images: tf.Tensor2D, k: number, seed: number, budget: DecoderBudget = {}): Promise<Float32Array> {
  const { batchSize = DEFAULT_BATCH_SIZE } = budget;
  if (!Number.isInteger(k) || k < 1) throw new Error(`k must be a positive integer, got ${k}`);
  const [n, dim] = [images.shape[0], model.embedDim];
  const { mean, logVar } = await encodeAll(model, images, batchSize);
  const uniform = mulberry32(seed);
  const [runningMax, runningSum] = [new Float64Array(n).fill(-Infinity), new Float64Array(n)];
  for (let start = 0; start < n * k; start += batchSize) {
    const count = Math.min(batchSize, n * k - start);
    await beforeBatch(budget, count);
    const eps = standardNormals(count * dim, uniform);
    const imageOf = Int32Array.from({ length: count }, (_, r) => Math.floor((start + r) / k));
    const z = Float32Array.from(eps, (e, i) => mean[imageOf[Math.floor(i / dim)] * dim + (i % dim)] + Math.exp(0.5 * logVar[imageOf[Math.floor(i / dim)] * dim + (i % dim)]) * e);
    const logLik = tf.tidy(() => {
      const targets = tf.gather(images, tf.tensor1d(imageOf, 'int32'));
      return tf.neg(reconstructionNllPerImage(model.decodeEmbedding(tf.tensor2d(z, [count, dim])), targets, model.spec.likelihood));
    });
    const values = (await logLik.data()) as Float32Array;
    logLik.dispose();
    for (let r = 0; r < count; r++) {
      const image = imageOf[r];
      let logW = values[r];
      for (let j = 0; j < dim; j++) {
        const [zj, ej, lv] = [z[r * dim + j], eps[r * dim + j], logVar[image * dim + j]];
        logW += -0.5 * zj * zj + 0.5 * (ej * ej + lv);
      }
      if (logW > runningMax[image]) [runningSum[image], runningMax[image]] = [runningSum[image] * Math.exp(runningMax[image] - logW) + 1, logW];
      else runningSum[image] += Math.exp(logW - runningMax[image]);
    }
  }
  return Float32Array.from(runningMax, (max, i) => max + Math.log(runningSum[i]) - Math.log(k));
}

/** μ and log σ² of every image, row-major [n, d], encoded `batchSize` images at a time. */
async function encodeAll(model: LatentModel, images: tf.Tensor2D, batchSize: number) {
  const [n, dim] = [images.shape[0], model.embedDim];
  const [mean, logVar] = [new Float32Array(n * dim), new Float32Array(n * dim)];
  for (let start = 0; start < n; start += batchSize) {
    const count = Math.min(batchSize, n - start);
    const batch = tf.slice(images, [start, 0], [count, -1]);
    const { points, logVar: lv } = model.embed(batch);
    batch.dispose();
    if (!lv) {
      points.dispose();
      throw new Error(`iwaeLogPx needs a VAE (a model whose embed returns log σ²), got '${model.spec.kind}'`);
    }
    const [m, v] = (await Promise.all([points.data(), lv.data()])) as Float32Array[];
    tf.dispose([points, lv]);
    mean.set(m, start * dim);
    logVar.set(v, start * dim);
  }
  return { mean, logVar };
}
