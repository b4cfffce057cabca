import * as tf from '@tensorflow/tfjs-core';
import type { Likelihood } from '../models/types';
import { bceWithLogitsPerImage, bceWithLogitsPerPixel } from './bce';
import { continuousBernoulliLogNormaliser, continuousBernoulliMean } from './continuousBernoulli';

/**
 * −log p(x | decoder output) in nats, summed over pixels → [batch] (caller disposes).
 * Bernoulli: BCE on logits. Continuous Bernoulli: BCE − log C(λ) per pixel, λ = sigmoid(output).
 * Gaussian N(x; sigmoid(output), σ²) with fixed σ²: Σ_i (x_i − mean_i)² / (2σ²) + ½ log(2πσ²) per pixel.
 * The Bernoulli is a pmf and the other two are densities, so their values do not compare with each other;
 * adding `discretisationTerm` (losses/discretised.ts) gives a figure that does.
 * With `scored` ([batch, pixels], 1 = counted, 0 = ignored) only the scored pixels enter each image's sum.
 */
export function reconstructionNllPerImage(output: tf.Tensor2D, target: tf.Tensor2D, likelihood: Likelihood, scored?: tf.Tensor2D): tf.Tensor1D {
  switch (likelihood.kind) {
    case 'bernoulli':
      return bceWithLogitsPerImage(output, target, scored);
    case 'continuousBernoulli':
      return tf.tidy(() => {
        const perPixel = tf.sub(bceWithLogitsPerPixel(output, target), continuousBernoulliLogNormaliser(output));
        return tf.sum(scored ? tf.mul(perPixel, scored) : perPixel, 1) as tf.Tensor1D;
      });
    case 'gaussian':
      return gaussianNllPerImage(output, target, likelihood.variance, scored);
    default: {
      const unknown: never = likelihood;
      throw new Error(`unknown likelihood ${JSON.stringify(unknown)}`);
    }
  }
}

function gaussianNllPerImage(output: tf.Tensor2D, target: tf.Tensor2D, variance: number, scored?: tf.Tensor2D): tf.Tensor1D {
  if (!(variance > 0)) throw new Error(`Gaussian likelihood needs variance > 0, got ${variance}`);
  const perPixelConstant = 0.5 * Math.log(2 * Math.PI * variance);
  return tf.tidy(() => {
    const squaredErrors = tf.square(tf.sub(target, tf.sigmoid(output)));
    if (!scored) return tf.add(tf.div(tf.sum(squaredErrors, 1), 2 * variance), output.shape[1] * perPixelConstant) as tf.Tensor1D;
    const squaredError = tf.sum(tf.mul(squaredErrors, scored), 1);
    return tf.add(tf.div(squaredError, 2 * variance), tf.mul(tf.sum(scored, 1), perPixelConstant)) as tf.Tensor1D;
  });
}

/**
 * What the decoder predicts for each pixel, for display → [n, pixels] in [0, 1] (caller disposes).
 * Bernoulli and Gaussian: sigmoid(output). Continuous Bernoulli: its mean E[x], which is not λ.
 */
export function likelihoodMean(output: tf.Tensor2D, likelihood: Likelihood): tf.Tensor2D {
  return likelihood.kind === 'continuousBernoulli' ? (continuousBernoulliMean(output) as tf.Tensor2D) : tf.sigmoid(output);
}
