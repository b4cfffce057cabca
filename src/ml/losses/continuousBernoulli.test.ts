import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { continuousBernoulliLogNormaliser, continuousBernoulliMean } from './continuousBernoulli';
import { likelihoodMean, reconstructionNllPerImage } from './likelihood';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Composite Simpson's rule for ∫₀¹ f in float64 (n even). */
function simpson(f: (x: number) => number, n = 4000): number {
  const h = 1 / n;
  let sum = f(0) + f(1);
  for (let i = 1; i < n; i++) sum += (i % 2 === 1 ? 4 : 2) * f(i * h);
  return (sum * h) / 3;
}

/** λˣ(1 − λ)¹⁻ˣ, written with log λ and log(1 − λ) taken from the float64 logit so λ near 1 keeps its digits. */
function unnormalised(logit: number): (x: number) => number {
  const logLambda = -Math.log1p(Math.exp(-logit));
  const logOneMinus = -Math.log1p(Math.exp(logit));
  return (x) => Math.exp(x * logLambda + (1 - x) * logOneMinus);
}

const logitOf = (lambda: number) => Math.log(lambda / (1 - lambda));
const one = (values: number[]) => tf.tensor1d(values);

/** λ near 0, near ½ on both sides at two distances, around the series cutoff, and near 1. */
const LAMBDAS = [1e-6, 1e-3, 0.1, 0.5 - 1e-3, 0.5 - 1e-6, 0.5, 0.5 + 1e-6, 0.5 + 1e-3, 0.9, 1 - 1e-3, 1 - 1e-6];
const NEAR_CUTOFF_LOGITS = [-0.51, -0.49, 0.49, 0.51];

describe('continuousBernoulliLogNormaliser', () => {
  it.each(LAMBDAS.map((lambda) => [lambda, logitOf(lambda)]))('λ = %s: equals −log ∫₀¹ λˣ(1−λ)¹⁻ˣ dx by quadrature', (_, logit) => {
    const expected = -Math.log(simpson(unnormalised(logit)));
    const value = continuousBernoulliLogNormaliser(one([logit])).dataSync()[0];
    // Near λ = ½ log C − ln 2 = l²/12 is ~1e-6 at λ = ½ ± 1e-3; the tolerance resolves it.
    expect(Math.abs(value - expected)).toBeLessThan(Math.abs(logit) < 1 ? 1e-7 : 3e-7 * Math.abs(expected));
  });

  it.each(NEAR_CUTOFF_LOGITS)('logit %s (either side of the series cutoff) matches quadrature', (logit) => {
    const expected = -Math.log(simpson(unnormalised(logit)));
    expect(continuousBernoulliLogNormaliser(one([logit])).dataSync()[0]).toBeCloseTo(expected, 6);
  });

  it('stays finite and tends to log|l| at |l| = 100 and 1e4', () => {
    const values = continuousBernoulliLogNormaliser(one([-1e4, -100, 100, 1e4])).dataSync();
    [1e4, 100, 100, 1e4].forEach((u, i) => expect(values[i]).toBeCloseTo(Math.log(u), 4));
  });

  it('keeps its shape and leaks no tensors', () => {
    const logits = tf.randomNormal([3, 5], 0, 3, 'float32', 1);
    const before = tf.memory().numTensors;
    const value = continuousBernoulliLogNormaliser(logits);
    expect(value.shape).toEqual([3, 5]);
    expect(tf.memory().numTensors).toBe(before + 1);
    tf.dispose([logits, value]);
  });
});

describe('continuous Bernoulli NLL', () => {
  it.each([-12, -3, -0.5, -1e-4, 0, 2e-6, 0.3, 0.7, 5, 15])('is a normalised density in x: ∫₀¹ exp(−nll(x | l = %s)) dx = 1', (logit) => {
    const n = 400;
    const xs = Array.from({ length: n + 1 }, (_, i) => i / n);
    const nll = reconstructionNllPerImage(tf.fill([n + 1, 1], logit) as tf.Tensor2D, tf.tensor2d(xs, [n + 1, 1]), { kind: 'continuousBernoulli' }).dataSync();
    const density = (x: number) => Math.exp(-nll[Math.round(x * n)]);
    expect(simpson(density, n)).toBeCloseTo(1, 4);
  });

  it('has a finite gradient everywhere, equal to σ(l) − x − (1/l − 1/sinh l), and ½ − x at l = 0', () => {
    const logits = [-40, -3, -0.5, -0.3, -1e-6, 0, 1e-6, 0.3, 0.5, 0.50001, 3, 40];
    const x = 0.3;
    const nll = (l: tf.Tensor) => tf.sum(reconstructionNllPerImage(l as tf.Tensor2D, tf.fill([1, logits.length], x) as tf.Tensor2D, { kind: 'continuousBernoulli' }));
    const grad = tf.grad(nll)(tf.tensor2d([logits])).dataSync();
    logits.forEach((l, i) => {
      // d/dl log(l / tanh(l/2)) = 1/l − 1/sinh(l), which is l/6 + O(l³) near 0.
      const dLogC = Math.abs(l) < 1e-3 ? l / 6 : 1 / l - 1 / Math.sinh(l);
      const expected = 1 / (1 + Math.exp(-l)) - x - dLogC;
      expect(Number.isFinite(grad[i])).toBe(true);
      expect(grad[i]).toBeCloseTo(expected, 5);
    });
    expect(grad[logits.indexOf(0)]).toBeCloseTo(0.5 - x, 6);
  });

  it('leaks no tensors in a gradient step', () => {
    const logits = tf.variable(tf.randomNormal<tf.Rank.R2>([2, 784], 0, 2, 'float32', 4));
    const target = tf.randomUniform([2, 784], 0, 1, 'float32', 5) as tf.Tensor2D;
    const optimizer = tf.train.adam(0.1);
    const step = () => tf.dispose(optimizer.minimize(() => tf.mean(reconstructionNllPerImage(logits, target, { kind: 'continuousBernoulli' })) as tf.Scalar, true) ?? []);
    step();
    const before = tf.memory().numTensors;
    step();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([logits, target]);
    optimizer.dispose();
  });
});

describe('continuousBernoulliMean', () => {
  it.each([...LAMBDAS, 0.3, 0.7].map((lambda) => [lambda, logitOf(lambda)]))('λ = %s: equals ∫ x p(x) dx and λ/(2λ−1) + 1/(2 atanh(1−2λ))', (lambda, logit) => {
    const p = unnormalised(logit);
    const byQuadrature = simpson((x) => x * p(x)) / simpson(p);
    const value = continuousBernoulliMean(one([logit])).dataSync()[0];
    expect(value).toBeCloseTo(byQuadrature, 6);
    if (Math.abs(lambda - 0.5) > 1e-3) expect(value).toBeCloseTo(lambda / (2 * lambda - 1) + 1 / (2 * Math.atanh(1 - 2 * lambda)), 6);
  });

  it.each(NEAR_CUTOFF_LOGITS)('logit %s (either side of the series cutoff) matches quadrature', (logit) => {
    const p = unnormalised(logit);
    expect(continuousBernoulliMean(one([logit])).dataSync()[0]).toBeCloseTo(simpson((x) => x * p(x)) / simpson(p), 6);
  });

  it('is ½ at l = 0, finite at |l| = 1e4, and likelihoodMean uses it only for the continuous Bernoulli', () => {
    expect(continuousBernoulliMean(one([0])).dataSync()[0]).toBe(0.5);
    const extremes = continuousBernoulliMean(one([-1e4, 1e4])).dataSync();
    expect(extremes[0]).toBeCloseTo(1e-4, 6);
    expect(extremes[1]).toBeCloseTo(1 - 1e-4, 6);
    const output = tf.tensor2d([[2.2]]);
    expect(likelihoodMean(output, { kind: 'bernoulli' }).dataSync()[0]).toBeCloseTo(1 / (1 + Math.exp(-2.2)), 6);
    expect(likelihoodMean(output, { kind: 'gaussian', variance: 0.1 }).dataSync()[0]).toBeCloseTo(1 / (1 + Math.exp(-2.2)), 6);
    expect(likelihoodMean(output, { kind: 'continuousBernoulli' }).dataSync()[0]).toBeCloseTo(1 / (1 - Math.exp(-2.2)) - 1 / 2.2, 6);
  });

  it('keeps its shape and leaks no tensors', () => {
    const output = tf.randomNormal([4, 784], 0, 3, 'float32', 2) as tf.Tensor2D;
    const before = tf.memory().numTensors;
    const mean = likelihoodMean(output, { kind: 'continuousBernoulli' });
    expect(mean.shape).toEqual([4, 784]);
    expect(tf.memory().numTensors).toBe(before + 1);
    tf.dispose([output, mean]);
  });
});
