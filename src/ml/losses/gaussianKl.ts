import * as tf from '@tensorflow/tfjs-core';

/**
 * KL(N(μ, diag σ²) ‖ N(0, I)) = ½ Σ_j (μ_j² + σ_j² − log σ_j² − 1), per row → [batch] (caller disposes).
 * Takes log σ² (not log σ); it is zero exactly at μ = 0, σ = 1.
 */
export function gaussianKlPerImage(mean: tf.Tensor2D, logVar: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(
    () => tf.mul(0.5, tf.sum(tf.sub(tf.add(tf.square(mean), tf.exp(logVar)), tf.add(logVar, 1)), 1)) as tf.Tensor1D,
  );
}
