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

/**
 * The same per pixel → [batch, pixels] (caller disposes), with its gradient written out: ∂/∂l = σ(l) − x. Autodiff of
 * the stable form takes about a dozen elementwise passes over the batch and copies five of its intermediates; this
 * takes three passes and copies the logits and targets. The targets are data: no gradient flows to them, and asking
 * for one fails (they must not depend on a trainable variable, which would silently get no gradient).
 */
export function bceWithLogitsPerPixel(logits: tf.Tensor2D, targets: tf.Tensor2D): tf.Tensor2D {
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [l] = args as tf.Tensor[];
    const save = args[1] as tf.GradSaveFunc;
    // Saved (copied), so a tidy around the forward pass cannot free the targets before the backward pass reads them.
    save([l, targets]);
    const value = tf.tidy(() => {
      const softplusTail = tf.log1p(tf.exp(tf.neg(tf.abs(l))));
      return tf.add(tf.sub(tf.relu(l), tf.mul(l, targets)), softplusTail);
    });
    return {
      value,
      gradFunc: (dy: tf.Tensor, [savedLogits, savedTargets]: tf.Tensor[]) => [tf.mul(dy, tf.sub(tf.sigmoid(savedLogits), savedTargets))],
    };
  });
  return op(logits) as tf.Tensor2D;
}
