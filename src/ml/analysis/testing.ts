import * as tf from '@tensorflow/tfjs-core';
import type { LatentPosteriorProblem } from './problem';

/*
 * Test fixture: a linear-Gaussian decoder p(x|z) = N(x; Wz + b, s²I) with p(z) = N(0, I), where everything the
 * estimators compute is known in closed form. The closed forms below are plain float64 linear algebra, written
 * independently of the estimators (no grids, no sampling).
 */

/** W is D × d (rows = pixels), b and x have D entries, s² = noiseVariance. */
export interface LinearGaussian {
  weights: number[][];
  bias: number[];
  noiseVariance: number;
  x: number[];
}

/** A 5-pixel, 2-D example whose posterior is correlated. */
export const LINEAR_EXAMPLE: LinearGaussian = {
  weights: [[1.2, -0.4], [0.3, 0.9], [-0.7, 0.5], [0.2, 1.1], [0.8, 0.6]],
  bias: [0.1, -0.2, 0.3, 0, -0.1],
  noiseVariance: 0.5,
  x: [1.5, 0.4, -0.9, 1.2, 0.7],
};

/** A 5-pixel, 2-D example with orthogonal columns of W, so its posterior is a diagonal Gaussian. */
export const DIAGONAL_EXAMPLE: LinearGaussian = {
  weights: [[1, 0.5], [1, -0.5], [0, 1], [1, 0.5], [-1, 0.5]],
  bias: [0, 0.2, -0.1, 0.1, 0],
  noiseVariance: 0.8,
  x: [0.9, 1.3, 0.2, 0.8, -0.6],
};

/** The estimators' view of a linear-Gaussian decoder with q = N(mean, diag exp(logVar)). */
export function linearGaussianProblem(model: LinearGaussian, mean: number[], logVar: number[]): LatentPosteriorProblem {
  const { weights, bias, noiseVariance, x } = model;
  const constant = -0.5 * x.length * Math.log(2 * Math.PI * noiseVariance);
  return {
    dim: mean.length,
    mean: Float32Array.from(mean),
    logVar: Float32Array.from(logVar),
    logLikelihood: (z) =>
      tf.tidy(() => {
        const predicted = tf.add(tf.matMul(z, tf.tensor2d(weights), false, true), tf.tensor1d(bias));
        const squared = tf.sum(tf.square(tf.sub(tf.tensor1d(x), predicted)), 1);
        return tf.add(tf.div(squared, -2 * noiseVariance), constant) as tf.Tensor1D;
      }),
  };
}

/** Lower-triangular L with L·Lᵀ = A (A symmetric positive definite). */
export function cholesky(a: number[][]): number[][] {
  const n = a.length;
  const l = a.map(() => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i][j];
      for (let k = 0; k < j; k++) sum -= l[i][k] * l[j][k];
      l[i][j] = i === j ? Math.sqrt(sum) : sum / l[j][j];
    }
  }
  return l;
}

/** A⁻¹ for a small symmetric positive definite A, column by column through its Cholesky factor. */
export function inverse(a: number[][]): number[][] {
  const l = cholesky(a);
  const n = a.length;
  const columns = a.map((_, c) => {
    const y = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) y[i] = ((i === c ? 1 : 0) - l[i].slice(0, i).reduce((s, v, k) => s + v * y[k], 0)) / l[i][i];
    const v = new Array<number>(n).fill(0);
    for (let i = n - 1; i >= 0; i--) v[i] = (y[i] - l.slice(i + 1).reduce((s, row, k) => s + row[i] * v[i + 1 + k], 0)) / l[i][i];
    return v;
  });
  return columns.map((_, i) => columns.map((column) => column[i]));
}

const logDet = (a: number[][]) => 2 * cholesky(a).reduce((s, row, i) => s + Math.log(row[i]), 0);
const residual = ({ weights, bias, x }: LinearGaussian, z: number[]) => x.map((xi, i) => xi - bias[i] - weights[i].reduce((s, w, j) => s + w * z[j], 0));

/** log p(x) = log N(x; b, WWᵀ + s²I), through the D × D covariance. */
export function closedFormLogPx(model: LinearGaussian): number {
  const { weights, noiseVariance, x } = model;
  const covariance = weights.map((wi, i) => weights.map((wk, k) => wi.reduce((s, v, j) => s + v * wk[j], 0) + (i === k ? noiseVariance : 0)));
  const r = residual(model, new Array(weights[0].length).fill(0));
  const precision = inverse(covariance);
  const quadratic = r.reduce((s, ri, i) => s + ri * precision[i].reduce((t, p, k) => t + p * r[k], 0), 0);
  return -0.5 * (quadratic + logDet(covariance) + x.length * Math.log(2 * Math.PI));
}

/** p(z|x) = N(mean, covariance) with precision Λ = I + WᵀW/s² and mean Λ⁻¹Wᵀ(x − b)/s². */
export function closedFormPosterior(model: LinearGaussian) {
  const { weights, bias, noiseVariance, x } = model;
  const d = weights[0].length;
  const precision = Array.from({ length: d }, (_, j) =>
    Array.from({ length: d }, (_, k) => weights.reduce((s, row) => s + row[j] * row[k], 0) / noiseVariance + (j === k ? 1 : 0)),
  );
  const covariance = inverse(precision);
  const projected = Array.from({ length: d }, (_, j) => weights.reduce((s, row, i) => s + row[j] * (x[i] - bias[i]), 0) / noiseVariance);
  const mean = covariance.map((row) => row.reduce((s, c, k) => s + c * projected[k], 0));
  return { mean, covariance, precision };
}

/** E_q log p(x|z) = −(‖x − b − Wμ‖² + Σ_j σ_j² ‖W_j‖²) / (2s²) − (D/2) log(2πs²) for q = N(μ, diag σ²). */
export function closedFormExpectedLogLikelihood(model: LinearGaussian, mean: number[], logVar: number[]): number {
  const { weights, noiseVariance, x } = model;
  const squared = residual(model, mean).reduce((s, r) => s + r * r, 0);
  const spread = logVar.reduce((s, lv, j) => s + Math.exp(lv) * weights.reduce((t, row) => t + row[j] ** 2, 0), 0);
  return -(squared + spread) / (2 * noiseVariance) - 0.5 * x.length * Math.log(2 * Math.PI * noiseVariance);
}

/** ELBO(q) = E_q log p(x|z) − KL(q ‖ N(0, I)). */
export function closedFormElbo(model: LinearGaussian, mean: number[], logVar: number[]): number {
  const kl = 0.5 * mean.reduce((s, m, j) => s + m * m + Math.exp(logVar[j]) - logVar[j] - 1, 0);
  return closedFormExpectedLogLikelihood(model, mean, logVar) - kl;
}

/** KL(N(μ, diag σ²) ‖ p(z|x)) = ½[tr(Λ diag σ²) + (m − μ)ᵀΛ(m − μ) − d − log det Λ − Σ log σ²]. */
export function closedFormKlToPosterior(model: LinearGaussian, mean: number[], logVar: number[]): number {
  const { mean: m, precision } = closedFormPosterior(model);
  const diff = m.map((v, j) => v - mean[j]);
  const trace = logVar.reduce((s, lv, j) => s + precision[j][j] * Math.exp(lv), 0);
  const quadratic = diff.reduce((s, dj, j) => s + dj * precision[j].reduce((t, p, k) => t + p * diff[k], 0), 0);
  return 0.5 * (trace + quadratic - mean.length - logDet(precision) - logVar.reduce((s, lv) => s + lv, 0));
}

/** The best mean-field q: mean = posterior mean, variance_j = 1 / Λ_jj → { mean, logVar }. */
export function closedFormOptimalDiagonal(model: LinearGaussian) {
  const { mean, precision } = closedFormPosterior(model);
  return { mean, logVar: precision.map((row, j) => -Math.log(row[j])) };
}
