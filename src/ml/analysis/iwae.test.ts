import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { boundLadder, iwaeBound, logImportanceWeights } from './iwae';
import { closedFormElbo, closedFormLogPx, closedFormOptimalDiagonal, DIAGONAL_EXAMPLE, LINEAR_EXAMPLE, linearGaussianProblem } from './testing';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const [mean, logVar] = [[0.2, 0.5], [-1.6, -1.2]];
const problem = () => linearGaussianProblem(LINEAR_EXAMPLE, mean, logVar);

/** log N(x; Wz + b, s²I) + log N(z; 0, I) − log N(z; μ, diag σ²) in plain JS for z = μ + σ·ε. */
function handLogWeight(eps: number[]): number {
  const { weights, bias, noiseVariance, x } = LINEAR_EXAMPLE;
  const sigma = logVar.map((lv) => Math.exp(lv / 2));
  const z = mean.map((m, j) => m + sigma[j] * eps[j]);
  const logLik = x.reduce((s, xi, i) => s - (xi - bias[i] - weights[i][0] * z[0] - weights[i][1] * z[1]) ** 2 / (2 * noiseVariance) - 0.5 * Math.log(2 * Math.PI * noiseVariance), 0);
  const logPrior = z.reduce((s, zj) => s - 0.5 * zj * zj - 0.5 * Math.log(2 * Math.PI), 0);
  const logQ = eps.reduce((s, e, j) => s - 0.5 * e * e - Math.log(sigma[j]) - 0.5 * Math.log(2 * Math.PI), 0);
  return logLik + logPrior - logQ;
}

describe('iwaeBound', () => {
  const eps = [[0.3, -1.2], [1.5, 0.4], [-0.8, -0.1], [0.05, 2.1]];

  it('log-weights match a hand computation per draw → [m]', () => {
    const logW = logImportanceWeights(problem(), tf.tensor2d(eps));
    expect(logW.shape).toEqual([4]);
    Array.from(logW.dataSync()).forEach((w, i) => expect(w).toBeCloseTo(handLogWeight(eps[i]), 4));
  });

  it('IWAE-2 is log ½(w₁ + w₂) of consecutive draws → [m / k]', () => {
    const bound = iwaeBound(problem(), 2, tf.tensor2d(eps));
    expect(bound.shape).toEqual([2]);
    const w = eps.map(handLogWeight);
    const expected = [0, 1].map((g) => Math.log(0.5 * (Math.exp(w[2 * g]) + Math.exp(w[2 * g + 1]))));
    Array.from(bound.dataSync()).forEach((b, g) => expect(b).toBeCloseTo(expected[g], 4));
  });

  it('rejects draws that are not whole groups of k', () => {
    expect(() => iwaeBound(problem(), 3, tf.tensor2d(eps))).toThrow(/groups/);
  });

  it('leaks no tensors', () => {
    const draws = tf.tensor2d(eps);
    iwaeBound(problem(), 2, draws).dispose();
    const before = tf.memory().numTensors;
    iwaeBound(problem(), 2, draws).dispose();
    logImportanceWeights(problem(), draws).dispose();
    expect(tf.memory().numTensors).toBe(before);
    draws.dispose();
  });
});

describe('boundLadder (linear-Gaussian: log p(x) and the ELBO closed-form)', () => {
  it('IWAE-1 is the ELBO in expectation; the rungs rise with k within their errors and approach log p(x)', async () => {
    const logPx = closedFormLogPx(LINEAR_EXAMPLE);
    const { rungs, decoderEvaluations } = await boundLadder(problem(), { repeats: 16, seed: 3 });
    expect(decoderEvaluations).toBe(16_000);
    expect(rungs.map((r) => [r.k, r.estimates])).toEqual([[1, 16_000], [10, 1600], [100, 160], [1000, 16]]);
    const [first, , , last] = rungs;
    expect(Math.abs(first.mean - closedFormElbo(LINEAR_EXAMPLE, mean, logVar))).toBeLessThan(4 * first.standardError);
    for (let i = 1; i < rungs.length; i++) {
      const [lower, upper] = [rungs[i - 1], rungs[i]];
      expect(upper.mean - lower.mean).toBeGreaterThan(-3 * Math.hypot(lower.standardError, upper.standardError));
      expect(upper.mean).toBeLessThan(logPx + 4 * upper.standardError + 1e-6);
    }
    // KL(q ‖ p(z|x)) ≈ 2.9 nats here: IWAE-1 sits that far below log p(x); IWAE-1000 is within its error of it
    // (plus a bias of order Var(w)/(2k·p(x)²), a few hundredths here).
    expect(logPx - first.mean).toBeGreaterThan(2.5);
    expect(Math.abs(logPx - last.mean)).toBeLessThan(4 * last.standardError + 0.03);
  });

  it('every rung equals log p(x) with zero spread when q is the true posterior', async () => {
    const best = closedFormOptimalDiagonal(DIAGONAL_EXAMPLE);
    const exact = linearGaussianProblem(DIAGONAL_EXAMPLE, best.mean, best.logVar);
    const { rungs } = await boundLadder(exact, { ks: [1, 10, 100], repeats: 4, seed: 2 });
    for (const rung of rungs) {
      expect(rung.mean).toBeCloseTo(closedFormLogPx(DIAGONAL_EXAMPLE), 4);
      expect(rung.standardError).toBeLessThan(1e-5);
    }
  });

  it('gives the same rungs for any decoder batch size, and honours an abort signal', async () => {
    const a = await boundLadder(problem(), { ks: [1, 5], repeats: 4, seed: 9, batchSize: 7 });
    const b = await boundLadder(problem(), { ks: [1, 5], repeats: 4, seed: 9 });
    a.rungs.forEach((rung, i) => expect(rung.mean).toBeCloseTo(b.rungs[i].mean, 5));
    const controller = new AbortController();
    controller.abort();
    await expect(boundLadder(problem(), { signal: controller.signal })).rejects.toThrow();
  });

  it('leaks no tensors', async () => {
    await boundLadder(problem(), { ks: [1, 4], repeats: 2 });
    const before = tf.memory().numTensors;
    await boundLadder(problem(), { ks: [1, 4], repeats: 2 });
    expect(tf.memory().numTensors).toBe(before);
  });
});
