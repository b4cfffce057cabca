import type { ImportedModel } from '../ml/io';
import { createModel } from '../ml/models/createModel';
import type { LatentModel } from '../ml/models/types';
import { ProbeSet } from '../ml/training/probes';
import { Trainer } from '../ml/training/trainer';
import { INTERPOLATION_FRAMES, SAMPLE_COUNT, type RunConfig, type RunRef, type RunTarget } from './protocol';

const ELBO_SAMPLES = 256;

/** One model being trained on one dataset, with the probes drawn from it. */
export interface Run {
  /** Grows with every run the worker builds: a reset gives the same (dataset, model) a new id. */
  id: number;
  config: RunConfig;
  model: LatentModel;
  trainer: Trainer;
  probes: ProbeSet;
  /** Test-set evaluations done so far (one per completed epoch). */
  evaluatedEpochs: number;
  /** The latest CPU copy of the run, to rebuild it from when the GPU is lost (see runCopies.ts); null before the first. */
  cpuCopy: RunCopy | null;
}

/** A run's state copied to the CPU at one step: weights, Adam's state and counters as an opened model file holds them, and its probe digits. */
export interface RunCopy {
  state: ImportedModel;
  step: number;
  evaluatedEpochs: number;
  data: ProbeDigits;
}

/** The probe digits a run draws its views from. */
export interface ProbeDigits {
  probeImages: Uint8Array;
  probeLabels: Uint8Array;
  reconstructionIndices: number[];
}

export function runRef(run: Run): RunRef {
  return { dataset: run.config.dataset, model: run.config.model, runId: run.id };
}

export function sameTarget(a: RunTarget, b: RunTarget): boolean {
  return a.dataset === b.dataset && a.model === b.model;
}

/** True when two configs need different weights (anything but the live hyper-parameters and the backend differs). */
export function sameArchitecture(a: RunConfig, b: RunConfig): boolean {
  return sameTarget(a, b) && a.seed === b.seed && JSON.stringify(a.architecture) === JSON.stringify(b.architecture);
}

/** A run for `config` on the given probe digits: fresh weights, or the model and trainer given (a saved model, resumed). */
export function buildRun(id: number, config: RunConfig, digits: ProbeDigits, resumed?: { model: LatentModel; trainer: Trainer }): Run {
  const { architecture, seed } = config;
  const model = resumed?.model ?? createModel({ kind: config.model, ...architecture, seed });
  const probes = new ProbeSet({
    images: digits.probeImages,
    probeCount: digits.probeLabels.length,
    reconstructionIndices: digits.reconstructionIndices,
    sampleCount: SAMPLE_COUNT,
    interpolationFrames: INTERPOLATION_FRAMES,
    elboSamples: ELBO_SAMPLES,
    seed: seed + 101,
  });
  return { id, config, model, trainer: resumed?.trainer ?? new Trainer(model, config.hyper, seed), probes, evaluatedEpochs: 0, cpuCopy: null };
}

export function disposeRun(run: Run): void {
  run.trainer.dispose();
  run.probes.dispose();
  run.model.dispose();
}

/** Every trained run, one per (dataset, model), so a lecturer can flip between models without retraining. */
export class RunRegistry {
  private readonly runs = new Map<string, Run>();

  private static key(target: RunTarget): string {
    return `${target.dataset}/${target.model}`;
  }

  get(target: RunTarget): Run | undefined {
    return this.runs.get(RunRegistry.key(target));
  }

  /** Keeps `run` for its (dataset, model), disposing the run it replaces. */
  set(run: Run): void {
    const key = RunRegistry.key(run.config);
    const old = this.runs.get(key);
    if (old && old !== run) disposeRun(old);
    this.runs.set(key, run);
  }

  /** Every run, removed from the registry but not disposed (the caller rebuilds them elsewhere). */
  takeAll(): Run[] {
    const runs = [...this.runs.values()];
    this.runs.clear();
    return runs;
  }

  /** Disposes every run (before switching backend, whose tensors cannot move; or when the worker ends). */
  clear(): void {
    this.runs.forEach(disposeRun);
    this.runs.clear();
  }
}
