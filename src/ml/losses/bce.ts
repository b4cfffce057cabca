import * as tf from '@tensorflow/tfjs-core';

/**
 * Bernoulli negative log-likelihood from logits, summed over pixels → [batch] (caller disposes).
 * Stable form max(l, 0) − l·x + log(1 + e^−|l|), valid for grayscale targets x ∈ [0, 1].
 * With `scored` ([batch, pixels], 1 = counted, 0 = ignored) only the scored pixels enter each sum.
 */
export function bceWithLogitsPerImage(logits: tf.Tensor2D, targets: tf.Tensor2D, scored?: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const perPixel = bceWithLogitsPerPixel(logits, targets);
    return tf.sum(scored ? tf.mul(perPixel, scored) : perPixel, 1) as tf.Tensor1D;
  });
}

/** The same per pixel → [batch, pixels] (caller disposes). */
export function bceWithLogitsPerPixel(logits: tf.Tensor2D, targets: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const softplusTail = tf.log1p(tf.exp(tf.neg(tf.abs(logits))));
    return tf.add(tf.sub(tf.relu(logits), tf.mul(logits, targets)), softplusTail);
  });
}
