import * as tf from '@tensorflow/tfjs';
import { reparameterize } from '../losses/reparameterize';
import { vaeTerms, type VaeTerms } from '../losses/vaeTerms';
import { Dense } from './dense';
import type { GaussianCode, LatentModel } from './types';

export interface MlpVaeOptions {
  inputSize: number;
  hiddenUnits: number;
  latentDim: number;
  seed: number;
}

/** MLP VAE: 784 → hidden (ReLU) → (μ, log σ²) and latent → hidden (ReLU) → 784 logits. */
export class MlpVae implements LatentModel {
  readonly kind = 'vae' as const;
  readonly inputSize: number;
  readonly latentDim: number;
  private readonly encoderHidden: Dense;
  private readonly meanHead: Dense;
  private readonly logVarHead: Dense;
  private readonly decoderHidden: Dense;
  private readonly decoderOut: Dense;

  constructor({ inputSize, hiddenUnits, latentDim, seed }: MlpVaeOptions) {
    this.inputSize = inputSize;
    this.latentDim = latentDim;
    this.encoderHidden = new Dense(inputSize, hiddenUnits, 'relu', seed);
    this.meanHead = new Dense(hiddenUnits, latentDim, 'linear', seed + 2);
    this.logVarHead = new Dense(hiddenUnits, latentDim, 'linear', seed + 4);
    this.decoderHidden = new Dense(latentDim, hiddenUnits, 'relu', seed + 6);
    this.decoderOut = new Dense(hiddenUnits, inputSize, 'linear', seed + 8);
  }

  encode(x: tf.Tensor2D): GaussianCode {
    return tf.tidy(() => {
      const hidden = this.encoderHidden.apply(x);
      return { mean: this.meanHead.apply(hidden), logVar: this.logVarHead.apply(hidden) };
    });
  }

  decode(z: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => this.decoderOut.apply(this.decoderHidden.apply(z)));
  }

  lossTerms(x: tf.Tensor2D, epsilon: tf.Tensor2D): VaeTerms {
    return tf.tidy(() => {
      const { mean, logVar } = this.encode(x);
      const logits = this.decode(reparameterize(mean, logVar, epsilon));
      return vaeTerms(logits, x, mean, logVar);
    });
  }

  get variables(): tf.Variable[] {
    return [this.encoderHidden, this.meanHead, this.logVarHead, this.decoderHidden, this.decoderOut].flatMap(
      (layer) => layer.variables,
    );
  }

  dispose(): void {
    tf.dispose(this.variables);
  }
}
