import type * as tf from '@tensorflow/tfjs-core';
import type { ModelKind, NetworkKind, TermName } from './family';

export type { ModelKind, NetworkKind, TermName };

/** The autoencoder families the lab teaches. */

/**
 * p(x|z) from the decoder output (logits l): Bernoulli (BCE on logits; a pmf, not a density on grey pixels),
 * continuous Bernoulli with λ = sigmoid(l) (a density on [0, 1]; its mean is not λ, see likelihoodMean), or
 * Gaussian with a fixed variance around mean = sigmoid(l).
 */
export type Likelihood = { kind: 'bernoulli' } | { kind: 'continuousBernoulli' } | { kind: 'gaussian'; variance: number };

/**
 * How a VQ-VAE learns its codebook: 'gradient' — Adam on the codebook term ‖sg[z_e] − e‖²; 'ema' — each code
 * becomes an exponential moving average of the encoder outputs assigned to it (van den Oord et al. 2017,
 * appendix A.1), and the codebook term is reported but has no parameter to train.
 */
export type CodebookUpdate = 'gradient' | 'ema';
/** What a VQ-VAE uses when its spec does not say. */
export const DEFAULT_CODEBOOK_UPDATE: CodebookUpdate = 'ema';

/** Everything that fixes a model's shape and initial weights. */
export interface ModelSpec {
  kind: ModelKind;
  network: NetworkKind;
  likelihood: Likelihood;
  /** Code size of AE / DAE / MAE / VAE (may exceed 784 for an over-complete AE). */
  latentDim: number;
  /** Width of MLP hidden layers (conv networks use fixed channel counts). */
  hiddenUnits: number;
  /** VQ-VAE: number of codebook vectors K and their dimension D. */
  codebookSize: number;
  codeDim: number;
  /** VQ-VAE: how the codebook learns (DEFAULT_CODEBOOK_UPDATE when absent); ignored by other models. */
  codebookUpdate?: CodebookUpdate;
  seed: number;
}

/** A variable and its stable name, e.g. `encoder/dense0/kernel` (the name a saved model file gives it). */
export interface NamedWeight {
  name: string;
  variable: tf.Variable;
}

/** One point per image for the latent panel and interpolation (caller disposes). */
export interface Embedding {
  /** AE: z; VAE: μ; VQ-VAE: the flattened grid of encoder outputs z_e → [n, embedDim]. */
  points: tf.Tensor2D;
  /** VAE only: log σ² per dimension → [n, embedDim]. */
  logVar?: tf.Tensor2D;
}

/** How a set of encoder vectors spreads over the codes, from their nearest-code assignments. */
export interface CodeUsage {
  /** Vectors assigned to each code → length K. */
  counts: Float32Array;
  /** Codes at least one vector chose (count > 0). */
  codesUsed: number;
  /** exp(H) of the assignment shares: the effective number of codes in use. */
  perplexity: number;
}

/** VQ-VAE codebook health: actual assignments of the given images' vectors, and the training-side bookkeeping. */
export interface CodebookStatistics extends CodeUsage {
  /** Each code's share of the assignments (counts / total, sums to 1) → length K. */
  usage: Float32Array;
  /** Codes none of the given images' vectors chose: K − codesUsed. */
  deadCodes: number;
  /** Codes no training batch has chosen for a while (the restart candidates). */
  idleCodes: number;
  /** Codes restarted from encoder outputs since the model was built. */
  restartedCodes: number;
}

/** One batch as a model sees it; the caller owns and disposes all its tensors. */
export interface ModelBatch {
  /** What the encoder sees → [n, 784]: the clean images, or corrupted ones for DAE / MAE. */
  input: tf.Tensor2D;
  /** The clean images the reconstruction is scored against → [n, 784]. */
  target: tf.Tensor2D;
  /** MAE: 1 where a pixel is hidden, 0 where it is visible → [n, 784]; null for every other model. */
  hidden: tf.Tensor2D | null;
}

/** Batch means for reporting, not for training (caller disposes every tensor). */
export interface EvaluationTerms {
  /** The `lossTerms` values, in `termNames` order. */
  terms: tf.Scalar[];
  /**
   * The 8-bit discretised NLL (losses/discretised.ts) in nats per image, over the pixels rec scores (MAE: the
   * hidden ones). VAE: discretised rec + KL, a bound on −log P(x). VQ-VAE: discretised rec + 49 ln K, the KL
   * of its one-hot q(code) from a uniform prior, so also a bound. AE / DAE / MAE: the discretised rec alone,
   * a reconstruction cost, not a likelihood (they have no prior).
   */
  discretisedNll: tf.Scalar;
}

/** What every model family offers the trainer, the probes and the CLI. */
export interface LatentModel {
  readonly spec: ModelSpec;
  readonly inputSize: number;
  /** The unweighted terms `lossTerms` returns, in order. */
  readonly termNames: readonly TermName[];
  /** Length of each embedding vector. */
  readonly embedDim: number;
  /**
   * Batch-mean loss terms in `termNames` order (caller disposes); `noiseSeed` seeds ε ~ N(0, I) for a VAE.
   * rec is a negative log-likelihood in nats per image, summed over all 784 pixels — for the MAE over the
   * hidden pixels only; VQ terms are squared distances summed per image.
   */
  lossTerms(batch: ModelBatch, noiseSeed: number): tf.Scalar[];
  /** The same terms plus the discretised NLL, from one forward pass (caller disposes). */
  evaluationTerms(batch: ModelBatch, noiseSeed: number): EvaluationTerms;
  /** Deterministic code of each image (caller disposes). MAE: `hidden` as in ModelBatch; omitted = all visible. */
  embed(x: tf.Tensor2D, hidden?: tf.Tensor2D | null): Embedding;
  /** Decoder output for embeddings → [n, 784] logits (display: likelihoodMean). VQ-VAE quantizes first. */
  decodeEmbedding(points: tf.Tensor2D): tf.Tensor2D;
  /** Decoder output for `count` draws from the model's sampler → [n, 784] logits (caller disposes). */
  sample(count: number, seed: number): tf.Tensor2D;
  /** Per-model bookkeeping after a training step on `input` (VQ-VAE: usage, dead-code restarts). */
  afterStep?(input: tf.Tensor2D, options: { restartDeadCodes: boolean }): void;
  /** VQ-VAE: codebook vectors (caller disposes). */
  codebook?(): tf.Tensor2D;
  /** VQ-VAE: how many of the encoder vectors in `points` [n, embedDim] (from embed) pick each code → [K] (caller disposes). */
  codeCounts?(points: tf.Tensor2D): tf.Tensor1D;
  /** VQ-VAE: codebook health from the nearest-code assignments of the vectors in `points` (the page: its probe digits). */
  codebookStatistics?(points: tf.Tensor2D): Promise<CodebookStatistics>;
  readonly variables: tf.Variable[];
  /**
   * Every variable a saved model needs, each once, with a stable readable name, in a fixed order (the file's):
   * all of `variables` (e.g. `encoder/dense0/kernel`, `mean/bias`, `decoder/dense1/kernel`, `codebook`,
   * `codebook/ema/sizes`) plus state that is not trained but changes what the model computes (VQ-VAE:
   * `codebook/usage`, the sampling prior). The variables stay the model's.
   */
  namedWeights(): NamedWeight[];
  dispose(): void;
}
