import * as tf from '@tensorflow/tfjs-core';
import { mulberry32, standardNormals } from '../math/random';
import { beforeBatch, DEFAULT_BATCH_SIZE, type DecoderBudget, type LatentPosteriorProblem } from './problem';
import { summarize } from './statistics';

/** Per-parameter statistics of one estimator over N single-draw samples, parameters ordered μ₁…μ_d, log σ²₁…log σ²_d. */
export interface EstimatorSummary {
  mean: Float64Array;
  variance: Float64Array;
  /** √(variance / N): the Monte Carlo error of `mean`. */
  standardError: Float64Array;
}

export interface GradientVariance {
  /** 'mu[j]' then 'logVar[j]', in the order of every array here. */
  parameters: string[];
  reparameterised: EstimatorSummary;
  scoreFunction: EstimatorSummary;
  /** scoreFunction.variance / reparameterised.variance per parameter. */
  varianceRatio: Float64Array;
  samples: number;
  /** Decoder forward + backward passes (one per sample; both estimators share each draw). */
  decoderEvaluations: number;
}

export interface GradientVarianceOptions extends DecoderBudget {
  /** Single-draw gradient samples N (default 1,000). */
  samples?: number;
  seed?: number;
}

/**
 * Two estimators of ∇ E_q[log p(x|z)] with respect to μ and log σ² (the KL is analytic for both, so it is left out),
 * from the same N draws z = μ + σ·ε:
 * - reparameterised: ∂/∂μ_j = g_j, ∂/∂log σ²_j = g_j · ½σ_j ε_j, with g = ∇_z log p(x|z) (tf.valueAndGrad);
 * - score function (REINFORCE, no baseline): f(z) · ∇ log q with ∂/∂μ_j = ε_j / σ_j, ∂/∂log σ²_j = ½(ε_j² − 1).
 * Cost: N decoder forward + backward passes in batches of `batchSize` (N = 1,000 with a hidden-512 MLP decoder: 0.12 s on
 * wasm, 3.6 s on the cpu backend).
 */
export async function gradientVariance(problem: LatentPosteriorProblem, options: GradientVarianceOptions = {}): Promise<GradientVariance> {
  const { samples = 1000, seed = 1, batchSize = DEFAULT_BATCH_SIZE } = options;
  if (!Number.isInteger(samples) || samples < 2) throw new Error(`samples must be an integer ≥ 2, got ${samples}`);
  const { dim } = problem;
  const sigma = Array.from(problem.logVar, (lv) => Math.exp(0.5 * lv));
  const parameterCount = 2 * dim;
  const reparameterised = Array.from({ length: parameterCount }, () => new Float64Array(samples));
  const scoreFunction = Array.from({ length: parameterCount }, () => new Float64Array(samples));
  const uniform = mulberry32(seed);
  for (let start = 0; start < samples; start += batchSize) {
    const count = Math.min(batchSize, samples - start);
    await beforeBatch(options, count);
    const eps = standardNormals(count * dim, uniform);
    const { value, grad } = tf.tidy(() => {
      const z = tf.add(tf.tensor1d(problem.mean), tf.mul(tf.tensor1d(sigma), tf.tensor2d(eps, [count, dim]))) as tf.Tensor2D;
      return tf.valueAndGrad((zz: tf.Tensor2D) => problem.logLikelihood(zz))(z, tf.ones([count]) as tf.Tensor1D);
    });
    const [f, g] = (await Promise.all([value.data(), grad.data()])) as Float32Array[];
    tf.dispose([value, grad]);
    for (let r = 0; r < count; r++) {
      for (let j = 0; j < dim; j++) {
        const [e, gradient] = [eps[r * dim + j], g[r * dim + j]];
        reparameterised[j][start + r] = gradient;
        reparameterised[dim + j][start + r] = gradient * 0.5 * sigma[j] * e;
        scoreFunction[j][start + r] = (f[r] * e) / sigma[j];
        scoreFunction[dim + j][start + r] = f[r] * 0.5 * (e * e - 1);
      }
    }
  }
  const reparameterisedSummary = summaries(reparameterised);
  const scoreFunctionSummary = summaries(scoreFunction);
  return {
    parameters: [...Array.from({ length: dim }, (_, j) => `mu[${j}]`), ...Array.from({ length: dim }, (_, j) => `logVar[${j}]`)],
    reparameterised: reparameterisedSummary,
    scoreFunction: scoreFunctionSummary,
    varianceRatio: scoreFunctionSummary.variance.map((v, p) => v / reparameterisedSummary.variance[p]),
    samples,
    decoderEvaluations: samples,
  };
}

function summaries(perParameter: Float64Array[]): EstimatorSummary {
  const all = perParameter.map(summarize);
  return {
    mean: Float64Array.from(all, (s) => s.mean),
    variance: Float64Array.from(all, (s) => s.variance),
    standardError: Float64Array.from(all, (s) => s.standardError),
  };
}
