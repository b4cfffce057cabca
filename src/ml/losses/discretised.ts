import * as tf from '@tensorflow/tfjs-core';
import { IMAGE_PIXELS } from '../data/geometry';
import type { Likelihood } from '../models/types';
import { powerSeries, splitAtMagnitude } from './stable';

/*
 * A figure that compares across likelihoods. The Bernoulli's BCE is a pmf evaluated at grey values and the
 * Gaussian and continuous-Bernoulli NLLs are densities, so their nats are not the same currency. Scoring
 * every likelihood as a distribution over the 256 grey levels of an 8-bit pixel (value k/255) makes them
 * one: −log P(image) in nats, and bits per dimension = that / (pixels · ln 2).
 */

/** Grey levels of an 8-bit pixel. */
export const GREY_LEVELS = 256;
const SERIES_CUTOFF = 0.5;
/** log(sinh y / y) = y²/6 − y⁴/180 + y⁶/2835 − y⁸/37800 + …, in powers of y² (used for |y| ≤ ¼). */
const LOG_SINHC_SERIES = [1 / 6, -1 / 180, 1 / 2835, -1 / 37800];

function logSinhcSeries(y: tf.Tensor): tf.Tensor {
  return powerSeries(tf.square(y), LOG_SINHC_SERIES);
}

/** log(1 − e^−b) for b ≥ 1/512: log b − b/2 + log(sinh(b/2)/(b/2)) below ½ (no 1 − e^−b cancellation), log1p(−e^−b) above. */
function logOneMinusExp(b: tf.Tensor): tf.Tensor {
  return splitAtMagnitude(
    b,
    SERIES_CUTOFF,
    (small) => tf.add(tf.sub(tf.log(small), tf.mul(small, 0.5)), logSinhcSeries(tf.mul(small, 0.5))),
    (large) => tf.log1p(tf.neg(tf.exp(tf.neg(large)))),
  );
}

/**
 * log Z(λ) per element from logits → same shape (caller disposes), where Z(λ) = Σ_{k=0}^{255} λ^{k/255}(1−λ)^{1−k/255}
 * normalises the Bernoulli's weights over the grey levels. With u = |l| and b = u/255, Z is a geometric series:
 * Z = σ(−u) · S(b), S(b) = Σ_{j=0}^{255} e^{−jb} = (1 − e^{−256b}) / (1 − e^{−b}).
 * log S is log 256 − 255b/2 + g(128b) − g(b/2), g(y) = log(sinh y / y), for |l| < ½ (the ratio is 0/0 at l = 0),
 * else log(1 − e^{−256b}) − log(1 − e^{−b}); no step subtracts two large numbers. Z = 128 at l = 0.
 */
export function discreteBernoulliLogNormaliser(logits: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const levels = GREY_LEVELS;
    const logSigmoidOfMinusU = tf.neg(tf.log1p(tf.exp(tf.neg(tf.abs(logits)))));
    const logS = splitAtMagnitude(
      logits,
      SERIES_CUTOFF,
      (small) => {
        const b = tf.div(tf.abs(small), levels - 1);
        const linear = tf.sub(Math.log(levels), tf.mul(b, (levels - 1) / 2));
        return tf.add(linear, tf.sub(logSinhcSeries(tf.mul(b, levels / 2)), logSinhcSeries(tf.mul(b, 0.5))));
      },
      (u) => {
        const b = tf.div(u, levels - 1);
        return tf.sub(tf.log1p(tf.neg(tf.exp(tf.mul(b, -levels)))), logOneMinusExp(b));
      },
    );
    return tf.add(logSigmoidOfMinusU, logS);
  });
}

/**
 * What turns the likelihood's reconstruction NLL (`reconstructionNllPerImage`, same pixels) into the negative
 * log-likelihood of 8-bit images (targets k/255), in nats per image → [batch] (caller disposes). With `scored`
 * ([batch, pixels], 1 = counted) only those pixels are scored (the MAE's hidden ones).
 * - Bernoulli: an exact pmf over the 256 levels, P(k) = λ^{k/255}(1−λ)^{1−k/255} / Z(λ): BCE + log Z per pixel.
 * - Gaussian and continuous Bernoulli (densities p on [0, 1]): NLL + ln 256 per pixel. That is the uniform
 *   dequantisation bound of Theis et al. (2016), −log P(k) ≤ ln 256 − E_u log p((k + u)/256), u ~ U[0, 1),
 *   with the average over the bin replaced by the density at the pixel's own value k/255 (which lies in bin
 *   k): exact when the density is flat across each bin of width 1/256, a close estimate of the bound otherwise.
 */
export function discretisationTerm(output: tf.Tensor2D, likelihood: Likelihood, scored?: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    if (likelihood.kind === 'bernoulli') {
      const logZ = discreteBernoulliLogNormaliser(output);
      return tf.sum(scored ? tf.mul(logZ, scored) : logZ, 1) as tf.Tensor1D;
    }
    const pixels = scored ? tf.sum(scored, 1) : tf.fill([output.shape[0]], output.shape[1]);
    return tf.mul(pixels, Math.log(GREY_LEVELS)) as tf.Tensor1D;
  });
}

/** Bits per dimension of an NLL in nats per image over `pixels` scored pixels: nll / (pixels · ln 2). */
export function bitsPerDim(nllNats: number, pixels = IMAGE_PIXELS): number {
  if (!(pixels > 0)) throw new Error(`bitsPerDim needs pixels > 0, got ${pixels}`);
  return nllNats / (pixels * Math.LN2);
}
