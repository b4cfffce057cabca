/**
 * Recent CPU copies of the runs, so a lost GPU loses only the last few seconds of training: the weights, Adam's state
 * and counters read between chunks (all reads at once), held as an opened model file is, and rebuilt with the same code
 * (`resumeFrom`) that continues a saved model.
 */
import { FORMAT_VERSION, readTrainingState, resumeFrom, type ModelMetadata } from '../ml/io';
import { firstNonFinite } from '../ml/math/finite';
import type { ActiveRun } from './runDriver';
import { buildRun, type Run, type RunCopy } from './runs';

/** The active run is copied at least this long apart … */
export const COPY_INTERVAL_MS = 5000;
/** … and copies may take at most this share of the worker's time (a slow GPU read spaces them further apart). */
export const COPY_TIME_SHARE = 0.05;

/** Copies `run`'s weights, Adam's state and counters to the CPU; null when a weight is NaN/∞. */
export async function copyRun({ run, data }: ActiveRun): Promise<RunCopy | null> {
  const { trainer, config } = run;
  const { weights, optimizer } = await readTrainingState(trainer);
  if ([...weights.values()].some((values) => firstNonFinite(values) >= 0)) return null;
  const spec = structuredClone(run.model.spec);
  const metadata: ModelMetadata = { formatVersion: FORMAT_VERSION, spec, dataset: config.dataset, training: structuredClone(config.hyper), step: trainer.step, samplesSeen: trainer.samplesSeen };
  return { state: { spec, weights, optimizer, metadata, storage: 'float32' }, step: trainer.step, evaluatedEpochs: run.evaluatedEpochs, data };
}

/** `old` rebuilt on the current backend from `copy`: the same id and settings, the copy's weights, Adam's state and step (caller disposes). */
export async function rebuildRun(old: Run, copy: RunCopy): Promise<Run> {
  const resumed = await resumeFrom(copy.state, old.config.seed, old.config.hyper);
  const run = buildRun(old.id, old.config, copy.data, resumed);
  run.evaluatedEpochs = copy.evaluatedEpochs;
  run.cpuCopy = copy;
  return run;
}

/** Keeps the active run's CPU copy recent: every COPY_INTERVAL_MS of training, and whenever the run stops. */
export class CopyClock {
  private lastAt = Number.NEGATIVE_INFINITY;
  /** How long the last copy took (ms). */
  private lastCostMs = 0;

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Copies the active run when the last copy is older than COPY_INTERVAL_MS (or than its cost / COPY_TIME_SHARE). */
  async copyIfDue(active: ActiveRun): Promise<void> {
    const interval = Math.max(COPY_INTERVAL_MS, this.lastCostMs / COPY_TIME_SHARE);
    if (this.now() - this.lastAt < interval) return;
    await this.copy(active);
  }

  /** Copies the run unless its copy is of its current step (a run that stopped, or one about to become inactive). */
  async ensureCurrent(active: ActiveRun): Promise<void> {
    if (active.run.cpuCopy?.step !== active.run.trainer.step) await this.copy(active);
  }

  private async copy(active: ActiveRun): Promise<void> {
    const started = this.now();
    this.lastAt = started;
    // Weights that are NaN/∞ are not worth keeping: the previous copy stays.
    active.run.cpuCopy = (await copyRun(active)) ?? active.run.cpuCopy;
    this.lastCostMs = this.now() - started;
  }
}
