import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { gradientVariance } from './gradientVariance';
import { LINEAR_EXAMPLE, linearGaussianProblem } from './testing';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/*
 * Exact moments in the linear-Gaussian case. With z = μ + σ·ε, f(ε) = log p(x|z) is a quadratic polynomial in ε, and
 * every estimator is a polynomial in ε; E[ε₁^a ε₂^b] = m(a)·m(b) with m(n) = (n − 1)!! for even n, 0 for odd n.
 */
type Polynomial = Map<string, number>;
const key = (a: number, b: number) => `${a},${b}`;
const poly = (terms: Array<[number, number, number]>): Polynomial => {
  const p: Polynomial = new Map();
  for (const [c, a, b] of terms) p.set(key(a, b), (p.get(key(a, b)) ?? 0) + c);
  return p;
};
const times = (p: Polynomial, q: Polynomial): Polynomial => {
  const terms: Array<[number, number, number]> = [];
  for (const [kp, cp] of p) for (const [kq, cq] of q) {
    const [a1, b1] = kp.split(',').map(Number);
    const [a2, b2] = kq.split(',').map(Number);
    terms.push([cp * cq, a1 + a2, b1 + b2]);
  }
  return poly(terms);
};
const moment = (n: number) => (n % 2 === 1 ? 0 : Array.from({ length: n / 2 }, (_, i) => 2 * i + 1).reduce((a, b) => a * b, 1));
const expectation = (p: Polynomial) => [...p].reduce((s, [k, c]) => s + c * k.split(',').map(Number).reduce((m, n) => m * moment(n), 1), 0);
const variance = (p: Polynomial) => expectation(times(p, p)) - expectation(p) ** 2;
/** Relative standard deviation of the sample variance of N draws of p: √((μ₄ − σ⁴) / N) / σ². */
const varianceRelativeError = (p: Polynomial, n: number) => {
  const centred = times(p, poly([[1, 0, 0]]));
  centred.set(key(0, 0), (centred.get(key(0, 0)) ?? 0) - expectation(p));
  const square = times(centred, centred);
  return Math.sqrt((expectation(times(square, square)) - variance(p) ** 2) / n) / variance(p);
};

/** Each estimator as a polynomial in ε, ordered μ₁, μ₂, log σ²₁, log σ²₂, plus the true gradient. */
function exactEstimators(mean: number[], logVar: number[]) {
  const { weights: w, bias, noiseVariance: s2, x } = LINEAR_EXAMPLE;
  const sigma = logVar.map((lv) => Math.exp(lv / 2));
  const r = x.map((xi, i) => xi - bias[i] - w[i][0] * mean[0] - w[i][1] * mean[1]);
  const wtr = [0, 1].map((j) => w.reduce((s, row, i) => s + row[j] * r[i], 0));
  const wtw = [0, 1].map((j) => [0, 1].map((k) => w.reduce((s, row) => s + row[j] * row[k], 0)));
  const constant = -r.reduce((s, ri) => s + ri * ri, 0) / (2 * s2) - 0.5 * x.length * Math.log(2 * Math.PI * s2);
  const unit = (j: number, power = 1): [number, number] => (j === 0 ? [power, 0] : [0, power]);
  // f = c + Σ_j (Wᵀr)_j σ_j ε_j / s² − Σ_jk σ_j σ_k (WᵀW)_jk ε_j ε_k / (2s²)
  const f = poly([
    [constant, 0, 0],
    ...[0, 1].map((j): [number, number, number] => [(wtr[j] * sigma[j]) / s2, ...unit(j)]),
    ...[0, 1].flatMap((j) => [0, 1].map((k): [number, number, number] => [(-sigma[j] * sigma[k] * wtw[j][k]) / (2 * s2), unit(j)[0] + unit(k)[0], unit(j)[1] + unit(k)[1]])),
  ]);
  // ∇_z f = Wᵀ(r − Wσε) / s²
  const gradZ = [0, 1].map((j) => poly([[wtr[j] / s2, 0, 0], ...[0, 1].map((k): [number, number, number] => [(-wtw[j][k] * sigma[k]) / s2, ...unit(k)])]));
  const reparameterised = [...gradZ, ...[0, 1].map((j) => times(gradZ[j], poly([[0.5 * sigma[j], ...unit(j)]])))];
  const score = [...[0, 1].map((j) => times(f, poly([[1 / sigma[j], ...unit(j)]]))), ...[0, 1].map((j) => times(f, poly([[0.5, ...unit(j, 2)], [-0.5, 0, 0]])))];
  const trueGradient = [...wtr.map((v) => v / s2), ...[0, 1].map((j) => (-(sigma[j] ** 2) * wtw[j][j]) / (2 * s2))];
  return { reparameterised, score, trueGradient };
}

describe('gradientVariance (linear-Gaussian decoder: exact means and variances)', () => {
  const [mean, logVar] = [[0.2, 0.5], [-1.6, -1.2]];
  const problem = () => linearGaussianProblem(LINEAR_EXAMPLE, mean, logVar);

  it('both estimators are unbiased for the closed-form gradient and agree with each other within their errors', async () => {
    const result = await gradientVariance(problem(), { samples: 20_000, seed: 4 });
    const { trueGradient } = exactEstimators(mean, logVar);
    expect(result.parameters).toEqual(['mu[0]', 'mu[1]', 'logVar[0]', 'logVar[1]']);
    trueGradient.forEach((g, p) => {
      expect(Math.abs(result.reparameterised.mean[p] - g)).toBeLessThan(4 * result.reparameterised.standardError[p]);
      expect(Math.abs(result.scoreFunction.mean[p] - g)).toBeLessThan(4 * result.scoreFunction.standardError[p]);
      const both = Math.hypot(result.reparameterised.standardError[p], result.scoreFunction.standardError[p]);
      expect(Math.abs(result.reparameterised.mean[p] - result.scoreFunction.mean[p])).toBeLessThan(4 * both);
    });
  });

  it('variances and their ratio match the exact polynomial moments within 4 sampling errors; the score function is noisier', async () => {
    const samples = 20_000;
    const result = await gradientVariance(problem(), { samples, seed: 5 });
    const exact = exactEstimators(mean, logVar);
    exact.score.forEach((score, i) => {
      const reparameterised = exact.reparameterised[i];
      const [scoreError, reparameterisedError] = [varianceRelativeError(score, samples), varianceRelativeError(reparameterised, samples)];
      expect(scoreError).toBeLessThan(0.1);
      expect(Math.abs(result.scoreFunction.variance[i] / variance(score) - 1)).toBeLessThan(4 * scoreError);
      expect(Math.abs(result.reparameterised.variance[i] / variance(reparameterised) - 1)).toBeLessThan(4 * reparameterisedError);
      const ratio = variance(score) / variance(reparameterised);
      expect(ratio).toBeGreaterThan(10);
      expect(Math.abs(result.varianceRatio[i] / ratio - 1)).toBeLessThan(4 * Math.hypot(scoreError, reparameterisedError));
    });
  });

  it('takes N decoder passes in batches of any size with the same result, and leaks no tensors', async () => {
    const a = await gradientVariance(problem(), { samples: 50, seed: 2, batchSize: 16 });
    const before = tf.memory().numTensors;
    const b = await gradientVariance(problem(), { samples: 50, seed: 2 });
    expect(tf.memory().numTensors).toBe(before);
    expect(a.decoderEvaluations).toBe(50);
    a.scoreFunction.mean.forEach((m, p) => expect(m).toBeCloseTo(b.scoreFunction.mean[p], 3));
    expect(a.reparameterised.mean).toHaveLength(4);
  });
});
