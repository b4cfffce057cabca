import * as tf from '@tensorflow/tfjs-core';

/** z = μ + σ ⊙ ε with σ = exp(½ log σ²) and ε ~ N(0, I) given → [batch, latentDim] (caller disposes). */
export function reparameterize(mean: tf.Tensor2D, logVar: tf.Tensor2D, epsilon: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.add(mean, tf.mul(tf.exp(tf.mul(0.5, logVar)), epsilon)));
}

/** Log density of z under N(μ, diag σ²), summed over dimensions → [batch] (caller disposes). */
export function gaussianLogDensity(z: tf.Tensor2D, mean: tf.Tensor2D, logVar: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const squared = tf.div(tf.square(tf.sub(z, mean)), tf.exp(logVar));
    const perDim = tf.mul(-0.5, tf.add(tf.add(squared, logVar), Math.log(2 * Math.PI)));
    return tf.sum(perDim, 1) as tf.Tensor1D;
  });
}
