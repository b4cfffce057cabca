import * as tf from '@tensorflow/tfjs';
import type { Likelihood } from '../models/types';
import { bceWithLogitsPerImage } from './bce';

/**
 * −log p(x | decoder output) in nats, summed over pixels → [batch] (caller disposes).
 * Bernoulli: BCE on logits. Gaussian N(x; sigmoid(output), σ²) with fixed σ²:
 * Σ_i (x_i − mean_i)² / (2σ²) + ½ log(2πσ²) per pixel, constant included so it is a true NLL comparable with Bernoulli.
 */
export function reconstructionNllPerImage(output: tf.Tensor2D, target: tf.Tensor2D, likelihood: Likelihood): tf.Tensor1D {
  if (likelihood.kind === 'bernoulli') return bceWithLogitsPerImage(output, target);
  const { variance } = likelihood;
  if (!(variance > 0)) throw new Error(`Gaussian likelihood needs variance > 0, got ${variance}`);
  const constant = output.shape[1] * 0.5 * Math.log(2 * Math.PI * variance);
  return tf.tidy(() => {
    const squaredError = tf.sum(tf.square(tf.sub(target, tf.sigmoid(output))), 1);
    return tf.add(tf.div(squaredError, 2 * variance), constant) as tf.Tensor1D;
  });
}
