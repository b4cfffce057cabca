/** What the per-digit views share: the selected digit, a frozen copy of the weights, and budgets per backend. */
import * as tf from '@tensorflow/tfjs-core';
import { problemFor, type DecoderBudget, type LatentPosteriorProblem } from '../../ml/analysis';
import { MODEL_FAMILIES } from '../../ml/models/family';
import { frozenCopy } from '../../ml/models/frozenCopy';
import type { LatentModel } from '../../ml/models/types';
import { IMAGE_PIXELS } from '../protocol';
import type { Run } from '../runs';
import type { ViewContext } from './types';

/** Why a view needs a VAE, or null for a VAE run. */
export function vaeOnly(run: Run): string | null {
  const { model } = run.config;
  if (model === 'vae') return null;
  return `This view needs a VAE: a ${MODEL_FAMILIES[model].title.toLowerCase()} has no q(z|x) and no prior, so no ELBO to bound. Switch the model to VAE / β-VAE.`;
}

/** True on the cpu backend, where every decoder evaluation costs ~30× more: the views use smaller budgets there. */
export function slowBackend(): boolean {
  return tf.getBackend() === 'cpu';
}

/** The estimators' budget from the view's context: its batch size, abort signal and pace. */
export function budgetOf(context: ViewContext): Required<Pick<DecoderBudget, 'batchSize' | 'signal' | 'pace'>> {
  return { batchSize: context.batchSize, signal: context.signal, pace: context.pace };
}

/** Runs `work` on a frozen copy of the run's weights (training may go on between pieces); frees the copy after. */
export async function withFrozenModel<T>(run: Run, work: (model: LatentModel) => Promise<T>): Promise<T> {
  const model = frozenCopy(run.model);
  try {
    return await work(model);
  } finally {
    model.dispose();
  }
}

/** The selected digit's problem under a frozen copy of the weights: `work` gets it and the copy; both are freed after. */
export function withDigitProblem<T>(context: ViewContext, work: (problem: LatentPosteriorProblem, probeIndex: number) => Promise<T>): Promise<T> {
  const probeIndex = context.selection.elboIndex;
  const bytes = context.data.probeImages.subarray(probeIndex * IMAGE_PIXELS, (probeIndex + 1) * IMAGE_PIXELS);
  const x = Float32Array.from(bytes, (value) => value / 255);
  return withFrozenModel(context.run, async (model) => {
    const problem = await problemFor(model, x);
    try {
      return await work(problem, probeIndex);
    } finally {
      problem.dispose();
    }
  });
}

/**
 * Quadrature settings for this backend: a 47-point grid and 0.01 nats (far below the KL gaps it shows; the page prints
 * the estimated error) keep a live update near 10,000–20,000 decoder evaluations; on cpu, where one costs ~1 ms, a
 * coarser grid, a smaller budget and 0.05 nats.
 */
export function quadratureBudget(): { gridSize: number; maxEvaluations: number; tolerance: number } {
  return slowBackend() ? { gridSize: 31, maxEvaluations: 12_000, tolerance: 0.05 } : { gridSize: 47, maxEvaluations: 30_000, tolerance: 0.01 };
}

/** Buffers of typed arrays, for transfer. */
export function buffersOf(...arrays: Array<{ buffer: ArrayBufferLike }>): ArrayBuffer[] {
  return [...new Set(arrays.map((array) => array.buffer as ArrayBuffer))];
}
