import * as tf from '@tensorflow/tfjs-core';
import { IMAGE_PIXELS } from '../data/geometry';
import { discretisationTerm } from '../losses/discretised';
import { reconstructionNllPerImage } from '../losses/likelihood';
import { pitfallEpsilon, pitfallKlPerImage, type VaePitfall } from '../losses/pitfalls';
import { reparameterize } from '../losses/reparameterize';
import { Dense } from './dense';
import { createDecoder, createEncoderTrunk, prefixed, type FlatNetwork } from './networks';
import type { Embedding, EvaluationTerms, LatentModel, ModelBatch, ModelSpec, NamedWeight, TermName } from './types';

/**
 * VAE: q(z|x) = N(μ, diag σ²) from two linear heads on the encoder trunk, p(z) = N(0, I), p(x|z) from the decoder.
 * MLP: 784 → hidden (ReLU) → μ, log σ² and z → hidden (ReLU) → 784 logits; every layer uses PyTorch's nn.Linear
 * init with the same seeds as before the ModelSpec refactor (so CLI numbers still match the PyTorch reference).
 * `options.pitfall` (default 'none') trains with one of the lecture notes' mistakes in the KL or in ε.
 */
export class Vae implements LatentModel {
  readonly inputSize = IMAGE_PIXELS;
  readonly termNames: readonly TermName[] = ['rec', 'kl'];
  readonly embedDim: number;
  private readonly trunk: FlatNetwork;
  private readonly meanHead: Dense;
  private readonly logVarHead: Dense;
  private readonly decoder: FlatNetwork;
  readonly pitfall: VaePitfall;

  constructor(
    readonly spec: ModelSpec & { kind: 'vae' },
    options: { pitfall?: VaePitfall } = {},
  ) {
    this.pitfall = options.pitfall ?? 'none';
    const { network, hiddenUnits, latentDim, seed } = spec;
    this.embedDim = latentDim;
    const trunk = createEncoderTrunk(network, hiddenUnits, seed);
    this.trunk = trunk;
    this.meanHead = new Dense(trunk.outFeatures, latentDim, 'linear', trunk.nextSeed);
    this.logVarHead = new Dense(trunk.outFeatures, latentDim, 'linear', trunk.nextSeed + 2);
    this.decoder = createDecoder(network, hiddenUnits, latentDim, trunk.nextSeed + 4);
  }

  /** [rec, kl] batch means in nats per image, one z = μ + σ·ε per image with ε seeded by noiseSeed (caller disposes). */
  lossTerms(batch: ModelBatch, noiseSeed: number): tf.Scalar[] {
    return tf.tidy(() => {
      const { output, kl } = this.forward(batch.input, noiseSeed, this.pitfall);
      return [tf.mean(reconstructionNllPerImage(output, batch.target, this.spec.likelihood)) as tf.Scalar, tf.mean(kl) as tf.Scalar];
    });
  }

  /**
   * [rec, kl] and the discretised −ELBO (discretised rec + KL, nats per image) from the same draw of ε (caller disposes).
   * Always the correct ELBO, also for a model trained with a pitfall: its test numbers say what the mistake cost.
   */
  evaluationTerms(batch: ModelBatch, noiseSeed: number): EvaluationTerms {
    return tf.tidy(() => {
      const { output, kl } = this.forward(batch.input, noiseSeed, 'none');
      const { likelihood } = this.spec;
      const nll = reconstructionNllPerImage(output, batch.target, likelihood);
      return {
        terms: [tf.mean(nll) as tf.Scalar, tf.mean(kl) as tf.Scalar],
        discretisedNll: tf.mean(tf.addN([nll, discretisationTerm(output, likelihood), kl])) as tf.Scalar,
      };
    });
  }

  /** points = μ, logVar = log σ², both [n, latentDim] (caller disposes). */
  embed(x: tf.Tensor2D): Embedding {
    return this.encode(x);
  }

  /** [n, latentDim] → [n, 784] logits (caller disposes). */
  decodeEmbedding(points: tf.Tensor2D): tf.Tensor2D {
    return this.decoder.apply(points);
  }

  /** Decodes z ~ p(z) = N(0, I) → [count, 784] logits (caller disposes). */
  sample(count: number, seed: number): tf.Tensor2D {
    return tf.tidy(() => this.decoder.apply(tf.randomNormal([count, this.spec.latentDim], 0, 1, 'float32', seed)));
  }

  get variables(): tf.Variable[] {
    return [...this.trunk.variables, ...this.meanHead.variables, ...this.logVarHead.variables, ...this.decoder.variables];
  }

  /** `encoder/…` (the trunk), `mean/kernel|bias`, `logVar/kernel|bias`, `decoder/…`: the order of `variables`. */
  namedWeights(): NamedWeight[] {
    const head = (name: string, layer: Dense) => [
      { name: `${name}/kernel`, variable: layer.kernel },
      { name: `${name}/bias`, variable: layer.bias },
    ];
    return [...prefixed('encoder', this.trunk), ...head('mean', this.meanHead), ...head('logVar', this.logVarHead), ...prefixed('decoder', this.decoder)];
  }

  dispose(): void {
    tf.dispose(this.variables);
  }

  /** Decoder logits [n, 784] for one z = μ + σ·ε per image, and the KL of each q(z|x) → [n] (caller disposes). */
  /** Decoder output for one z = μ + σ·ε per row and the KL per row, with ε and the KL as `pitfall` has them (caller disposes). */
  private forward(input: tf.Tensor2D, noiseSeed: number, pitfall: VaePitfall): { output: tf.Tensor2D; kl: tf.Tensor1D } {
    return tf.tidy(() => {
      const { points: mean, logVar } = this.encode(input);
      const epsilon = pitfallEpsilon([input.shape[0], this.spec.latentDim], pitfall, noiseSeed);
      return { output: this.decoder.apply(reparameterize(mean, logVar, epsilon)), kl: pitfallKlPerImage(mean, logVar, pitfall) };
    });
  }

  private encode(x: tf.Tensor2D): { points: tf.Tensor2D; logVar: tf.Tensor2D } {
    return tf.tidy(() => {
      const features = this.trunk.apply(x);
      return { points: this.meanHead.apply(features), logVar: this.logVarHead.apply(features) };
    });
  }
}
