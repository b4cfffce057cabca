import * as tf from '@tensorflow/tfjs-core';
import { mulberry32, standardNormals } from '../math/random';
import { beforeBatch, DEFAULT_BATCH_SIZE, klToStandardNormal, logLikelihoodAt, type DecoderBudget, type LatentPosteriorProblem } from './problem';
import { momentMatchedNormals, summarize } from './statistics';

export interface RefineOptions extends DecoderBudget {
  /** Most proposed steps (default 200); each costs `draws` decoder forward + backward passes, accepted or not. */
  steps?: number;
  /** Stop early once the fixed-draw ELBO gained less than this over the last 20 steps (nats, default 1e-4; 0 never stops). */
  stallTolerance?: number;
  /** Fixed ε draws of the optimised ELBO, even and ≥ 2·d (default 32). */
  draws?: number;
  /** iid draws re-estimating the initial and final ELBO (default 1,000). */
  freshDraws?: number;
  seed?: number;
}

export interface RefinedPosterior {
  /** Fixed-draw ELBO in nats before the first step and after each step taken: non-decreasing by construction. */
  elboTrajectory: Float64Array;
  mean: Float32Array;
  logVar: Float32Array;
  /** ELBO (nats) of the encoder's q and of the refined q, from the same fresh iid draws (common random numbers). */
  initialElbo: number;
  finalElbo: number;
  finalElboStandardError: number;
  /** finalElbo − initialElbo: the amortisation gap this refinement closed, with its paired standard error. */
  amortisationGap: number;
  amortisationGapStandardError: number;
  acceptedSteps: number;
  /** Forward + backward passes (steps taken + 1)·draws, plus 2·freshDraws forward passes. */
  decoderEvaluations: number;
}

const MAX_STEP_SIZE = 4;
const STALL_WINDOW = 20;
const LOG_VAR_RANGE = [-30, 10] as const;

/**
 * The amortisation gap (Cremer et al. 2018): optimise μ and log σ² of q for this one digit, decoder frozen, to
 * maximise ELBO(μ, log σ²) = mean_s log p(x | μ + σ·ε_s) − KL(q ‖ p(z)) over FIXED moment-matched draws ε_s (exact
 * for a quadratic log-likelihood). Each step proposes a natural-gradient ascent step (Δμ = η σ² ∇_μ,
 * Δlog σ² = 2η ∇_log σ², the inverse Fisher information of a Gaussian), accepts it only if the fixed-draw ELBO does
 * not decrease (then η grows ×1.5, up to 4), and otherwise halves η; it stops early once 20 steps gained less than
 * `stallTolerance`. Then both ELBOs are re-estimated with fresh draws. Cost on a 1-epoch MNIST VAE (hidden 512):
 * ≈ 30 steps before stalling, ≈ 3,000 decoder passes in all, 0.3 s on wasm, 6.4 s on the cpu backend.
 */
export async function refinePosterior(problem: LatentPosteriorProblem, options: RefineOptions = {}): Promise<RefinedPosterior> {
  const { steps = 200, stallTolerance = 1e-4, draws = 32, freshDraws = 1000, seed = 1, batchSize = DEFAULT_BATCH_SIZE, signal, pace } = options;
  const { dim } = problem;
  const uniform = mulberry32(seed);
  const epsilon = momentMatchedNormals(draws, dim, (count) => standardNormals(count, uniform));
  const objective = (mean: Float64Array, logVar: Float64Array) => fixedDrawElbo(problem, mean, logVar, epsilon, { batchSize, signal, pace });
  let mean = Float64Array.from(problem.mean);
  let logVar = Float64Array.from(problem.logVar);
  let current = await objective(mean, logVar);
  const trajectory = [current.value];
  let [stepSize, accepted] = [1, 0];
  for (let step = 0; step < steps; step++) {
    const candidateMean = mean.map((m, j) => m + stepSize * Math.exp(logVar[j]) * current.gradMean[j]);
    const candidateLogVar = logVar.map((lv, j) => Math.min(LOG_VAR_RANGE[1], Math.max(LOG_VAR_RANGE[0], lv + 2 * stepSize * current.gradLogVar[j])));
    const candidate = await objective(candidateMean, candidateLogVar);
    if (candidate.value >= current.value) {
      [mean, logVar, current, accepted] = [candidateMean, candidateLogVar, candidate, accepted + 1];
      stepSize = Math.min(MAX_STEP_SIZE, stepSize * 1.5);
    } else {
      stepSize *= 0.5;
    }
    trajectory.push(current.value);
    if (step >= STALL_WINDOW && current.value - trajectory[trajectory.length - 1 - STALL_WINDOW] < stallTolerance) break;
  }
  const fresh = standardNormals(freshDraws * dim, mulberry32(seed + 1));
  const [initialLogLik, finalLogLik] = [
    await logLikelihoodAt(problem, reparameterised(problem.mean, problem.logVar, fresh), { batchSize, signal, pace }),
    await logLikelihoodAt(problem, reparameterised(mean, logVar, fresh), { batchSize, signal, pace }),
  ];
  const [initialKl, finalKl] = [klToStandardNormal(problem.mean, problem.logVar), klToStandardNormal(mean, logVar)];
  const final = summarize(finalLogLik);
  const difference = summarize(finalLogLik.map((f, i) => f - initialLogLik[i]));
  return {
    elboTrajectory: Float64Array.from(trajectory),
    mean: Float32Array.from(mean),
    logVar: Float32Array.from(logVar),
    initialElbo: summarize(initialLogLik).mean - initialKl,
    finalElbo: final.mean - finalKl,
    finalElboStandardError: final.standardError,
    amortisationGap: difference.mean - (finalKl - initialKl),
    amortisationGapStandardError: difference.standardError,
    acceptedSteps: accepted,
    decoderEvaluations: trajectory.length * draws + 2 * freshDraws,
  };
}

/** z = μ + σ·ε for every row of ε (row-major [n, d]) → Float32Array [n·d]. */
function reparameterised(mean: ArrayLike<number>, logVar: ArrayLike<number>, eps: Float32Array): Float32Array {
  const dim = mean.length;
  return Float32Array.from(eps, (e, i) => mean[i % dim] + Math.exp(0.5 * logVar[i % dim]) * e);
}

/**
 * mean_s log p(x | μ + σ·ε_s) − KL(q ‖ p(z)) and its gradients with respect to μ and log σ², summed over batches of at
 * most `batchSize` draws (one forward + backward pass per draw).
 */
async function fixedDrawElbo(problem: LatentPosteriorProblem, mean: Float64Array, logVar: Float64Array, epsilon: Float32Array, budget: Required<Pick<DecoderBudget, 'batchSize'>> & DecoderBudget) {
  const { dim } = problem;
  const draws = epsilon.length / dim;
  let value = -klToStandardNormal(mean, logVar);
  const gradMean = Float64Array.from(mean, (m) => -m);
  const gradLogVar = Float64Array.from(logVar, (lv) => -0.5 * (Math.exp(lv) - 1));
  for (let start = 0; start < draws; start += budget.batchSize) {
    const count = Math.min(budget.batchSize, draws - start);
    await beforeBatch(budget, count);
    const { value: sum, grads } = tf.tidy(() => {
      const eps = tf.tensor2d(epsilon.subarray(start * dim, (start + count) * dim), [count, dim]);
      const expectation = (m: tf.Tensor, lv: tf.Tensor) => tf.div(tf.sum(problem.logLikelihood(tf.add(m, tf.mul(tf.exp(tf.mul(0.5, lv)), eps)) as tf.Tensor2D)), draws) as tf.Scalar;
      return tf.valueAndGrads(expectation)([tf.tensor1d(Float32Array.from(mean)), tf.tensor1d(Float32Array.from(logVar))]);
    });
    const [s, gm, glv] = (await Promise.all([sum.data(), grads[0].data(), grads[1].data()])) as Float32Array[];
    tf.dispose([sum, ...grads]);
    value += s[0];
    for (let j = 0; j < dim; j++) [gradMean[j], gradLogVar[j]] = [gradMean[j] + gm[j], gradLogVar[j] + glv[j]];
  }
  return { value, gradMean, gradLogVar };
}
