import * as tf from '@tensorflow/tfjs-core';
import { mulberry32, standardNormals } from '../math/random';
import type { CodebookUpdate } from './types';

/** How the VQ-VAE's codebook is kept healthy; the defaults are what the lab uses, tests shorten the intervals. */
export interface CodebookUpkeep {
  /** The usage shares (the sampling prior) are an exponential moving average of each batch's shares with this decay. */
  usageDecay: number;
  /** EMA codebook: decay γ of the cluster sizes N and vector sums m (van den Oord et al. 2017, appendix A.1). */
  emaDecay: number;
  /** Laplace smoothing ε of the cluster sizes, Ñ_i = (N_i + ε) / (n + Kε) · n with n = Σ N, so m / Ñ never divides by 0. */
  laplaceEpsilon: number;
  /** With restarts on, dead codes are looked for every this many steps (on the device: no read). */
  restartEvery: number;
  /** A code is dead once no encoder vector of this many consecutive training batches has chosen it. */
  deadAfterSteps: number;
  /** Restarts draw from the encoder outputs of this many recent batches. */
  bufferBatches: number;
  /** A restarted code is a buffered encoder output plus N(0, (noiseScale · RMS of the buffer)²) noise. */
  restartNoiseScale: number;
}

export const DEFAULT_CODEBOOK_UPKEEP: CodebookUpkeep = {
  usageDecay: 0.99,
  emaDecay: 0.99,
  laplaceEpsilon: 1e-5,
  restartEvery: 10,
  deadAfterSteps: 50,
  bufferBatches: 4,
  restartNoiseScale: 0.01,
};

/**
 * float32 one-hot rows of int32 indices [m] → [m, K] (caller disposes). Cast rather than asked for with oneHot's
 * dtype argument: tfjs-backend-wasm 4.22 ignores it and returns int32 bits labelled float32 (1 reads as 1.4e-45).
 */
export function oneHotRows(indices: tf.Tensor1D, codebookSize: number): tf.Tensor2D {
  return tf.tidy(() => tf.cast(tf.oneHot(indices, codebookSize), 'float32') as tf.Tensor2D);
}

/** Where the code vectors live: a [K, D] variable holding e / scale (the gradient codebook is stored scaled). */
export interface StoredCodebook {
  variable: tf.Variable<tf.Rank.R2>;
  scale: number;
}

/**
 * The VQ-VAE's codebook bookkeeping, all on the device: usage shares, how long each code has gone unchosen,
 * the EMA codebook update, and dead-code restarts from a buffer of recent encoder outputs. Nothing here reads
 * the GPU; `trainingCounts` is the one asynchronous read.
 */
export class CodebookKeeper {
  /** Moving average of each code's share of the batch's vectors → [K] (zeros before the first step). */
  readonly usage: tf.Variable<tf.Rank.R1>;
  /** EMA state, null for a gradient codebook: cluster sizes N → [K] (start at 1) and sums m → [K, D] (start at N·e). */
  readonly ema: { sizes: tf.Variable<tf.Rank.R1>; sums: tf.Variable<tf.Rank.R2> } | null;
  /** Consecutive training steps in which no vector chose each code → [K]. */
  private readonly idleSteps: tf.Variable<tf.Rank.R1>;
  /** Codes restarted since the model was built → scalar (on the device, so restarts need no read). */
  private readonly restartedTotal: tf.Variable<tf.Rank.R0>;
  /**
   * Recent encoder outputs, newest first → [capacity, D]: room for `bufferBatches` batches of the largest batch
   * seen so far; only the first `recentRows` rows are filled. Created on the first step.
   */
  private recent: tf.Variable<tf.Rank.R2> | null = null;
  private recentRows = 0;
  private steps = 0;
  private readonly uniform: () => number;

  constructor(
    private readonly codebook: StoredCodebook,
    update: CodebookUpdate,
    private readonly upkeep: CodebookUpkeep,
    seed: number,
  ) {
    const codebookSize = codebook.variable.shape[0];
    // Built inside tidy: tf.variable copies its initial value, which would otherwise stay allocated.
    this.usage = tf.tidy(() => tf.variable(tf.zeros([codebookSize]), false));
    this.idleSteps = tf.tidy(() => tf.variable(tf.zeros([codebookSize]), false));
    this.restartedTotal = tf.tidy(() => tf.variable(tf.scalar(0), false));
    this.ema =
      update === 'ema'
        ? tf.tidy(() => ({
            sizes: tf.variable(tf.ones([codebookSize]) as tf.Tensor1D, false),
            sums: tf.variable(tf.mul(codebook.variable, codebook.scale) as tf.Tensor2D, false),
          }))
        : null;
    this.uniform = mulberry32(seed);
  }

  /** The EMA state, for checkpoints (empty for a gradient codebook). */
  get variables(): tf.Variable[] {
    return this.ema ? [this.ema.sizes, this.ema.sums] : [];
  }

  /**
   * Folds one training step's assignments into the usage, idle counts and (EMA) the codebook, buffers the
   * encoder outputs and, with `restartDeadCodes`, every `restartEvery` steps restarts the dead codes.
   * indices: int32 [m]; ze: the step's encoder outputs [m, D] (both stay the caller's).
   */
  record(indices: tf.Tensor1D, ze: tf.Tensor2D, restartDeadCodes: boolean): void {
    const { usageDecay } = this.upkeep;
    const codebookSize = this.usage.shape[0];
    tf.tidy(() => {
      const assigned = oneHotRows(indices, codebookSize);
      const counts = tf.sum(assigned, 0) as tf.Tensor1D;
      this.usage.assign(tf.add(tf.mul(this.usage, usageDecay), tf.mul(counts, (1 - usageDecay) / indices.shape[0])));
      this.idleSteps.assign(tf.mul(tf.add(this.idleSteps, 1), tf.cast(tf.equal(counts, 0), 'float32')));
      if (this.ema) this.updateEma(counts, tf.matMul(tf.transpose(assigned), ze));
    });
    this.storeRecent(ze);
    this.steps += 1;
    if (restartDeadCodes && this.steps % this.upkeep.restartEvery === 0) this.restartDeadCodes();
  }

  /** Codes unchosen for `deadAfterSteps` training steps, and codes restarted so far (one small asynchronous read). */
  async trainingCounts(): Promise<{ idleCodes: number; restartedCodes: number }> {
    const packed = tf.tidy(() => tf.stack([tf.sum(tf.cast(tf.greaterEqual(this.idleSteps, this.upkeep.deadAfterSteps), 'float32')), this.restartedTotal]));
    const [idleCodes, restartedCodes] = await packed.data();
    packed.dispose();
    return { idleCodes, restartedCodes };
  }

  dispose(): void {
    tf.dispose([this.usage, this.idleSteps, this.restartedTotal, ...this.variables, ...(this.recent ? [this.recent] : [])]);
    this.recent = null;
    this.recentRows = 0;
  }

  /** Puts ze's rows in front of the recent outputs, dropping the oldest beyond the capacity (grown if this batch is larger). */
  private storeRecent(ze: tf.Tensor2D): void {
    const [rows, codeDim] = ze.shape;
    const capacity = Math.max(this.recent?.shape[0] ?? 0, this.upkeep.bufferBatches * rows);
    const filled = Math.min(capacity, rows + this.recentRows);
    const next = tf.tidy(() => {
      const previous = this.recent ? tf.slice(this.recent, 0, this.recentRows) : tf.zeros([0, codeDim]);
      const kept = tf.slice(tf.concat([ze, previous]), 0, filled);
      return tf.concat([kept, tf.zeros([capacity - filled, codeDim])]) as tf.Tensor2D;
    });
    if (this.recent && this.recent.shape[0] === capacity) {
      this.recent.assign(next);
      next.dispose();
    } else {
      this.recent?.dispose();
      this.recent = tf.variable(next, false);
      next.dispose();
    }
    this.recentRows = filled;
  }

  /** N ← γN + (1−γ)n, m ← γm + (1−γ)Σ z_e, e = m / Ñ (counts [K], sums [K, D]). */
  private updateEma(counts: tf.Tensor1D, sums: tf.Tensor2D): void {
    const ema = this.ema as NonNullable<CodebookKeeper['ema']>;
    const { emaDecay: decay, laplaceEpsilon: epsilon } = this.upkeep;
    const codebookSize = counts.shape[0];
    const sizes = tf.add(tf.mul(ema.sizes, decay), tf.mul(counts, 1 - decay)) as tf.Tensor1D;
    const vectorSums = tf.add(tf.mul(ema.sums, decay), tf.mul(sums, 1 - decay)) as tf.Tensor2D;
    const total = tf.sum(sizes);
    const smoothed = tf.mul(tf.div(tf.add(sizes, epsilon), tf.add(total, codebookSize * epsilon)), total);
    ema.sizes.assign(sizes);
    ema.sums.assign(vectorSums);
    this.codebook.variable.assign(tf.div(tf.div(vectorSums, tf.reshape(smoothed, [codebookSize, 1])), this.codebook.scale) as tf.Tensor2D);
  }

  /**
   * Moves each dead code onto a distinct recent encoder output (a seeded random choice) plus a little noise,
   * resets its idle count and (EMA) its cluster to one vector at the new place. All on the device: the k-th
   * dead code (in index order) takes the k-th row of a random permutation; with more dead codes than recent
   * rows, the surplus stay dead until the next look.
   */
  private restartDeadCodes(): void {
    if (!this.recent || this.recentRows === 0) return;
    const [codebookSize, codeDim] = this.codebook.variable.shape;
    const available = Math.min(codebookSize, this.recentRows);
    const order = this.shuffledPrefix(this.recentRows, available);
    const noise = standardNormals(codebookSize * codeDim, this.uniform);
    const recent = this.recent;
    tf.tidy(() => {
      const rows = tf.slice(recent, 0, this.recentRows);
      const dead = tf.cast(tf.greaterEqual(this.idleSteps, this.upkeep.deadAfterSteps), 'float32');
      const rank = tf.cumsum(dead, 0, true);
      const restart = tf.mul(dead, tf.cast(tf.less(rank, available), 'float32'));
      const source = tf.gather(tf.tensor1d(order, 'int32'), tf.cast(tf.minimum(rank, available - 1), 'int32'));
      const noiseScale = tf.mul(tf.sqrt(tf.mean(tf.square(rows))), this.upkeep.restartNoiseScale);
      const fresh = tf.add(tf.gather(rows, source), tf.mul(tf.tensor2d(noise, [codebookSize, codeDim]), noiseScale)) as tf.Tensor2D;
      const chosen = tf.cast(restart, 'bool');
      const chosenRows = tf.reshape(chosen, [codebookSize, 1]);
      const { variable, scale } = this.codebook;
      variable.assign(tf.where(chosenRows, tf.div(fresh, scale), variable) as tf.Tensor2D);
      if (this.ema) {
        this.ema.sizes.assign(tf.where(chosen, tf.onesLike(this.ema.sizes), this.ema.sizes) as tf.Tensor1D);
        this.ema.sums.assign(tf.where(chosenRows, fresh, this.ema.sums) as tf.Tensor2D);
      }
      this.idleSteps.assign(tf.mul(this.idleSteps, tf.sub(1, restart)));
      this.restartedTotal.assign(tf.add(this.restartedTotal, tf.sum(restart)));
    });
  }

  /** The first `count` of a seeded Fisher–Yates shuffle of 0 … total − 1 (partial shuffle). */
  private shuffledPrefix(total: number, count: number): Int32Array {
    const items = Int32Array.from({ length: total }, (_, i) => i);
    for (let i = 0; i < count; i++) {
      const j = i + Math.floor(this.uniform() * (total - i));
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items.slice(0, count);
  }
}
