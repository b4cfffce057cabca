import * as tf from '@tensorflow/tfjs';

/**
 * Bernoulli negative log-likelihood from logits, summed over pixels → [batch] (caller disposes).
 * Stable form max(l, 0) − l·x + log(1 + e^−|l|), valid for grayscale targets x ∈ [0, 1].
 */
export function bceWithLogitsPerImage(logits: tf.Tensor2D, targets: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const softplusTail = tf.log1p(tf.exp(tf.neg(tf.abs(logits))));
    return tf.sum(tf.add(tf.sub(tf.relu(logits), tf.mul(logits, targets)), softplusTail), 1) as tf.Tensor1D;
  });
}
