import { hasKl } from '../ml/models/family';
import { klWeightKnots } from '../ml/training/schedules';
import type { ProbeViews } from '../ml/training/probes';
import type { Run } from './runs';
import type { Snapshot, StepTerms } from './protocol';

/** How far ahead β(t) is drawn, in steps. */
const BETA_AHEAD_STEPS = 3000;

export interface SnapshotContext {
  epoch: number;
  samplesPerSecond: number | null;
  backend: Snapshot['backend'];
  tensorCount: number;
  terms: StepTerms;
}

/** The snapshot message for a run's views, with the list of buffers to transfer (each array owns its buffer). */
export function buildSnapshot(run: Run, views: ProbeViews, context: SnapshotContext): { snapshot: Snapshot; transfer: ArrayBuffer[] } {
  const { step } = run.trainer;
  const { beta, betaSchedule, lossPreset } = run.config.hyper;
  const ahead = hasKl(run.config.model) ? klWeightKnots(betaSchedule, beta, lossPreset, step, step + BETA_AHEAD_STEPS) : { steps: [], weights: [] };
  const snapshot: Snapshot = {
    model: run.config.model,
    dataset: run.config.dataset,
    runId: run.id,
    step,
    epoch: context.epoch,
    epochFraction: context.epoch - Math.floor(context.epoch),
    samplesPerSecond: context.samplesPerSecond,
    backend: context.backend,
    tensorCount: context.tensorCount,
    terms: context.terms,
    latent: views.latent,
    reconstructionInputs: views.reconstructionInputs,
    reconstructionHidden: views.reconstructionHidden,
    reconstructions: views.reconstructions,
    samples: views.samples,
    interpolationFrames: views.interpolationFrames,
    digit: views.digit,
    codebook: views.codebook,
    betaAhead: { steps: Float64Array.from(ahead.steps), beta: Float32Array.from(ahead.weights) },
  };
  const { latent, digit, terms } = snapshot;
  const arrays: ArrayLike<number>[] = [terms.steps, ...terms.values, ...terms.weights, snapshot.betaAhead.steps, snapshot.betaAhead.beta];
  arrays.push(latent.x, latent.y, latent.pathX, latent.pathY, latent.sigmaX, latent.sigmaY, latent.codebookX, latent.codebookY);
  arrays.push(snapshot.reconstructionInputs, snapshot.reconstructions, snapshot.samples, snapshot.interpolationFrames);
  if (snapshot.reconstructionHidden) arrays.push(snapshot.reconstructionHidden);
  if (digit.mean) arrays.push(digit.mean);
  if (digit.logVar) arrays.push(digit.logVar);
  if (snapshot.codebook) arrays.push(snapshot.codebook.usage);
  const buffers = new Set(arrays.map((array) => (array as Float32Array).buffer as ArrayBuffer));
  return { snapshot, transfer: [...buffers].filter((buffer) => buffer.byteLength > 0) };
}
