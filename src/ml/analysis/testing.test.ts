import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  closedFormElbo,
  closedFormKlToPosterior,
  closedFormLogPx,
  closedFormOptimalDiagonal,
  closedFormPosterior,
  inverse,
  linearGaussianProblem,
  DIAGONAL_EXAMPLE,
  LINEAR_EXAMPLE,
} from './testing';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const LINEAR = LINEAR_EXAMPLE;

describe('linear-Gaussian fixture', () => {
  it('inverse: A·A⁻¹ = I for a 3 × 3 SPD matrix', () => {
    const a = [[4, 1, 0.5], [1, 3, -0.2], [0.5, -0.2, 2]];
    const product = a.map((row) => inverse(a).map((_, j) => row.reduce((s, v, k) => s + v * inverse(a)[k][j], 0)));
    product.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(i === j ? 1 : 0, 12)));
  });

  it('two independent routes agree: log p(x) − ELBO(q) (D × D covariance) = KL(q ‖ p(z|x)) (d × d precision)', () => {
    const [mean, logVar] = [[0.3, -0.2], [-1.1, -0.4]];
    expect(closedFormLogPx(LINEAR) - closedFormElbo(LINEAR, mean, logVar)).toBeCloseTo(closedFormKlToPosterior(LINEAR, mean, logVar), 10);
    const best = closedFormOptimalDiagonal(LINEAR);
    expect(best.mean).toEqual(closedFormPosterior(LINEAR).mean);
  });

  it('DIAGONAL_EXAMPLE has a diagonal posterior (orthogonal columns of W), so its best mean-field q is exact', () => {
    const { covariance } = closedFormPosterior(DIAGONAL_EXAMPLE);
    expect(covariance[0][1]).toBeCloseTo(0, 14);
    const best = closedFormOptimalDiagonal(DIAGONAL_EXAMPLE);
    expect(closedFormKlToPosterior(DIAGONAL_EXAMPLE, best.mean, best.logVar)).toBeCloseTo(0, 12);
  });

  it('log p(x) = log p(x|z) + log p(z) − log p(z|x) at an arbitrary z (Bayes, with the tfjs likelihood)', () => {
    const z = [0.4, -0.7];
    const problem = linearGaussianProblem(LINEAR, [0, 0], [0, 0]);
    const logLik = problem.logLikelihood(tf.tensor2d([z]));
    expect(logLik.shape).toEqual([1]);
    const { mean, covariance, precision } = closedFormPosterior(LINEAR);
    const diff = z.map((v, j) => v - mean[j]);
    const det = covariance[0][0] * covariance[1][1] - covariance[0][1] ** 2;
    const logPosterior = -0.5 * (diff.reduce((s, dj, j) => s + dj * (precision[j][0] * diff[0] + precision[j][1] * diff[1]), 0) + Math.log(det) + 2 * Math.log(2 * Math.PI));
    const logPrior = -0.5 * (z[0] ** 2 + z[1] ** 2) - Math.log(2 * Math.PI);
    expect(logLik.dataSync()[0] + logPrior - logPosterior).toBeCloseTo(closedFormLogPx(LINEAR), 4);
  });
});
