import * as tf from '@tensorflow/tfjs';
import { discretisedNllPerImage } from '../losses/discretised';
import { reconstructionNllPerImage } from '../losses/likelihood';
import { nearestCodes, perplexity, quantize, straightThrough, vqTerms } from '../losses/vq';
import { mulberry32, standardNormals } from '../math/random';
import { createGridDecoder, createGridEncoder, GRID_SIDE, type GridDecoder, type GridEncoder } from './networks';
import type { CodebookStatistics, Embedding, EvaluationTerms, LatentModel, ModelBatch, ModelSpec, TermName } from './types';

/** Code positions per image: the encoder's 7 × 7 grid. */
const POSITIONS = GRID_SIDE * GRID_SIDE;

/** Codebook bookkeeping; the defaults are what the lab uses, tests shorten the restart interval. */
export interface CodebookUpkeep {
  /** Usage is an exponential moving average of per-batch code shares with this decay (≈ 1/(1 − decay) batches). */
  usageDecay: number;
  /** With restarts on, dead codes are restarted every this many steps (one synchronous read of K numbers). */
  restartEvery: number;
  /** A code is dead when its usage share is below this fraction of the uniform share 1/K. */
  deadShareOfUniform: number;
  /** A restarted code is an encoder output plus N(0, (noiseScale · RMS of the batch's z_e)²) noise. */
  restartNoiseScale: number;
}

/**
 * The codebook variable holds e / CODEBOOK_SCALE. Adam moves each stored number by about the learning
 * rate per step, so the codes themselves move CODEBOOK_SCALE× faster: fast enough to follow the
 * encoder's outputs while they grow early in training. With a plain Adam-updated codebook the codes
 * lag behind and the codebook term spikes about a hundredfold for ~50 steps (measured on MNIST).
 */
const CODEBOOK_SCALE = 30;

export const DEFAULT_CODEBOOK_UPKEEP: CodebookUpkeep = {
  usageDecay: 0.99,
  restartEvery: 100,
  deadShareOfUniform: 0.01,
  restartNoiseScale: 0.01,
};

/**
 * VQ-VAE (van den Oord et al. 2017): grid encoder → z_e [n, 7, 7, D] → nearest of K codes → straight-through
 * → grid decoder → [n, 784] logits. Always the conv grid networks (`spec.network` is ignored).
 *
 * Codebook init U(−1/K, 1/K), as in the common PyTorch ports: every code starts near the origin, so early on
 * few codes win; dead-code restarts (an option of `afterStep`) revive the rest from encoder outputs.
 */
export class VqVae implements LatentModel {
  readonly spec: ModelSpec;
  readonly inputSize = 784;
  readonly termNames: readonly TermName[] = ['rec', 'codebook', 'commitment'];
  readonly embedDim: number;
  readonly encoder: GridEncoder;
  readonly decoder: GridDecoder;
  /** The K code vectors → [K, D], trained by the codebook term. */
  readonly codebookVariable: tf.Variable<tf.Rank.R2>;
  /** Moving average of code shares → [K] (not trainable; unnormalized only before the first step). */
  private readonly usageAverage: tf.Variable<tf.Rank.R1>;
  /** Code counts from the latest `lossTerms`, reused by `afterStep` when it gets the same input tensor. */
  private latestCounts: { inputId: number; counts: tf.Tensor1D } | null = null;
  private readonly restartUniform: () => number;
  private steps = 0;
  private restarted = 0;

  constructor(
    spec: ModelSpec,
    private readonly upkeep: CodebookUpkeep = DEFAULT_CODEBOOK_UPKEEP,
  ) {
    if (spec.kind !== 'vqvae') throw new Error(`VqVae needs kind 'vqvae', got '${spec.kind}'`);
    const { codebookSize, codeDim, seed } = spec;
    if (!(codebookSize >= 1 && codeDim >= 1)) throw new Error(`VqVae: need K ≥ 1 and D ≥ 1, got K = ${codebookSize}, D = ${codeDim}`);
    this.spec = structuredClone(spec);
    this.embedDim = POSITIONS * codeDim;
    this.encoder = createGridEncoder(codeDim, seed);
    const codebookSeed = this.encoder.nextSeed;
    this.codebookVariable = tf.tidy(() =>
      tf.variable(tf.randomUniform([codebookSize, codeDim], -1 / codebookSize / CODEBOOK_SCALE, 1 / codebookSize / CODEBOOK_SCALE, 'float32', codebookSeed)),
    );
    this.decoder = createGridDecoder(codeDim, codebookSeed + 1);
    this.usageAverage = tf.variable(tf.zeros([codebookSize]), false);
    this.restartUniform = mulberry32(seed ^ 0x5eed);
  }

  get variables(): tf.Variable[] {
    return [...this.encoder.variables, this.codebookVariable, ...this.decoder.variables];
  }

  /** [rec NLL, codebook term, commitment term], batch means in nats / squared distance per image (caller disposes). */
  lossTerms(batch: ModelBatch): tf.Scalar[] {
    return tf.tidy(() => {
      const { logits, indices, terms } = this.forward(batch);
      this.rememberCounts(batch.input, indices);
      return [tf.mean(reconstructionNllPerImage(logits, batch.target, this.spec.likelihood)) as tf.Scalar, ...terms];
    });
  }

  /** The three terms and the discretised NLL: discretised rec + 49 ln K, the KL of a one-hot q from a uniform prior (caller disposes). */
  evaluationTerms(batch: ModelBatch): EvaluationTerms {
    return tf.tidy(() => {
      const { logits, terms } = this.forward(batch);
      const { likelihood, codebookSize } = this.spec;
      return {
        terms: [tf.mean(reconstructionNllPerImage(logits, batch.target, likelihood)) as tf.Scalar, ...terms],
        discretisedNll: tf.add(tf.mean(discretisedNllPerImage(logits, batch.target, likelihood)), POSITIONS * Math.log(codebookSize)) as tf.Scalar,
      };
    });
  }

  /** Decoder logits [n, 784] through the straight-through estimator, the code indices [n·49] and [codebook, commitment]. */
  private forward(batch: ModelBatch): { logits: tf.Tensor2D; indices: tf.Tensor1D; terms: tf.Scalar[] } {
    const ze = this.encodeRows(batch.input);
    const { quantized, indices } = quantize(ze, this.codes());
    const { codebook, commitment } = vqTerms(ze, quantized, POSITIONS);
    return { logits: this.decodeRows(straightThrough(ze, quantized)), indices, terms: [codebook, commitment] };
  }

  /** points: the encoder outputs z_e, flattened position-major → [n, 49·D] (caller disposes). */
  embed(x: tf.Tensor2D): Embedding {
    return { points: tf.tidy(() => tf.reshape(this.encoder.apply(x), [x.shape[0], this.embedDim])) };
  }

  /** Quantizes each of the 49 vectors to its nearest code, then decodes: [n, 49·D] → [n, 784] logits (caller disposes). */
  decodeEmbedding(points: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => this.decodeRows(quantize(this.asRows(points), this.codes()).quantized));
  }

  /**
   * Draws each of the 49 positions' code independently from the empirical usage (uniform before any step),
   * then decodes → [count, 784] logits (caller disposes). The paper instead fits a learned prior over the code
   * grid (a PixelCNN); independent per-position sampling is a crude stand-in, so samples look patchy.
   */
  sample(count: number, seed: number): tf.Tensor2D {
    return tf.tidy(() => {
      const logits = tf.reshape(tf.log(tf.add(this.usageAverage, 1e-12)), [1, this.spec.codebookSize]) as tf.Tensor2D;
      const indices = tf.reshape(tf.multinomial(logits, count * POSITIONS, seed), [count * POSITIONS]);
      return this.decodeRows(tf.gather(this.codes(), indices) as tf.Tensor2D);
    });
  }

  /**
   * Folds this batch's code shares into the usage average (on-device, no read) and, when `restartDeadCodes`
   * is on, every `restartEvery` steps moves dead codes onto random encoder outputs of this batch.
   */
  afterStep(input: tf.Tensor2D, options: { restartDeadCodes: boolean }): void {
    const counts = this.countsFor(input);
    const { usageDecay, restartEvery } = this.upkeep;
    const rows = input.shape[0] * POSITIONS;
    tf.tidy(() => this.usageAverage.assign(tf.add(tf.mul(this.usageAverage, usageDecay), tf.mul(counts, (1 - usageDecay) / rows))));
    counts.dispose();
    this.steps += 1;
    if (options.restartDeadCodes && this.steps % restartEvery === 0) this.restartDeadCodes(input);
  }

  /** A copy of the codebook → [K, D] (caller disposes). */
  codebook(): tf.Tensor2D {
    return this.codes();
  }

  /** The code vectors e = CODEBOOK_SCALE × the stored variable → [K, D] (caller disposes; differentiable). */
  private codes(): tf.Tensor2D {
    return tf.mul(this.codebookVariable, CODEBOOK_SCALE);
  }

  /**
   * Usage shares (all zero before the first `afterStep`), their perplexity, dead and restarted code counts.
   * Reads the model synchronously before its first await; the returned arrays are copies (the cpu
   * backend's data() hands out the variable's own storage).
   */
  async codebookStatistics(): Promise<CodebookStatistics> {
    const snapshot = tf.clone(this.usageAverage);
    const usage = Float32Array.from(await snapshot.data<'float32'>());
    snapshot.dispose();
    const total = usage.reduce((sum, value) => sum + value, 0);
    if (total > 0) usage.forEach((value, k) => (usage[k] = value / total));
    return {
      usage,
      perplexity: perplexity(usage),
      deadCodes: this.deadCodes(usage).length,
      restartedCodes: this.restarted,
    };
  }

  dispose(): void {
    tf.dispose([...this.variables, this.usageAverage]);
    this.latestCounts?.counts.dispose();
    this.latestCounts = null;
  }

  /** [n, 784] → z_e rows [n·49, D], one image's 49 rows consecutive. */
  private encodeRows(x: tf.Tensor2D): tf.Tensor2D {
    return tf.reshape(this.encoder.apply(x), [x.shape[0] * POSITIONS, this.spec.codeDim]);
  }

  private asRows(points: tf.Tensor2D): tf.Tensor2D {
    return tf.reshape(points, [points.shape[0] * POSITIONS, this.spec.codeDim]);
  }

  /** Code rows [n·49, D] → [n, 784] logits. */
  private decodeRows(rows: tf.Tensor2D): tf.Tensor2D {
    return this.decoder.apply(tf.reshape(rows, [rows.shape[0] / POSITIONS, GRID_SIDE, GRID_SIDE, this.spec.codeDim]));
  }

  private codeCounts(indices: tf.Tensor1D): tf.Tensor1D {
    return tf.sum(tf.oneHot(indices, this.spec.codebookSize), 0);
  }

  private rememberCounts(input: tf.Tensor2D, indices: tf.Tensor1D): void {
    this.latestCounts?.counts.dispose();
    this.latestCounts = { inputId: input.id, counts: tf.keep(this.codeCounts(indices)) };
  }

  /** Per-code counts for `input`: those of the step's own `lossTerms` call if it saw this tensor, else recomputed. */
  private countsFor(input: tf.Tensor2D): tf.Tensor1D {
    const latest = this.latestCounts;
    this.latestCounts = null;
    if (latest && latest.inputId === input.id) return latest.counts;
    latest?.counts.dispose();
    return tf.tidy(() => this.codeCounts(nearestCodes(this.encodeRows(input), this.codes())));
  }

  private deadCodes(usage: Float32Array): number[] {
    const total = usage.reduce((sum, value) => sum + value, 0);
    const threshold = (total * this.upkeep.deadShareOfUniform) / this.spec.codebookSize;
    return Array.from(usage.keys()).filter((k) => !(total > 0) || usage[k] < threshold);
  }

  /**
   * Moves dead codes (in random order) onto distinct random encoder outputs of this batch plus a little noise,
   * and gives them the uniform usage share so they are not restarted again at once. With more dead codes than
   * the batch's n·49 vectors, the leftovers stay dead (still counted in deadCodes) until the next restart.
   */
  private restartDeadCodes(input: tf.Tensor2D): void {
    const usage = this.usageAverage.dataSync<'float32'>();
    const { codebookSize, codeDim } = this.spec;
    const rows = input.shape[0] * POSITIONS;
    const dead = this.shuffledPrefix(this.deadCodes(usage), codebookSize);
    const restartCount = Math.min(dead.length, rows);
    if (restartCount === 0) return;
    const chosenRows = this.shuffledPrefix(Array.from({ length: rows }, (_, i) => i), restartCount);
    const source = new Int32Array(codebookSize);
    const mask = new Float32Array(codebookSize);
    dead.slice(0, restartCount).forEach((code, i) => ([source[code], mask[code]] = [chosenRows[i], 1]));
    const uniformShare = usage.reduce((sum, value) => sum + value, 0) / codebookSize;
    const noise = standardNormals(codebookSize * codeDim, this.restartUniform);
    tf.tidy(() => {
      const ze = this.encodeRows(input);
      const noiseScale = tf.mul(tf.sqrt(tf.mean(tf.square(ze))), this.upkeep.restartNoiseScale);
      const fresh = tf.add(tf.gather(ze, source), tf.mul(tf.tensor2d(noise, [codebookSize, codeDim]), noiseScale));
      const restartMask = tf.tensor1d(mask).cast('bool');
      this.codebookVariable.assign(tf.where(tf.reshape(restartMask, [codebookSize, 1]), tf.div(fresh, CODEBOOK_SCALE), this.codebookVariable) as tf.Tensor2D);
      this.usageAverage.assign(tf.where(restartMask, tf.fill([codebookSize], uniformShare), this.usageAverage) as tf.Tensor1D);
    });
    this.restarted += restartCount;
  }

  /** The first `count` items of a seeded Fisher–Yates shuffle of `items` (partial shuffle, O(count)). */
  private shuffledPrefix(items: number[], count: number): number[] {
    const result = items.slice();
    const take = Math.min(count, result.length);
    for (let i = 0; i < take; i++) {
      const j = i + Math.floor(this.restartUniform() * (result.length - i));
      [result[i], result[j]] = [result[j], result[i]];
    }
    return result.slice(0, take);
  }
}
