import * as tf from '@tensorflow/tfjs-core';
import { IMAGE_PIXELS } from '../data/geometry';
import { discretisationTerm } from '../losses/discretised';
import { reconstructionNllPerImage } from '../losses/likelihood';
import { codeUsageFromCounts, nearestCodes, quantize, straightThrough, vqTerms } from '../losses/vq';
import { CodebookKeeper, DEFAULT_CODEBOOK_UPKEEP, oneHotRows, type CodebookUpkeep } from './codebookUpkeep';
import { createGridDecoder, createGridEncoder, GRID_SIDE, prefixed, type GridDecoder, type GridEncoder } from './networks';
import {
  DEFAULT_CODEBOOK_UPDATE,
  type CodebookStatistics,
  type CodebookUpdate,
  type Embedding,
  type EvaluationTerms,
  type LatentModel,
  type ModelBatch,
  type ModelSpec,
  type NamedWeight,
  type TermName,
} from './types';

export { DEFAULT_CODEBOOK_UPKEEP, type CodebookUpkeep } from './codebookUpkeep';

/** Code positions per image: the encoder's 7 × 7 grid. */
const POSITIONS = GRID_SIDE * GRID_SIDE;

/**
 * The codebook variable holds e / CODEBOOK_SCALE. Adam moves each stored number by about the learning
 * rate per step, so the codes themselves move CODEBOOK_SCALE× faster: fast enough to follow the
 * encoder's outputs while they grow early in training. With a plain Adam-updated codebook the codes
 * lag behind and the codebook term spikes about a hundredfold for ~50 steps (measured on MNIST).
 * (The EMA codebook stores its codes the same way; there the scale changes nothing.)
 */
export const CODEBOOK_SCALE = 30;

/**
 * VQ-VAE (van den Oord et al. 2017): grid encoder → z_e [n, 7, 7, D] → nearest of K codes → straight-through
 * → grid decoder → [n, 784] logits. Always the conv grid networks (`spec.network` is ignored).
 *
 * Codebook init U(−1/K, 1/K), as in the common PyTorch ports: every code starts near the origin, so early on
 * few codes win; dead-code restarts (an option of `afterStep`) revive the rest from recent encoder outputs.
 * The codebook learns by `spec.codebookUpdate`: Adam on the codebook term, or EMA updates (then the codebook
 * variable is not trainable, and it and the EMA state are in `variables` only so checkpoints restore them).
 */
export class VqVae implements LatentModel {
  readonly spec: ModelSpec;
  readonly inputSize = IMAGE_PIXELS;
  readonly termNames: readonly TermName[] = ['rec', 'codebook', 'commitment'];
  readonly embedDim: number;
  readonly codebookUpdate: CodebookUpdate;
  readonly encoder: GridEncoder;
  readonly decoder: GridDecoder;
  /** The K code vectors / CODEBOOK_SCALE → [K, D]; trainable only for the gradient codebook. */
  readonly codebookVariable: tf.Variable<tf.Rank.R2>;
  private readonly keeper: CodebookKeeper;
  /** Assignments and encoder outputs of the latest `lossTerms`, reused by `afterStep` when it gets the same input tensor. */
  private latest: { inputId: number; indices: tf.Tensor1D; ze: tf.Tensor2D } | null = null;

  constructor(spec: ModelSpec, upkeep: CodebookUpkeep = DEFAULT_CODEBOOK_UPKEEP) {
    if (spec.kind !== 'vqvae') throw new Error(`VqVae needs kind 'vqvae', got '${spec.kind}'`);
    const { codebookSize, codeDim, seed } = spec;
    if (!(codebookSize >= 1 && codeDim >= 1)) throw new Error(`VqVae: need K ≥ 1 and D ≥ 1, got K = ${codebookSize}, D = ${codeDim}`);
    this.spec = structuredClone(spec);
    this.codebookUpdate = spec.codebookUpdate ?? DEFAULT_CODEBOOK_UPDATE;
    this.embedDim = POSITIONS * codeDim;
    this.encoder = createGridEncoder(codeDim, seed);
    const codebookSeed = this.encoder.nextSeed;
    const limit = 1 / codebookSize / CODEBOOK_SCALE;
    const trainable = this.codebookUpdate === 'gradient';
    this.codebookVariable = tf.tidy(() => tf.variable(tf.randomUniform([codebookSize, codeDim], -limit, limit, 'float32', codebookSeed), trainable));
    this.decoder = createGridDecoder(codeDim, codebookSeed + 1);
    this.keeper = new CodebookKeeper({ variable: this.codebookVariable, scale: CODEBOOK_SCALE }, this.codebookUpdate, upkeep, seed ^ 0x5eed);
  }

  get variables(): tf.Variable[] {
    return [...this.encoder.variables, this.codebookVariable, ...this.decoder.variables, ...this.keeper.variables];
  }

  /**
   * `encoder/…`, `codebook` (the stored e / CODEBOOK_SCALE → [K, D]), `decoder/…`, for an EMA codebook
   * `codebook/ema/sizes` [K] and `codebook/ema/sums` [K, D] (in units of e), then `codebook/usage` [K], the
   * sampling prior (not in `variables`: no checkpoint or optimizer needs it, but `sample` reads it).
   */
  namedWeights(): NamedWeight[] {
    const ema = this.keeper.ema
      ? [
          { name: 'codebook/ema/sizes', variable: this.keeper.ema.sizes },
          { name: 'codebook/ema/sums', variable: this.keeper.ema.sums },
        ]
      : [];
    return [
      ...prefixed('encoder', this.encoder),
      { name: 'codebook', variable: this.codebookVariable },
      ...prefixed('decoder', this.decoder),
      ...ema,
      { name: 'codebook/usage', variable: this.keeper.usage },
    ];
  }

  /** [rec NLL, codebook term, commitment term], batch means in nats / squared distance per image (caller disposes). */
  lossTerms(batch: ModelBatch): tf.Scalar[] {
    return tf.tidy(() => {
      const { logits, indices, ze, terms } = this.forward(batch);
      this.remember(batch.input, indices, ze);
      return [tf.mean(reconstructionNllPerImage(logits, batch.target, this.spec.likelihood)) as tf.Scalar, ...terms];
    });
  }

  /** The three terms and the discretised NLL: discretised rec + 49 ln K, the KL of a one-hot q from a uniform prior (caller disposes). */
  evaluationTerms(batch: ModelBatch): EvaluationTerms {
    return tf.tidy(() => {
      const { logits, terms } = this.forward(batch);
      const { likelihood, codebookSize } = this.spec;
      const nll = reconstructionNllPerImage(logits, batch.target, likelihood);
      return {
        terms: [tf.mean(nll) as tf.Scalar, ...terms],
        discretisedNll: tf.add(tf.mean(tf.add(nll, discretisationTerm(logits, likelihood))), POSITIONS * Math.log(codebookSize)) as tf.Scalar,
      };
    });
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
   * Draws each of the 49 positions' code independently from the usage shares of recent training batches
   * (uniform before any step), then decodes → [count, 784] logits (caller disposes). The paper instead fits a
   * learned prior over the code grid (a PixelCNN); independent per-position sampling is a crude stand-in.
   */
  sample(count: number, seed: number): tf.Tensor2D {
    return tf.tidy(() => {
      const logits = tf.reshape(tf.log(tf.add(this.keeper.usage, 1e-12)), [1, this.spec.codebookSize]) as tf.Tensor2D;
      const indices = tf.reshape(tf.multinomial(logits, count * POSITIONS, seed), [count * POSITIONS]);
      return this.decodeRows(tf.gather(this.codes(), indices) as tf.Tensor2D);
    });
  }

  /**
   * After an optimizer step on `input`: folds the step's assignments into the usage, (EMA) moves each code
   * to the moving average of its vectors, buffers the encoder outputs and, with `restartDeadCodes`, restarts
   * codes no batch has chosen for a while. On the device, no read.
   */
  afterStep(input: tf.Tensor2D, options: { restartDeadCodes: boolean }): void {
    const latest = this.latest;
    this.latest = null;
    const fresh = () =>
      tf.tidy(() => {
        const ze = this.encodeRows(input);
        return { indices: nearestCodes(ze, this.codes()), ze };
      });
    const step = latest && latest.inputId === input.id ? latest : fresh();
    if (latest && step !== latest) tf.dispose([latest.indices, latest.ze]);
    this.keeper.record(step.indices, step.ze, options.restartDeadCodes);
    tf.dispose([step.indices, step.ze]);
  }

  /** A copy of the codebook → [K, D] (caller disposes). */
  codebook(): tf.Tensor2D {
    return this.codes();
  }

  /** Nearest-code assignment counts of the 49 encoder vectors in each row of `points` [n, 49·D] (from embed) → [K] float32 (caller disposes). */
  codeCounts(points: tf.Tensor2D): tf.Tensor1D {
    return tf.tidy(() => tf.sum(oneHotRows(nearestCodes(this.asRows(points), this.codes()), this.spec.codebookSize), 0) as tf.Tensor1D);
  }

  /**
   * Codebook health from where the encoder vectors in `points` [n, 49·D] (from embed) actually land: counts,
   * codes used, perplexity, shares; plus the training-side idle and restart counts. Reads `points` and the
   * model synchronously before its first await, so the caller may dispose `points` as soon as this returns.
   */
  async codebookStatistics(points: tf.Tensor2D): Promise<CodebookStatistics> {
    const counts = this.codeCounts(points);
    const training = this.keeper.trainingCounts();
    const usage = codeUsageFromCounts(await counts.data());
    counts.dispose();
    const total = usage.counts.reduce((sum, count) => sum + count, 0);
    return {
      ...usage,
      usage: usage.counts.map((count) => (total > 0 ? count / total : 0)),
      deadCodes: this.spec.codebookSize - usage.codesUsed,
      ...(await training),
    };
  }

  dispose(): void {
    tf.dispose([...this.encoder.variables, this.codebookVariable, ...this.decoder.variables]);
    this.keeper.dispose();
    if (this.latest) tf.dispose([this.latest.indices, this.latest.ze]);
    this.latest = null;
  }

  /** Decoder logits [n, 784] through the straight-through estimator, indices [n·49], z_e rows [n·49, D] and [codebook, commitment]. */
  private forward(batch: ModelBatch) {
    const ze = this.encodeRows(batch.input);
    const { quantized, indices } = quantize(ze, this.codes());
    const { codebook, commitment } = vqTerms(ze, quantized, POSITIONS);
    return { logits: this.decodeRows(straightThrough(ze, quantized)), indices, ze, terms: [codebook, commitment] };
  }

  /** Keeps this step's assignments and encoder outputs (off the tape's lifetime) for `afterStep`. */
  private remember(input: tf.Tensor2D, indices: tf.Tensor1D, ze: tf.Tensor2D): void {
    if (this.latest) tf.dispose([this.latest.indices, this.latest.ze]);
    this.latest = { inputId: input.id, indices: tf.keep(tf.clone(indices)), ze: tf.keep(tf.clone(ze)) };
  }

  /** The code vectors e = CODEBOOK_SCALE × the stored variable → [K, D] (caller disposes; differentiable). */
  private codes(): tf.Tensor2D {
    return tf.mul(this.codebookVariable, CODEBOOK_SCALE);
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
}
