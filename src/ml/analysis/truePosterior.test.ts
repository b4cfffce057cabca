import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LatentPosteriorProblem } from './problem';
import {
  closedFormElbo,
  closedFormKlToPosterior,
  closedFormLogPx,
  closedFormPosterior,
  LINEAR_EXAMPLE,
  linearGaussianProblem,
  type LinearGaussian,
} from './testing';
import { truePosterior } from './truePosterior';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/**
 * A ring: log p(x|z) = −(‖z‖² − r²)² / (2τ²). With u = ‖z‖², p(x) = ½ ∫ exp(−(u − r²)²/(2τ²) − u/2) du
 * = ½ √(2π) τ exp(−r²/2 + τ²/8) (the u < 0 tail is ~20τ² away for r = 2, τ = 0.5: negligible).
 */
function ringProblem(radius: number, tau: number, mean: number[], logVar: number[]): LatentPosteriorProblem {
  return {
    dim: 2,
    mean: Float32Array.from(mean),
    logVar: Float32Array.from(logVar),
    logLikelihood: (z) => tf.tidy(() => tf.div(tf.square(tf.sub(tf.sum(tf.square(z), 1), radius * radius)), -2 * tau * tau) as tf.Tensor1D),
  };
}

/** E_q[−(‖z‖² − r²)²/(2τ²)]: ‖z‖² has mean ‖μ‖² + Σσ² and variance Σ(2σ⁴ + 4μ²σ²) under q = N(μ, diag σ²). */
function ringExpectedLogLikelihood(radius: number, tau: number, mean: number[], logVar: number[]): number {
  const variances = logVar.map(Math.exp);
  const meanSquare = mean.reduce((s, m, j) => s + m * m + variances[j], 0);
  const varianceSquare = mean.reduce((s, m, j) => s + 2 * variances[j] ** 2 + 4 * m * m * variances[j], 0);
  return -(varianceSquare + (meanSquare - radius * radius) ** 2) / (2 * tau * tau);
}

const klToPrior = (mean: number[], logVar: number[]) => 0.5 * mean.reduce((s, m, j) => s + m * m + Math.exp(logVar[j]) - logVar[j] - 1, 0);

describe('truePosterior (linear-Gaussian decoder, everything closed-form)', () => {
  const [mean, logVar] = [[0.2, 0.5], [-1.6, -1.2]];

  it('finds log p(x), the posterior moments, the ELBO and KL(q ‖ p(z|x)) to 1e-3 nats', async () => {
    const result = await truePosterior(linearGaussianProblem(LINEAR_EXAMPLE, mean, logVar));
    const posterior = closedFormPosterior(LINEAR_EXAMPLE);
    expect(result.converged).toBe(true);
    expect(Math.abs(result.logPx - closedFormLogPx(LINEAR_EXAMPLE))).toBeLessThan(1e-3);
    expect(Math.abs(result.elbo - closedFormElbo(LINEAR_EXAMPLE, mean, logVar))).toBeLessThan(1e-3);
    expect(Math.abs(result.klToPosterior - closedFormKlToPosterior(LINEAR_EXAMPLE, mean, logVar))).toBeLessThan(2e-3);
    expect(result.quadratureError).toBeLessThan(2e-3);
    expect(result.klToPrior).toBeCloseTo(klToPrior(mean, logVar), 6);
    result.posteriorMean.forEach((m, j) => expect(m).toBeCloseTo(posterior.mean[j], 4));
    result.posteriorCovariance.forEach((row, j) => row.forEach((c, k) => expect(c).toBeCloseTo(posterior.covariance[j][k], 4)));
  });

  it('returns a normalised log posterior density grid, row-major [ys, xs], equal to log N(z; m, Σ)', async () => {
    const { grid } = await truePosterior(linearGaussianProblem(LINEAR_EXAMPLE, mean, logVar));
    const [nx, ny] = [grid.xs.length, grid.ys.length];
    expect(grid.logDensity).toHaveLength(nx * ny);
    const { mean: m, precision, covariance } = closedFormPosterior(LINEAR_EXAMPLE);
    const logDet = Math.log(covariance[0][0] * covariance[1][1] - covariance[0][1] ** 2);
    for (const [ix, iy] of [[nx >> 1, ny >> 2], [nx >> 2, (3 * ny) >> 2], [(3 * nx) >> 2, ny >> 1]]) {
      const d = [grid.xs[ix] - m[0], grid.ys[iy] - m[1]];
      const quadratic = d[0] * (precision[0][0] * d[0] + precision[0][1] * d[1]) + d[1] * (precision[1][0] * d[0] + precision[1][1] * d[1]);
      expect(grid.logDensity[iy * nx + ix]).toBeCloseTo(-0.5 * (quadratic + logDet) - Math.log(2 * Math.PI), 3);
    }
  });

  it('finds a sharp posterior (σ ≈ 0.02) far from a broad q and from the origin', async () => {
    // Strong weights and small noise: posterior precision ≈ WᵀW / s², centred where Wz + b ≈ x.
    const sharp: LinearGaussian = { weights: [[2, 0], [0, 2], [1, 1]], bias: [0, 0, 0], noiseVariance: 0.002, x: [4.4, -3, 0.7] };
    const q = { mean: [0, 0], logVar: [0, 0] };
    const result = await truePosterior(linearGaussianProblem(sharp, q.mean, q.logVar));
    const posterior = closedFormPosterior(sharp);
    expect(Math.sqrt(posterior.covariance[0][0])).toBeLessThan(0.025);
    expect(result.converged).toBe(true);
    expect(Math.abs(result.logPx - closedFormLogPx(sharp))).toBeLessThan(1e-3);
    result.posteriorMean.forEach((m, j) => expect(m).toBeCloseTo(posterior.mean[j], 4));
    expect(Math.abs(result.elbo - closedFormElbo(sharp, q.mean, q.logVar))).toBeLessThan(1e-3 * Math.abs(result.elbo));
  });

  it('stops within a small budget, saying it has not converged, and counts its decoder evaluations', async () => {
    const sharp: LinearGaussian = { weights: [[2, 0], [0, 2], [1, 1]], bias: [0, 0, 0], noiseVariance: 0.002, x: [4.4, -3, 0.7] };
    const result = await truePosterior(linearGaussianProblem(sharp, [0, 0], [0, 0]), { gridSize: 9, maxEvaluations: 3 * 81 });
    expect(result.converged).toBe(false);
    expect(result.decoderEvaluations).toBeLessThanOrEqual(3 * 81);
    expect(result.decoderEvaluations).toBeGreaterThanOrEqual(2 * 81);
  });

  it('rejects a latent that is not 2-D, an even grid and a budget below three grids', async () => {
    const problem = linearGaussianProblem(LINEAR_EXAMPLE, mean, logVar);
    await expect(truePosterior({ ...problem, dim: 3 })).rejects.toThrow(/2-D/);
    await expect(truePosterior(problem, { gridSize: 10 })).rejects.toThrow(/odd/);
    await expect(truePosterior(problem, { gridSize: 9, maxEvaluations: 200 })).rejects.toThrow(/maxEvaluations/);
  });

  it('leaks no tensors', async () => {
    const problem = linearGaussianProblem(LINEAR_EXAMPLE, mean, logVar);
    await truePosterior(problem, { gridSize: 15 });
    const before = tf.memory().numTensors;
    await truePosterior(problem, { gridSize: 15 });
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('truePosterior (a ring-shaped posterior that a narrow q sees only one side of)', () => {
  const [radius, tau] = [2, 0.5];
  const q = { mean: [2, 0], logVar: [2 * Math.log(0.05), 2 * Math.log(0.05)] };

  it('matches the closed-form log p(x) and E_q log p(x|z), and puts the posterior mean near the origin', async () => {
    const result = await truePosterior(ringProblem(radius, tau, q.mean, q.logVar));
    const logPx = Math.log(0.5 * Math.sqrt(2 * Math.PI) * tau) - (radius * radius) / 2 + (tau * tau) / 8;
    expect(result.converged).toBe(true);
    expect(Math.abs(result.logPx - logPx)).toBeLessThan(1e-3);
    expect(Math.abs(result.expectedLogLikelihood - ringExpectedLogLikelihood(radius, tau, q.mean, q.logVar))).toBeLessThan(1e-3);
    // The ring is symmetric: its mean is the origin, its covariance ≈ E[r²]/2 · I.
    result.posteriorMean.forEach((m) => expect(Math.abs(m)).toBeLessThan(1e-3));
    expect(result.posteriorCovariance[0][0]).toBeCloseTo(result.posteriorCovariance[1][1], 3);
    expect(result.klToPosterior).toBeGreaterThan(2);
    expect(result.grid.xs[0]).toBeLessThan(-radius);
    expect(result.grid.xs[result.grid.xs.length - 1]).toBeGreaterThan(radius);
  });
});

describe('truePosterior (two separated modes; q sees only the smaller one)', () => {
  // p(x|z) = Σ_i w_i exp(−‖z − c_i‖² / (2τ²)), so p(x) = Σ_i w_i · 2πτ² · N(c_i; 0, (1 + τ²) I).
  const [tau, weights, centres] = [0.1, [1, 50], [[1.5, 0], [-2, 1]]];
  const problem: LatentPosteriorProblem = {
    dim: 2,
    mean: Float32Array.from(centres[0]),
    logVar: Float32Array.from([2 * Math.log(0.05), 2 * Math.log(0.05)]),
    logLikelihood: (z) =>
      tf.tidy(() => {
        const terms = centres.map((c, i) => tf.add(tf.div(tf.sum(tf.square(tf.sub(z, tf.tensor1d(c))), 1), -2 * tau * tau), Math.log(weights[i])));
        return tf.logSumExp(tf.stack(terms, 1), 1) as tf.Tensor1D;
      }),
  };

  it('scouts the prior’s box too, and finds the far mode that holds most of the mass', async () => {
    const variance = 1 + tau * tau;
    const px = centres.reduce((s, c, i) => s + weights[i] * 2 * Math.PI * tau * tau * Math.exp(-(c[0] ** 2 + c[1] ** 2) / (2 * variance)) / (2 * Math.PI * variance), 0);
    const result = await truePosterior(problem);
    expect(result.converged).toBe(true);
    expect(Math.abs(result.logPx - Math.log(px))).toBeLessThan(1e-3);
    expect(result.posteriorMean[0]).toBeLessThan(-1);
  });
});
