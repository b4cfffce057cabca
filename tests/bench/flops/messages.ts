import type { ModelSpec } from '../../../src/ml/models/types';

/** The model whose training FLOP rate the bench reports: the page's default VAE. */
export const DEFAULT_VAE: ModelSpec = { kind: 'vae', network: 'mlp', likelihood: { kind: 'bernoulli' }, latentDim: 2, hiddenUnits: 512, codebookSize: 64, codeDim: 16, seed: 1 };

/** The app's training step alone: DEFAULT_VAE trained by the app's Trainer in this worker, no page around it. */
export interface StepTiming {
  batchSize: number;
  stepsPerChunk: number;
  /** Per-step time of each timed chunk (ms), each chunk ending with its one read of the loss terms. */
  chunkStepMs: number[];
}

/** What the matrix-product worker reports. */
export type MatMulEvent =
  | { type: 'done'; backend: string; threads: number; size: number; runsMs: number[]; step: StepTiming }
  | { type: 'error'; message: string };
