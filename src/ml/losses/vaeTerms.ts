import * as tf from '@tensorflow/tfjs';
import { bceWithLogitsPerImage } from './bce';
import { gaussianKlPerImage } from './gaussianKl';

/** The two terms of −ELBO as batch means, nats per image (caller disposes both). */
export type VaeTerms = {
  /** −E_q[log p(x|z)] estimated with one z per image. */
  rec: tf.Scalar;
  /** KL(q(z|x) ‖ p(z)), closed form. */
  kl: tf.Scalar;
};

/** Batch-mean reconstruction and KL terms from decoder logits and the encoder's Gaussian. */
export function vaeTerms(logits: tf.Tensor2D, targets: tf.Tensor2D, mean: tf.Tensor2D, logVar: tf.Tensor2D): VaeTerms {
  return tf.tidy(() => ({
    rec: tf.mean(bceWithLogitsPerImage(logits, targets)) as tf.Scalar,
    kl: tf.mean(gaussianKlPerImage(mean, logVar)) as tf.Scalar,
  }));
}
