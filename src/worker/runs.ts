import { createModel } from '../ml/models/createModel';
import type { LatentModel } from '../ml/models/types';
import { ProbeSet } from '../ml/training/probes';
import { Trainer, type TrainingSettings } from '../ml/training/trainer';
import { INTERPOLATION_FRAMES, PROBE_COUNT, SAMPLE_COUNT, type DatasetName, type HyperSettings, type ModelKind, type RunConfig } from './protocol';

const ELBO_SAMPLES = 256;

/** One model being trained on one dataset, with the probes drawn from it. */
export interface Run {
  config: RunConfig;
  model: LatentModel;
  trainer: Trainer;
  probes: ProbeSet;
  /** Test-set evaluations done so far (one per completed epoch). */
  evaluatedEpochs: number;
}

/** The trainer's settings for the page's live settings. */
export function trainingSettings(hyper: HyperSettings): TrainingSettings {
  const { learningRate, batchSize, beta, betaSchedule, lossPreset, commitmentWeight, restartDeadCodes } = hyper;
  const corruption = { noiseStd: hyper.noiseStd, blur: hyper.blur, maskRatio: hyper.maskRatio, patchSize: hyper.patchSize };
  return { learningRate, batchSize, beta, betaSchedule, lossPreset, commitmentWeight, restartDeadCodes, corruption };
}

/** True when two configs need different weights (anything but the live hyper-parameters differs). */
export function sameArchitecture(a: RunConfig, b: RunConfig): boolean {
  return a.model === b.model && a.dataset === b.dataset && a.seed === b.seed && JSON.stringify(a.architecture) === JSON.stringify(b.architecture);
}

/** Fresh model, trainer and probes for `config` on the given probe digits. */
export function buildRun(config: RunConfig, probeImages: Uint8Array, reconstructionIndices: number[]): Run {
  const { architecture, seed } = config;
  const model = createModel({ kind: config.model, ...architecture, seed });
  const probes = new ProbeSet({
    images: probeImages,
    probeCount: PROBE_COUNT,
    reconstructionIndices,
    sampleCount: SAMPLE_COUNT,
    interpolationFrames: INTERPOLATION_FRAMES,
    elboSamples: ELBO_SAMPLES,
    seed: seed + 101,
  });
  return { config, model, trainer: new Trainer(model, trainingSettings(config.hyper), seed), probes, evaluatedEpochs: 0 };
}

export function disposeRun(run: Run): void {
  run.trainer.dispose();
  run.probes.dispose();
  run.model.dispose();
}

/** Every trained run, one per (dataset, model), so a lecturer can flip between models without retraining. */
export class RunRegistry {
  private readonly runs = new Map<string, Run>();

  private static key(dataset: DatasetName, model: ModelKind): string {
    return `${dataset}/${model}`;
  }

  get(dataset: DatasetName, model: ModelKind): Run | undefined {
    return this.runs.get(RunRegistry.key(dataset, model));
  }

  set(run: Run): void {
    const key = RunRegistry.key(run.config.dataset, run.config.model);
    const old = this.runs.get(key);
    if (old && old !== run) disposeRun(old);
    this.runs.set(key, run);
  }

  /** Disposes every run (e.g. before switching backend, whose tensors cannot move). */
  clear(): void {
    this.runs.forEach(disposeRun);
    this.runs.clear();
  }
}
