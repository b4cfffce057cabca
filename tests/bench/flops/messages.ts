import type { ModelSpec } from '../../../src/ml/models/types';
import type { TrainingSettings } from '../../../src/ml/training/trainer';
import { defaultSettings, toRunConfig } from '../../../src/state/settings';

/** The model whose training FLOP rate the bench reports, and its settings: the page's default run (the VAE). */
export function defaultRun(): { spec: ModelSpec; hyper: TrainingSettings } {
  const config = toRunConfig(defaultSettings());
  return { spec: { kind: config.model, ...config.architecture, seed: config.seed }, hyper: config.hyper };
}

/** The app's training step alone: the default run trained by the app's Trainer in the matMul page's worker, no page around it. */
export interface StepTiming {
  batchSize: number;
  /** How FusedAdam updates the weights here. */
  adam: 'SIMD kernel' | 'JavaScript loop';
  stepsPerChunk: number;
  warmUpChunks: number;
  /** Per-step time of each timed chunk (ms), each chunk ending with its one read of the loss terms. */
  chunkStepMs: number[];
}

/** What the matrix-product worker reports. */
export type MatMulEvent =
  | { type: 'done'; backend: string; threads: number; size: number; runsMs: number[]; step: StepTiming }
  | { type: 'error'; message: string };
