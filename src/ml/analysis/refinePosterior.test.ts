import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { mulberry32, standardNormals } from '../math/random';
import { refinePosterior } from './refinePosterior';
import { momentMatchedNormals } from './statistics';
import { closedFormElbo, closedFormOptimalDiagonal, LINEAR_EXAMPLE, linearGaussianProblem } from './testing';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('momentMatchedNormals', () => {
  it('has sample mean exactly 0 and second moment exactly I', () => {
    const [count, dim] = [12, 3];
    const uniform = mulberry32(4);
    const eps = momentMatchedNormals(count, dim, (n) => standardNormals(n, uniform));
    expect(eps).toHaveLength(count * dim);
    for (let j = 0; j < dim; j++) {
      let mean = 0;
      for (let i = 0; i < count; i++) mean += eps[i * dim + j] / count;
      expect(mean).toBeCloseTo(0, 6);
      for (let k = 0; k < dim; k++) {
        let second = 0;
        for (let i = 0; i < count; i++) second += (eps[i * dim + j] * eps[i * dim + k]) / count;
        expect(second).toBeCloseTo(j === k ? 1 : 0, 5);
      }
    }
  });

  it('rejects an odd count or fewer than 2·dim draws', () => {
    const normals = (n: number) => standardNormals(n, mulberry32(1));
    expect(() => momentMatchedNormals(7, 2, normals)).toThrow(/even/);
    expect(() => momentMatchedNormals(4, 3, normals)).toThrow(/2·dim/);
  });
});

describe('refinePosterior (linear-Gaussian: the best diagonal q is closed-form)', () => {
  const start = { mean: [-1, 2], logVar: [1, -3] };
  const problem = () => linearGaussianProblem(LINEAR_EXAMPLE, start.mean, start.logVar);

  it('never lowers the fixed-draw ELBO and converges to the optimal mean-field ELBO, mean and variances', async () => {
    const result = await refinePosterior(problem(), { steps: 60, draws: 16, freshDraws: 4000, seed: 3 });
    const best = closedFormOptimalDiagonal(LINEAR_EXAMPLE);
    const bestElbo = closedFormElbo(LINEAR_EXAMPLE, best.mean, best.logVar);
    const trajectory = result.elboTrajectory;
    // Converged within ~15 steps here, so it stopped once 20 steps gained less than 1e-4 nats.
    expect(trajectory.length).toBeGreaterThan(21);
    expect(trajectory.length).toBeLessThan(61);
    expect(trajectory[trajectory.length - 1] - trajectory[trajectory.length - 21]).toBeLessThan(1e-4);
    for (let i = 1; i < trajectory.length; i++) expect(trajectory[i]).toBeGreaterThanOrEqual(trajectory[i - 1]);
    // Moment-matched draws make the fixed-draw ELBO exact here: it starts at the closed-form ELBO of the start q.
    expect(trajectory[0]).toBeCloseTo(closedFormElbo(LINEAR_EXAMPLE, start.mean, start.logVar), 3);
    expect(Math.abs(trajectory[trajectory.length - 1] - bestElbo)).toBeLessThan(1e-3);
    result.mean.forEach((m, j) => expect(m).toBeCloseTo(best.mean[j], 2));
    result.logVar.forEach((lv, j) => expect(lv).toBeCloseTo(best.logVar[j], 2));
    expect(Math.abs(result.finalElbo - bestElbo)).toBeLessThan(4 * result.finalElboStandardError);
    const gap = bestElbo - closedFormElbo(LINEAR_EXAMPLE, start.mean, start.logVar);
    expect(gap).toBeGreaterThan(5);
    expect(Math.abs(result.amortisationGap - gap)).toBeLessThan(4 * result.amortisationGapStandardError);
    expect(result.initialElbo).toBeLessThan(result.finalElbo);
    expect(result.decoderEvaluations).toBe(trajectory.length * 16 + 2 * 4000);
  });

  it('returns the start unchanged after zero steps, runs every step with stallTolerance 0, and gives the same path for any batch size', async () => {
    const none = await refinePosterior(problem(), { steps: 0, freshDraws: 10 });
    expect(Array.from(none.mean)).toEqual(Array.from(Float32Array.from(start.mean)));
    expect(none.elboTrajectory).toHaveLength(1);
    const all = await refinePosterior(problem(), { steps: 40, stallTolerance: 0, draws: 4, freshDraws: 10 });
    expect(all.elboTrajectory).toHaveLength(41);
    const [a, b] = [
      await refinePosterior(problem(), { steps: 5, draws: 8, freshDraws: 10, batchSize: 3 }),
      await refinePosterior(problem(), { steps: 5, draws: 8, freshDraws: 10 }),
    ];
    a.elboTrajectory.forEach((v, i) => expect(v).toBeCloseTo(b.elboTrajectory[i], 4));
  });

  it('leaks no tensors', async () => {
    await refinePosterior(problem(), { steps: 3, draws: 4, freshDraws: 8 });
    const before = tf.memory().numTensors;
    await refinePosterior(problem(), { steps: 3, draws: 4, freshDraws: 8 });
    expect(tf.memory().numTensors).toBe(before);
  });
});
