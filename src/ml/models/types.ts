import type * as tf from '@tensorflow/tfjs';
import type { VaeTerms } from '../losses/vaeTerms';

/** The encoder's diagonal Gaussian q(z|x) (caller disposes both). */
export interface GaussianCode {
  mean: tf.Tensor2D;
  logVar: tf.Tensor2D;
}

export type ModelKind = 'vae';

/** What every model family offers the trainer and the snapshot code. */
export interface LatentModel {
  readonly kind: ModelKind;
  readonly inputSize: number;
  readonly latentDim: number;
  /** x ∈ [0,1]^[batch, 784] → q(z|x). */
  encode(x: tf.Tensor2D): GaussianCode;
  /** z [batch, latentDim] → Bernoulli logits [batch, 784]. */
  decode(z: tf.Tensor2D): tf.Tensor2D;
  /** Loss terms for a batch with the given ε ~ N(0, I) [batch, latentDim]. */
  lossTerms(x: tf.Tensor2D, epsilon: tf.Tensor2D): VaeTerms;
  readonly variables: tf.Variable[];
  dispose(): void;
}
