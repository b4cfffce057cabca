import * as tf from '@tensorflow/tfjs-core';
import { nearZero, powerSeries, splitAtMagnitude } from './stable';

/*
 * The continuous Bernoulli (Loaiza-Ganem & Cunningham 2019): p(x | λ) = C(λ) λˣ (1 − λ)¹⁻ˣ on x ∈ [0, 1],
 * a proper density for grey pixels, unlike the Bernoulli pmf that BCE scores them with. Everything here
 * takes the logit l (λ = sigmoid(l)), in which the formulas are simple and stable:
 *   C(λ) = 2 atanh(1 − 2λ) / (1 − 2λ) = l / tanh(l / 2)        (= 2 at l = 0, λ = ½)
 *   E[x] = λ / (2λ − 1) + 1 / (2 atanh(1 − 2λ)) = 1 / (1 − e^−l) − 1 / l   (= ½ at l = 0)
 */

/** Below this |l| both functions use their Taylor series (truncation error < 1e-9 there). */
const SERIES_CUTOFF = 0.5;

/** log(l / tanh(l/2)) − ln 2 = l²/12 − 7l⁴/1440 + 31l⁶/90720 − 127l⁸/4838400 + …, in powers of l². */
const LOG_NORMALISER_SERIES = [1 / 12, -7 / 1440, 31 / 90720, -127 / 4838400];
/** (E[x] − ½) / l = 1/12 − l²/720 + l⁴/30240 − l⁶/1209600 + … (Bernoulli numbers), after its constant 1/12. */
const MEAN_SERIES = [-1 / 720, 1 / 30240, -1 / 1209600];

/**
 * log C(λ) per element from logits → same shape (caller disposes), finite with a finite gradient everywhere.
 * Near l = 0 (λ near ½, where the closed form is 0/0) a series in l²; elsewhere, with u = |l|,
 * log u + log(1 + e^−u) − log(1 − e^−u), which tends to log u as λ → 0 or 1 without overflow.
 */
export function continuousBernoulliLogNormaliser(logits: tf.Tensor): tf.Tensor {
  return splitAtMagnitude(
    logits,
    SERIES_CUTOFF,
    (l) => tf.add(powerSeries(tf.square(l), LOG_NORMALISER_SERIES), Math.LN2),
    (u) => {
      const tail = tf.exp(tf.neg(u));
      return tf.sub(tf.add(tf.log(u), tf.log1p(tail)), tf.log1p(tf.neg(tail)));
    },
  );
}

/**
 * Mean E[x] of the continuous Bernoulli per element from logits → same shape, in (0, 1) (caller disposes).
 * This, not λ = sigmoid(l), is what a continuous-Bernoulli decoder predicts for a pixel: for λ = 0.9 the
 * mean is about 0.67. Near l = 0 a series; elsewhere m(u) = 1/(1 − e^−u) − 1/u with u = |l|, and
 * E[x] = m(u) for l > 0, 1 − m(u) for l < 0 (the density mirrors x → 1 − x when l → −l).
 */
export function continuousBernoulliMean(logits: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const positiveSide = splitAtMagnitude(
      logits,
      SERIES_CUTOFF,
      (l) => tf.add(tf.mul(l, tf.add(powerSeries(tf.square(l), MEAN_SERIES), 1 / 12)), 0.5),
      (u) => tf.sub(tf.reciprocal(tf.sub(1, tf.exp(tf.neg(u)))), tf.reciprocal(u)),
    );
    const mirrored = tf.mul(tf.sub(1, nearZero(logits, SERIES_CUTOFF)), tf.step(tf.neg(logits)));
    return tf.add(positiveSide, tf.mul(mirrored, tf.sub(1, tf.mul(2, positiveSide))));
  });
}
