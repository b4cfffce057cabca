import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from '../math/random';
import type { LatentModel } from '../models/types';

/** Settings that apply on the next step without new weights. */
export interface HyperParams {
  beta: number;
  learningRate: number;
  batchSize: number;
}

/** Loss terms of each step of a chunk (nats per image) and what happened to the weights. */
export interface ChunkResult {
  steps: Float64Array;
  recNats: Float32Array;
  klNats: Float32Array;
  beta: Float32Array;
  /** Set when a non-finite loss appeared: the weights went back to `restoredStep`. */
  divergence: { badStep: number; restoredStep: number } | null;
}

/** Supplies one batch: batchSize × 784 values in [0, 1]. */
export type BatchSource = (batchSize: number) => Float32Array;

/** Weights whose −ELBO exceeds this multiple of the untrained network's are not a rollback point. */
const HEALTHY_FACTOR = 2;

/** Adam with PyTorch's defaults (ε = 1e-8 rather than tfjs's 1e-7) so CLI runs compare. */
function createAdam(learningRate: number): tf.AdamOptimizer {
  return tf.train.adam(learningRate, 0.9, 0.999, 1e-8);
}

/** A copy of the weights and the step they belong to (clones share data until a variable is reassigned). */
interface Checkpoint {
  step: number;
  weights: tf.Tensor[];
}

/**
 * Owns the optimizer and the step counter; trains in chunks with one GPU read per chunk and rolls
 * back to the last healthy weights when the loss becomes NaN or infinite.
 */
export class Trainer {
  step = 0;
  samplesSeen = 0;
  private optimizer: tf.AdamOptimizer;
  private hyper: HyperParams;
  private healthy: Checkpoint;
  /** −ELBO of the first batch, before any update: the yardstick for 'healthy' weights. */
  private untrainedNegElbo: number | null = null;
  private readonly noiseSeeds: () => number;

  constructor(
    readonly model: LatentModel,
    hyper: HyperParams,
    seed: number,
  ) {
    this.hyper = { ...hyper };
    this.optimizer = createAdam(hyper.learningRate);
    this.noiseSeeds = mulberry32(seed ^ 0x5eed);
    this.healthy = this.checkpoint();
  }

  get hyperParams(): HyperParams {
    return { ...this.hyper };
  }

  /** β, learning rate and batch size take effect on the next step. */
  setHyper(hyper: HyperParams): void {
    if (hyper.learningRate !== this.hyper.learningRate) {
      (this.optimizer as unknown as { learningRate: number }).learningRate = hyper.learningRate;
    }
    this.hyper = { ...hyper };
  }

  /** Trains `count` steps, then reads all their loss terms with a single async download. */
  async trainChunk(count: number, nextBatch: BatchSource): Promise<ChunkResult> {
    const start = this.checkpoint();
    const { beta, batchSize } = this.hyper;
    const perStep: tf.Tensor1D[] = [];
    for (let k = 0; k < count; k++) {
      const x = tf.tensor2d(nextBatch(batchSize), [batchSize, this.model.inputSize]);
      const epsilon = tf.randomNormal<tf.Rank.R2>([batchSize, this.model.latentDim], 0, 1, 'float32', this.noiseSeeds() * 2 ** 31);
      this.optimizer.minimize(
        () => {
          const { rec, kl } = this.model.lossTerms(x, epsilon);
          perStep.push(tf.keep(tf.stack([rec, kl]) as tf.Tensor1D));
          return tf.add(rec, tf.mul(kl, beta)) as tf.Scalar;
        },
        false,
        this.model.variables,
      );
      tf.dispose([x, epsilon]);
    }
    const stacked = tf.stack(perStep);
    const values = await stacked.data();
    tf.dispose([stacked, ...perStep]);
    return this.settleChunk(start, count, values, beta, batchSize);
  }

  /**
   * Records the chunk's terms and moves the rollback point. Weights count as healthy when the chunk's
   * first −ELBO is finite and at most HEALTHY_FACTOR × that of the untrained network: a run that is
   * blowing up still has finite losses for a step or two, and rolling back there would not help.
   */
  private settleChunk(start: Checkpoint, count: number, values: ArrayLike<number>, beta: number, batchSize: number): ChunkResult {
    const negElbo = (k: number) => values[2 * k] + values[2 * k + 1];
    const firstBad = Array.from({ length: count }, (_, k) => k).find((k) => !Number.isFinite(negElbo(k)));
    if (count > 0 && this.untrainedNegElbo === null && firstBad !== 0) this.untrainedNegElbo = negElbo(0);
    const healthy = count > 0 && firstBad !== 0 && negElbo(0) <= HEALTHY_FACTOR * (this.untrainedNegElbo ?? Infinity);
    if (healthy) {
      tf.dispose(this.healthy.weights);
      this.healthy = start;
    } else {
      tf.dispose(start.weights);
    }
    const kept = firstBad ?? count;
    const result: ChunkResult = {
      steps: Float64Array.from({ length: kept }, (_, k) => start.step + k + 1),
      recNats: Float32Array.from({ length: kept }, (_, k) => values[2 * k]),
      klNats: Float32Array.from({ length: kept }, (_, k) => values[2 * k + 1]),
      beta: new Float32Array(kept).fill(beta),
      divergence: null,
    };
    if (firstBad === undefined) {
      this.step = start.step + count;
      this.samplesSeen += count * batchSize;
      return result;
    }
    this.step = start.step + firstBad;
    this.samplesSeen += firstBad * batchSize;
    this.restore(this.healthy);
    return { ...result, divergence: { badStep: start.step + firstBad + 1, restoredStep: this.step } };
  }

  /** Puts the checkpoint's weights back and restarts Adam (its moments may hold NaN too). */
  private restore(checkpoint: Checkpoint): void {
    this.model.variables.forEach((variable, i) => variable.assign(checkpoint.weights[i]));
    this.optimizer.dispose();
    this.optimizer = createAdam(this.hyper.learningRate);
    this.samplesSeen -= (this.step - checkpoint.step) * this.hyper.batchSize;
    this.step = checkpoint.step;
  }

  private checkpoint(): Checkpoint {
    return { step: this.step, weights: this.model.variables.map((variable) => tf.clone(variable)) };
  }

  /** Frees the optimizer state and checkpoint; the model is disposed by its owner. */
  dispose(): void {
    this.optimizer.dispose();
    tf.dispose(this.healthy.weights);
  }
}
