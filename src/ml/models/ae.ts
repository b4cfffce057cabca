import * as tf from '@tensorflow/tfjs';
import { reconstructionNllPerImage } from '../losses/likelihood';
import { createDecoder, createEncoder, type FlatNetwork } from './networks';
import type { Embedding, LatentModel, ModelSpec, TermName } from './types';

/** The deterministic autoencoders the lab compares; they differ only in what the trainer feeds the encoder. */
export type AutoencoderKind = 'ae' | 'dae' | 'mae';

/**
 * Deterministic autoencoder z = f(x) → [n, latentDim], x̂ = g(z) → [n, 784] logits, trained on rec = −log p(x | g(f(x̃))).
 * AE, DAE (noisy x̃) and MAE (masked x̃) share this network; the trainer corrupts the input before `lossTerms`.
 * latentDim may exceed 784 (an over-complete code, which a plain AE can learn to copy through).
 * An AE has no prior over z: `sample` decodes z ~ N(0, I), which rarely lands where the codes live, so its
 * samples are usually garbage — the gap the VAE's KL term closes.
 */
export class Autoencoder implements LatentModel {
  readonly inputSize = 784;
  readonly termNames: readonly TermName[] = ['rec'];
  readonly embedDim: number;
  private readonly encoder: FlatNetwork;
  private readonly decoder: FlatNetwork;

  constructor(readonly spec: ModelSpec & { kind: AutoencoderKind }) {
    this.embedDim = spec.latentDim;
    this.encoder = createEncoder(spec.network, spec.hiddenUnits, spec.latentDim, spec.seed);
    this.decoder = createDecoder(spec.network, spec.hiddenUnits, spec.latentDim, this.encoder.nextSeed);
  }

  /** [rec]: batch-mean NLL of decode(encode(input)) against target, nats per image (caller disposes). */
  lossTerms(input: tf.Tensor2D, target: tf.Tensor2D): tf.Scalar[] {
    return [
      tf.tidy(() => tf.mean(reconstructionNllPerImage(this.decoder.apply(this.encoder.apply(input)), target, this.spec.likelihood)) as tf.Scalar),
    ];
  }

  /** points = z → [n, latentDim] (caller disposes). */
  embed(x: tf.Tensor2D): Embedding {
    return { points: this.encoder.apply(x) };
  }

  /** [n, latentDim] → [n, 784] logits (caller disposes). */
  decodeEmbedding(points: tf.Tensor2D): tf.Tensor2D {
    return this.decoder.apply(points);
  }

  /** Decodes z ~ N(0, I) → [count, 784] logits (caller disposes); see the class comment for why these look bad. */
  sample(count: number, seed: number): tf.Tensor2D {
    return tf.tidy(() => this.decoder.apply(tf.randomNormal([count, this.spec.latentDim], 0, 1, 'float32', seed)));
  }

  get variables(): tf.Variable[] {
    return [...this.encoder.variables, ...this.decoder.variables];
  }

  dispose(): void {
    tf.dispose(this.variables);
  }
}
