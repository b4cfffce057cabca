import * as tf from '@tensorflow/tfjs-core';

/** 1 where |x| < cutoff, else 0 → same shape (caller disposes); tf.step has a (zero) gradient, tf.less has none. */
export function nearZero(x: tf.Tensor, cutoff: number): tf.Tensor {
  return tf.tidy(() => tf.step(tf.sub(cutoff, tf.abs(x))));
}

/**
 * `small(x)` where |x| < cutoff, `large(|x|)` elsewhere → same shape as x (caller disposes).
 * Each branch only ever sees inputs from its own region — `small` gets x clipped to ±cutoff, `large` gets
 * max(|x|, cutoff) — so neither makes NaN or ∞ in the other's region, and the blend's gradient stays
 * finite (a masked-off ∞ would still give 0 · ∞ = NaN).
 */
export function splitAtMagnitude(
  x: tf.Tensor,
  cutoff: number,
  small: (clipped: tf.Tensor) => tf.Tensor,
  large: (magnitude: tf.Tensor) => tf.Tensor,
): tf.Tensor {
  return tf.tidy(() => {
    const near = nearZero(x, cutoff);
    const smallPart = tf.mul(near, small(tf.clipByValue(x, -cutoff, cutoff)));
    return tf.add(smallPart, tf.mul(tf.sub(1, near), large(tf.maximum(tf.abs(x), cutoff))));
  });
}

/** Σ_j coefficients[j] · s^(j+1) (no constant term) by Horner's rule → same shape as s (caller disposes). */
export function powerSeries(s: tf.Tensor, coefficients: readonly number[]): tf.Tensor {
  return tf.tidy(() => {
    let sum: tf.Tensor = tf.scalar(0);
    for (let j = coefficients.length - 1; j >= 0; j--) sum = tf.mul(tf.add(sum, coefficients[j]), s);
    return sum;
  });
}
