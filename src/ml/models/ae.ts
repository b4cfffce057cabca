import * as tf from '@tensorflow/tfjs-core';
import { IMAGE_PIXELS } from '../data/geometry';
import { discretisationTerm } from '../losses/discretised';
import { reconstructionNllPerImage } from '../losses/likelihood';
import { createDecoder, createEncoder, prefixed, type FlatNetwork } from './networks';
import type { Embedding, EvaluationTerms, LatentModel, ModelBatch, ModelSpec, NamedWeight, TermName } from './types';

/** The deterministic autoencoders the lab compares; they differ only in what the trainer feeds the encoder. */
export type AutoencoderKind = 'ae' | 'dae' | 'mae';

/**
 * Deterministic autoencoder z = f(x) → [n, latentDim], x̂ = g(z) → [n, 784] logits, trained on rec = −log p(x | g(f(x̃))).
 * AE, DAE (noisy x̃) and MAE (masked x̃) share this network; the trainer corrupts the input before `lossTerms`.
 * The MAE (He et al. 2022) differs in two ways: its encoder also sees the mask ([masked image ‖ mask] for the
 * MLP, a second channel for the conv net), so a hidden pixel is not mistaken for black background; and its rec
 * scores only the hidden pixels, so it is nats per image summed over the hidden pixels, not all 784.
 * latentDim may exceed 784 (an over-complete code, which a plain AE can learn to copy through).
 * An AE has no prior over z: `sample` decodes z ~ N(0, I), which rarely lands where the codes live, so its
 * samples are usually garbage — the gap the VAE's KL term closes.
 */
export class Autoencoder implements LatentModel {
  readonly inputSize = IMAGE_PIXELS;
  readonly termNames: readonly TermName[] = ['rec'];
  readonly embedDim: number;
  private readonly encoder: FlatNetwork;
  private readonly decoder: FlatNetwork;

  constructor(readonly spec: ModelSpec & { kind: AutoencoderKind }) {
    this.embedDim = spec.latentDim;
    const inputPlanes = spec.kind === 'mae' ? 2 : 1;
    this.encoder = createEncoder(spec.network, spec.hiddenUnits, spec.latentDim, spec.seed, inputPlanes);
    this.decoder = createDecoder(spec.network, spec.hiddenUnits, spec.latentDim, this.encoder.nextSeed);
  }

  /** [rec]: batch-mean NLL of decode(encode(input)) against target, nats per image (MAE: hidden pixels only; caller disposes). */
  lossTerms(batch: ModelBatch): tf.Scalar[] {
    return [tf.tidy(() => tf.mean(reconstructionNllPerImage(this.reconstruct(batch), batch.target, this.spec.likelihood, this.scored(batch))) as tf.Scalar)];
  }

  /** [rec] and the discretised NLL of the same reconstruction, over the same pixels (caller disposes). */
  evaluationTerms(batch: ModelBatch): EvaluationTerms {
    return tf.tidy(() => {
      const output = this.reconstruct(batch);
      const scored = this.scored(batch);
      const nll = reconstructionNllPerImage(output, batch.target, this.spec.likelihood, scored);
      return {
        terms: [tf.mean(nll) as tf.Scalar],
        discretisedNll: tf.mean(tf.add(nll, discretisationTerm(output, this.spec.likelihood, scored))) as tf.Scalar,
      };
    });
  }

  /** points = z → [n, latentDim] (caller disposes). MAE: `hidden` marks the hidden pixels; omitted = all visible. */
  embed(x: tf.Tensor2D, hidden?: tf.Tensor2D | null): Embedding {
    return { points: this.encode(x, hidden ?? null) };
  }

  /** [n, latentDim] → [n, 784] logits (caller disposes). */
  decodeEmbedding(points: tf.Tensor2D): tf.Tensor2D {
    return this.decoder.apply(points);
  }

  /** Decodes z ~ N(0, I) → [count, 784] logits (caller disposes); see the class comment for why these look bad. */
  sample(count: number, seed: number): tf.Tensor2D {
    return tf.tidy(() => this.decoder.apply(tf.randomNormal([count, this.spec.latentDim], 0, 1, 'float32', seed)));
  }

  /** Encoder output; the MAE's encoder reads [x ‖ hidden] → [n, latentDim] (caller disposes). */
  private encode(x: tf.Tensor2D, hidden: tf.Tensor2D | null): tf.Tensor2D {
    if (this.spec.kind !== 'mae') return this.encoder.apply(x);
    return tf.tidy(() => this.encoder.apply(tf.concat([x, hidden ?? tf.zerosLike(x)], 1)));
  }

  /** Decoder logits for the batch's input → [n, 784] (caller disposes). */
  private reconstruct(batch: ModelBatch): tf.Tensor2D {
    return tf.tidy(() => this.decoder.apply(this.encode(batch.input, batch.hidden)));
  }

  /** The pixels rec scores: the MAE's hidden ones (all of them if it got no mask); undefined = all 784. */
  private scored(batch: ModelBatch): tf.Tensor2D | undefined {
    return this.spec.kind === 'mae' && batch.hidden ? batch.hidden : undefined;
  }

  get variables(): tf.Variable[] {
    return [...this.encoder.variables, ...this.decoder.variables];
  }

  /** `encoder/…` then `decoder/…`: the order of `variables`. */
  namedWeights(): NamedWeight[] {
    return [...prefixed('encoder', this.encoder), ...prefixed('decoder', this.decoder)];
  }

  dispose(): void {
    tf.dispose(this.variables);
  }
}
