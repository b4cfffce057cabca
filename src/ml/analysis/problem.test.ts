import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { klToStandardNormal, logLikelihoodAt, withVariational } from './problem';
import { LINEAR_EXAMPLE, linearGaussianProblem } from './testing';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('problem helpers', () => {
  it('withVariational swaps q and keeps the likelihood; it rejects a q of the wrong size', () => {
    const base = linearGaussianProblem(LINEAR_EXAMPLE, [0, 0], [0, 0]);
    const other = withVariational(base, [1, -1], [-2, 0.5]);
    expect(Array.from(other.mean)).toEqual([1, -1]);
    expect(Array.from(other.logVar)).toEqual([-2, 0.5]);
    const z = tf.tensor2d([[0.3, 0.1]]);
    expect(other.logLikelihood(z).dataSync()[0]).toBe(base.logLikelihood(z).dataSync()[0]);
    expect(() => withVariational(base, [1], [0])).toThrow(/2 means/);
  });

  it('logLikelihoodAt evaluates row-major points in batches, same values as one call, and leaks nothing', async () => {
    const problem = linearGaussianProblem(LINEAR_EXAMPLE, [0, 0], [0, 0]);
    const points = Float32Array.from({ length: 22 }, (_, i) => Math.sin(i));
    const batched = await logLikelihoodAt(problem, points, { batchSize: 4 });
    const before = tf.memory().numTensors;
    const whole = await logLikelihoodAt(problem, points);
    expect(tf.memory().numTensors).toBe(before);
    expect(batched).toHaveLength(11);
    batched.forEach((v, i) => expect(v).toBeCloseTo(whole[i], 5));
  });

  it('klToStandardNormal matches a hand value', () => {
    // μ = (1, 0), σ² = (1, 2): ½(1 + 1 − ln 2).
    expect(klToStandardNormal([1, 0], [0, Math.log(2)])).toBeCloseTo(0.5 * (2 - Math.log(2)), 12);
  });
});
