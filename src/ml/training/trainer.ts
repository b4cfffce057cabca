import * as tf from '@tensorflow/tfjs-core';
import { mulberry32 } from '../math/random';
import type { LatentModel, TermName } from '../models/types';
import { corruptInput, type CorruptionSettings } from './corruption';
import { FusedAdam } from './fusedAdam';
import { DivergenceDetector, type DivergenceReason, type DivergenceVerdict } from './divergence';
import { betaAt, presetWeights, type BetaSchedule, type LossPreset } from './schedules';

/** Settings that apply on the next step without new weights. */
export interface TrainingSettings {
  learningRate: number;
  batchSize: number;
  /** β: the KL weight (its maximum under a schedule). */
  beta: number;
  betaSchedule: BetaSchedule;
  lossPreset: LossPreset;
  /** VQ-VAE commitment weight β_c. */
  commitmentWeight: number;
  corruption: CorruptionSettings;
  restartDeadCodes: boolean;
}

/** Loss terms of each step of a chunk and what happened to the weights. */
export interface ChunkResult {
  steps: Float64Array;
  /** Unweighted value of each of the model's terms at each step (per image), in `termNames` order. */
  values: Float32Array[];
  /** The weight each term had in the total at each step (β(t) for KL). */
  weights: Float32Array[];
  /**
   * Set when a step's loss was non-finite or exploded far above its recent range (divergence.ts): the weights
   * went back to `restoredStep`. Every point already reported for a step after `restoredStep`, in earlier
   * chunks too, was undone: drop them. `loss` is the bad step's weighted objective, `limit` what it had to stay under.
   */
  divergence: { badStep: number; restoredStep: number; reason: DivergenceReason; loss: number; limit: number } | null;
}

/** One tensor of an optimizer's state as tfjs names it (tfjs's NamedTensor, which its index does not export). */
export interface OptimizerWeight {
  name: string;
  tensor: tf.Tensor;
}

/** Supplies one batch: batchSize × 784 values in [0, 1]. */
export type BatchSource = (batchSize: number) => Float32Array;

/**
 * Weights whose summed loss terms exceed the untrained network's by more than max(|untrained|, HEALTHY_FLOOR)
 * are not a rollback point: twice the untrained loss when that is large, room for losses near or below 0.
 */
const HEALTHY_FLOOR_NATS = 100;

/** Adam with PyTorch's defaults (ε = 1e-8 rather than tfjs's 1e-7) so CLI runs compare. */
export const ADAM = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } as const;

function createAdam(learningRate: number): tf.AdamOptimizer {
  return new FusedAdam(learningRate, ADAM.beta1, ADAM.beta2, ADAM.epsilon);
}

/** Weight of each term at `step` under the settings (β schedule, loss preset — for models with a KL term — and β_c). */
export function termWeights(termNames: readonly TermName[], settings: TrainingSettings, step: number): number[] {
  const lossPreset = termNames.includes('kl') ? settings.lossPreset : 'both';
  const preset = presetWeights(lossPreset, betaAt(settings.betaSchedule, settings.beta, step));
  const weightOf: Record<TermName, number> = { rec: preset.rec, kl: preset.kl, codebook: 1, commitment: settings.commitmentWeight };
  return termNames.map((name) => weightOf[name]);
}

/** A copy of the weights and the step they belong to (clones share data until a variable is reassigned). */
interface Checkpoint {
  step: number;
  samplesSeen: number;
  weights: tf.Tensor[];
}

/**
 * Owns the optimizer and the step counter; trains in chunks with one GPU read per chunk and rolls
 * back to the last healthy weights when the loss becomes NaN or infinite or explodes.
 */
export class Trainer {
  step = 0;
  samplesSeen = 0;
  private optimizer: tf.AdamOptimizer;
  private settings: TrainingSettings;
  private healthy: Checkpoint;
  /** Summed terms of the first batch, before any update: the yardstick for 'healthy' weights. */
  private untrainedLoss: number | null = null;
  private readonly divergence = new DivergenceDetector();
  private readonly seeds: () => number;

  constructor(
    readonly model: LatentModel,
    settings: TrainingSettings,
    seed: number,
  ) {
    this.settings = structuredClone(settings);
    this.optimizer = createAdam(settings.learningRate);
    this.seeds = mulberry32(seed ^ 0x5eed);
    this.healthy = this.checkpoint();
  }

  get trainingSettings(): TrainingSettings {
    return structuredClone(this.settings);
  }

  /** Learning rate, β, schedules, corruption … take effect on the next step. */
  setSettings(settings: TrainingSettings): void {
    if (settings.learningRate !== this.settings.learningRate) {
      (this.optimizer as unknown as { learningRate: number }).learningRate = settings.learningRate;
    }
    if (JSON.stringify(settings.corruption) !== JSON.stringify(this.settings.corruption)) this.divergence.reset();
    this.settings = structuredClone(settings);
  }

  /** Continues a saved run: its step and sample counts, with the model's current weights as the rollback point. */
  resumeAt(step: number, samplesSeen: number): void {
    tf.dispose(this.healthy.weights);
    this.step = step;
    this.samplesSeen = samplesSeen;
    this.healthy = this.checkpoint();
  }

  /**
   * Adam's state as tfjs lays it out: `iter` (an int32 scalar the caller disposes), then the first moments
   * `<variable name>/m` and the second moments `<variable name>/v` (Adam's own variables: do not dispose).
   */
  optimizerWeights(): Promise<OptimizerWeight[]> {
    return this.optimizer.getWeights();
  }

  /** Replaces Adam's state, in optimizerWeights' layout (the tensors stay the caller's); only before the first step. */
  async setOptimizerWeights(weights: OptimizerWeight[]): Promise<void> {
    const [iteration, ...moments] = await this.optimizer.getWeights();
    iteration.tensor.dispose();
    if (moments.length > 0) throw new Error('setOptimizerWeights: Adam has already stepped; give the state to a fresh trainer');
    await this.optimizer.setWeights(weights);
  }

  /** Trains `count` steps, then reads all their loss terms with a single async download. */
  async trainChunk(count: number, nextBatch: BatchSource): Promise<ChunkResult> {
    const start = this.checkpoint();
    const { batchSize, restartDeadCodes } = this.settings;
    const { model } = this;
    const perStep: tf.Tensor1D[] = [];
    const weights: number[][] = [];
    for (let k = 0; k < count; k++) {
      const stepWeights = termWeights(model.termNames, this.settings, start.step + k);
      weights.push(stepWeights);
      const target = tf.tensor2d(nextBatch(batchSize), [batchSize, model.inputSize]);
      const { input, hidden } = corruptInput(model.spec.kind, target, this.settings.corruption, this.nextSeed());
      const noiseSeed = this.nextSeed();
      this.optimizer.minimize(
        () => {
          const terms = model.lossTerms({ input, target, hidden }, noiseSeed);
          perStep.push(tf.keep(tf.stack(terms) as tf.Tensor1D));
          return terms.reduce((total, term, i) => tf.add(total, tf.mul(term, stepWeights[i])), tf.scalar(0)) as tf.Scalar;
        },
        false,
        model.variables,
      );
      model.afterStep?.(input, { restartDeadCodes });
      tf.dispose([input, target, hidden ?? []]);
    }
    const stacked = tf.stack(perStep);
    const values = await stacked.data();
    tf.dispose([stacked, ...perStep]);
    return this.settleChunk(start, count, values, weights, batchSize);
  }

  private nextSeed(): number {
    return Math.floor(this.seeds() * 2 ** 31);
  }

  /**
   * Records the chunk's terms and moves the rollback point. A step diverges when the detector says so. Weights
   * count as healthy when the chunk's first step passed it and its summed loss is within the untrained
   * network's plus max(|untrained|, HEALTHY_FLOOR_NATS): a run that is blowing up still has finite losses for a
   * step or two, and rolling back there would not help.
   */
  private settleChunk(start: Checkpoint, count: number, values: ArrayLike<number>, weights: number[][], batchSize: number): ChunkResult {
    const termCount = this.model.termNames.length;
    const termsAt = (k: number) => Array.from({ length: termCount }, (_, t) => values[k * termCount + t]);
    const summed = (k: number) => termsAt(k).reduce((a, b) => a + b, 0);
    let verdict: DivergenceVerdict | null = null;
    let firstBad: number | undefined;
    for (let k = 0; k < count && !verdict; k++) {
      verdict = this.divergence.observe(termsAt(k), weights[k]);
      if (verdict) firstBad = k;
    }
    if (count > 0 && this.untrainedLoss === null && firstBad !== 0) this.untrainedLoss = summed(0);
    const untrained = this.untrainedLoss ?? Infinity;
    const healthy = count > 0 && firstBad !== 0 && summed(0) <= untrained + Math.max(Math.abs(untrained), HEALTHY_FLOOR_NATS);
    if (healthy) {
      tf.dispose(this.healthy.weights);
      this.healthy = start;
    } else {
      tf.dispose(start.weights);
    }
    const finiteSteps = firstBad ?? count;
    this.step = start.step + finiteSteps;
    this.samplesSeen = start.samplesSeen + finiteSteps * batchSize;
    if (firstBad !== undefined) {
      this.restore(this.healthy);
      this.divergence.reset();
    }
    // Step k's loss is measured before its update, so after a rollback to step r the point of step r + 1 (if this
    // chunk has it) is the loss of the restored weights: it stays, the points after it go.
    const kept = Math.max(0, Math.min(finiteSteps, this.step - start.step + 1));
    const result: ChunkResult = {
      steps: Float64Array.from({ length: kept }, (_, k) => start.step + k + 1),
      values: Array.from({ length: termCount }, (_, t) => Float32Array.from({ length: kept }, (_, k) => values[k * termCount + t])),
      weights: Array.from({ length: termCount }, (_, t) => Float32Array.from({ length: kept }, (_, k) => weights[k][t])),
      divergence: null,
    };
    if (firstBad === undefined || verdict === null) return result;
    const { reason, total: loss, limit } = verdict;
    return { ...result, divergence: { badStep: start.step + firstBad + 1, restoredStep: this.step, reason, loss, limit } };
  }

  /** Puts the checkpoint's weights back and restarts Adam (its moments may hold NaN too). */
  private restore(checkpoint: Checkpoint): void {
    this.model.variables.forEach((variable, i) => variable.assign(checkpoint.weights[i]));
    this.optimizer.dispose();
    this.optimizer = createAdam(this.settings.learningRate);
    this.samplesSeen = checkpoint.samplesSeen;
    this.step = checkpoint.step;
  }

  private checkpoint(): Checkpoint {
    return { step: this.step, samplesSeen: this.samplesSeen, weights: this.model.variables.map((variable) => tf.clone(variable)) };
  }

  /** Frees the optimizer state and checkpoint; the model is disposed by its owner. */
  dispose(): void {
    this.optimizer.dispose();
    tf.dispose(this.healthy.weights);
  }
}
