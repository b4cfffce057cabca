import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateGrid, logIntegral, logJointOf, significantIndices, weightedMean } from './grid';
import type { LatentPosteriorProblem } from './problem';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** log p(x|z) = z₁ + 2z₂ (plain to check by hand), counting the rows it is asked for. */
function linearProblem() {
  const counter = { rows: 0 };
  const problem: LatentPosteriorProblem = {
    dim: 2,
    mean: new Float32Array(2),
    logVar: new Float32Array(2),
    logLikelihood: (z) => {
      counter.rows += z.shape[0];
      return tf.tidy(() => tf.sum(tf.mul(z, tf.tensor1d([1, 2])), 1) as tf.Tensor1D);
    },
  };
  return { problem, counter };
}

describe('grid quadrature helpers', () => {
  const box = { x0: -1, x1: 3, y0: 0, y1: 2 };

  it('places n × n points row-major over the box, corners included, and batches the decoder', async () => {
    const { problem, counter } = linearProblem();
    const { grid, evaluations } = await evaluateGrid(problem, box, 5, { batchSize: 7 });
    expect(Array.from(grid.xs)).toEqual([-1, 0, 1, 2, 3]);
    expect(Array.from(grid.ys)).toEqual([0, 0.5, 1, 1.5, 2]);
    expect(evaluations).toBe(25);
    expect(counter.rows).toBe(25);
    // Point iy·n + ix is (xs[ix], ys[iy]): row 3, column 1 → (0, 1.5) → 0 + 3.
    expect(grid.logLikelihood[3 * 5 + 1]).toBeCloseTo(3, 6);
  });

  it('doubling the density reuses the coarse points: (2n − 1)² − n² new evaluations, same values', async () => {
    const { problem, counter } = linearProblem();
    const { grid: coarse } = await evaluateGrid(problem, box, 5, {});
    const { grid: fine, evaluations } = await evaluateGrid(problem, coarse.box, 9, {}, coarse);
    expect(evaluations).toBe(81 - 25);
    expect(counter.rows).toBe(81);
    fine.logLikelihood.forEach((v, i) => expect(v).toBeCloseTo(fine.xs[i % 9] + 2 * fine.ys[Math.floor(i / 9)], 5));
  });

  it('leaks no tensors', async () => {
    const { problem } = linearProblem();
    await evaluateGrid(problem, box, 5, { batchSize: 6 });
    const before = tf.memory().numTensors;
    await evaluateGrid(problem, box, 5, { batchSize: 6 });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('integrates a Gaussian to its closed form and takes self-normalised means', async () => {
    // log p(x|z) = z₁ + 2z₂ times N(z; 0, I): ∫ = exp(½(1 + 4)) over the plane.
    const { problem } = linearProblem();
    const { grid } = await evaluateGrid(problem, { x0: -9, x1: 11, y0: -8, y1: 12 }, 81, {});
    const joint = logJointOf(grid);
    expect(logIntegral(grid, joint)).toBeCloseTo(2.5, 8);
    expect(logIntegral(grid, joint, 2)).toBeCloseTo(2.5, 6);
    // Under the normalised joint N(z; (1, 2), I): E[z₁ + 2z₂] = 5.
    expect(weightedMean(grid, joint, grid.logLikelihood)).toBeCloseTo(5, 6);
  });

  it('finds the index bounds of the points above a floor', async () => {
    const { problem } = linearProblem();
    const { grid } = await evaluateGrid(problem, box, 5, {});
    // z₁ + 2z₂ > 4.5 holds at (3, 1), (2, 1.5), (3, 1.5), (1, 2), (2, 2), (3, 2).
    expect(significantIndices(grid, grid.logLikelihood, 4.5)).toEqual({ ixMin: 2, ixMax: 4, iyMin: 2, iyMax: 4 });
    expect(significantIndices(grid, grid.logLikelihood, 100)).toBeNull();
  });
});
