/**
 * The `pace` hook every estimator awaits before a decoder batch (a worker trains between batches): it hears
 * every batch, the rows it announces add up to the decoder evaluations the estimator reports, and awaiting
 * it (even across a macrotask) changes no result.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { gradientVariance } from './gradientVariance';
import { boundLadder } from './iwae';
import type { DecoderBudget } from './problem';
import { refinePosterior } from './refinePosterior';
import { LINEAR_EXAMPLE, linearGaussianProblem } from './testing';
import { truePosterior } from './truePosterior';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const problem = () => linearGaussianProblem(LINEAR_EXAMPLE, [0.2, 0.5], [-1.6, -1.2]);

/** A pace that yields a macrotask per batch and records the rows announced. */
function recordingPace(): { budget: DecoderBudget; rows: number[] } {
  const rows: number[] = [];
  const pace = async (count: number) => {
    rows.push(count);
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  return { budget: { pace, batchSize: 300 }, rows };
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

describe('pace between decoder batches', () => {
  it('truePosterior: one call per batch of at most batchSize, rows summing to its decoder evaluations, same result', async () => {
    const { budget, rows } = recordingPace();
    const paced = await truePosterior(problem(), { gridSize: 31, ...budget });
    const plain = await truePosterior(problem(), { gridSize: 31, batchSize: 300 });
    expect(rows.every((r) => r > 0 && r <= 300)).toBe(true);
    expect(sum(rows)).toBe(paced.decoderEvaluations);
    expect(paced.logPx).toBe(plain.logPx);
    expect(paced.elbo).toBe(plain.elbo);
  });

  it('boundLadder and gradientVariance: rows sum to their decoder evaluations, same numbers', async () => {
    const ladder = recordingPace();
    const paced = await boundLadder(problem(), { ks: [1, 10], repeats: 50, ...ladder.budget });
    expect(sum(ladder.rows)).toBe(paced.decoderEvaluations);
    expect(paced.rungs).toEqual((await boundLadder(problem(), { ks: [1, 10], repeats: 50, batchSize: 300 })).rungs);

    const gradients = recordingPace();
    const pacedGradients = await gradientVariance(problem(), { samples: 700, ...gradients.budget });
    expect(sum(gradients.rows)).toBe(pacedGradients.decoderEvaluations);
    expect(pacedGradients.varianceRatio).toEqual((await gradientVariance(problem(), { samples: 700, batchSize: 300 })).varianceRatio);
  });

  it('refinePosterior: rows sum to its decoder evaluations, same trajectory', async () => {
    const { budget, rows } = recordingPace();
    const paced = await refinePosterior(problem(), { steps: 30, freshDraws: 400, ...budget });
    expect(sum(rows)).toBe(paced.decoderEvaluations);
    const plain = await refinePosterior(problem(), { steps: 30, freshDraws: 400, batchSize: 300 });
    expect(Array.from(paced.elboTrajectory)).toEqual(Array.from(plain.elboTrajectory));
    expect(paced.amortisationGap).toBe(plain.amortisationGap);
  });

  it('an abort while paced rejects at the next batch', async () => {
    const controller = new AbortController();
    const pace = async () => controller.abort();
    await expect(boundLadder(problem(), { ks: [1, 10], repeats: 4, batchSize: 8, pace, signal: controller.signal })).rejects.toThrow();
  });
});
