import * as tf from '@tensorflow/tfjs-core';
import { bitsPerDim } from '../ml/losses/discretised';
import { evaluateTestSet } from '../ml/training/evaluate';
import type { LoadedDataset } from './datasets';
import { RateMeter, StepTermsBuffer } from './meters';
import type { ProbeCodes } from '../ml/training/probes';
import { IMAGE_PIXELS, type BackendName, type ProbeSelection, type QueryAnswer, type QueryArgs, type QueryKind, type WorkerEvent } from './protocol';
import { QUERY_MODULES } from './queries/registry';
import type { QueryModule } from './queries/types';
import { runRef, type Run } from './runs';
import { buildSnapshot } from './snapshot';
import { ViewScheduler } from './views/scheduler';

/** The run the worker trains and the data it trains on. */
export interface ActiveRun {
  run: Run;
  data: LoadedDataset;
}

type Emit = (event: WorkerEvent, transfer?: Transferable[]) => void;

const SNAPSHOT_INTERVAL_MS = 350;
/**
 * Snapshots may take at most this share of the worker's time. On wasm a snapshot costs ~150 ms, so this
 * still gives over two a second; on a slow, software-rendered GPU it keeps training from starving.
 */
const SNAPSHOT_TIME_SHARE = 0.4;
const TARGET_CHUNK_MS = 120;
/** Test images evaluated per piece of background work, so commands wait at most one batch. */
const EVALUATION_BATCH = 500;
/** While training, the open analysis views may take this long after each snapshot (the rest wait their turn). */
const VIEW_BUDGET_MS = 150;

/** A test-set evaluation in progress, done one batch at a time between commands; sums are over images. */
interface EvaluationJob {
  run: Run;
  epoch: number;
  nextImage: number;
  sums: Map<string, number>;
  discretisedNll: number;
  scoredPixels: number;
}

/**
 * Trains, evaluates and draws one active run at a time: chunk sizing, the step-terms buffer, the rate
 * meter, the snapshot clock and the piecewise test evaluation. Commands and their order are the
 * session's business; this class only does the work it is asked to.
 */
export class RunDriver {
  backend: BackendName = 'cpu';
  private selection: ProbeSelection = { elboIndex: 0, interpolationA: 0, interpolationB: 1 };
  private chunkSize = 2;
  private lastSnapshotAt = Number.NEGATIVE_INFINITY;
  private lastSnapshotCostMs = 0;
  private evaluation: EvaluationJob | null = null;
  private readonly terms = new StepTermsBuffer();
  private readonly rate = new RateMeter(3000);
  /** The probe digits' codes from the latest snapshot, which the analysis views read. */
  private codes: ProbeCodes | null = null;
  readonly views: ViewScheduler;

  constructor(private readonly emit: Emit) {
    this.views = new ViewScheduler(emit);
  }

  /** Starts afresh for a newly active run (buffered terms, speed and a pending evaluation belong to the previous one). */
  activate(): void {
    this.terms.clear();
    this.rate.clear();
    this.evaluation = null;
    this.lastSnapshotAt = Number.NEGATIVE_INFINITY;
    this.codes = null;
    this.views.clear();
  }

  /** Takes the page's digit choice; false (ignored) when an index is not a whole number ≥ 0. */
  setSelection(selection: ProbeSelection): boolean {
    const valid = (i: number) => Number.isInteger(i) && i >= 0;
    if (![selection.elboIndex, selection.interpolationA, selection.interpolationB].every(valid)) return false;
    this.selection = selection;
    return true;
  }

  /** Trains `count` steps; true when the loss diverged (the trainer rolled back and the page was told). */
  async trainChunk(active: ActiveRun, count: number): Promise<boolean> {
    const { run, data } = active;
    const result = await run.trainer.trainChunk(count, (batchSize) => data.pool.nextBatch(batchSize));
    this.terms.push(result);
    if (!result.divergence) {
      this.rate.record(performance.now(), run.trainer.samplesSeen);
      return false;
    }
    this.rate.clear();
    const { badStep, restoredStep } = result.divergence;
    this.terms.dropAfter(restoredStep);
    this.emit({ type: 'diverged', run: runRef(run), badStep, restoredStep });
    return true;
  }

  /** One chunk sized to take about TARGET_CHUNK_MS; true when it diverged. */
  async trainChunkAdaptive(active: ActiveRun): Promise<boolean> {
    const started = performance.now();
    const diverged = await this.trainChunk(active, this.chunkSize);
    const elapsed = performance.now() - started;
    this.chunkSize = Math.max(1, Math.min(64, Math.round((this.chunkSize * TARGET_CHUNK_MS) / Math.max(1, elapsed))));
    return diverged;
  }

  /**
   * Posts a snapshot, then computes the open views within their budget, when the snapshot clock says so:
   * together they take at most SNAPSHOT_TIME_SHARE of the worker's time.
   */
  async snapshotIfDue(active: ActiveRun, signal: AbortSignal): Promise<void> {
    const interval = Math.max(SNAPSHOT_INTERVAL_MS, this.lastSnapshotCostMs / SNAPSHOT_TIME_SHARE);
    if (performance.now() - this.lastSnapshotAt < interval) return;
    await this.postSnapshot(active);
    const started = performance.now();
    await this.computeViews(active, signal, true);
    this.lastSnapshotCostMs += performance.now() - started;
  }

  /** Computes the open views that are due for the latest snapshot: all of them when paused, within a budget while training. */
  async computeViews({ run, data }: ActiveRun, signal: AbortSignal, training: boolean): Promise<void> {
    if (!this.codes || !this.views.anyOpen) return;
    const context = { run, data, codes: this.codes, selection: this.clampedSelection(data), signal };
    await this.views.computeDue(context, training, training ? VIEW_BUDGET_MS : Number.POSITIVE_INFINITY);
  }

  async postSnapshot(active: ActiveRun): Promise<void> {
    const { run, data } = active;
    this.lastSnapshotAt = performance.now();
    const views = await run.probes.views(run.model, this.clampedSelection(data), run.trainer.trainingSettings.corruption);
    this.codes = views.codes;
    const epoch = run.trainer.samplesSeen / data.manifest.train.count;
    const { snapshot, transfer } = buildSnapshot(run, views, {
      epoch,
      samplesPerSecond: this.rate.perSecond(),
      backend: this.backend,
      tensorCount: tf.memory().numTensors,
      terms: this.terms.drain(run.model.termNames),
    });
    this.emit({ type: 'snapshot', snapshot }, transfer);
    this.lastSnapshotCostMs = performance.now() - this.lastSnapshotAt;
  }

  /** Queues a test-set evaluation when the run has just completed an epoch. */
  scheduleEvaluationIfEpochEnded({ run, data }: ActiveRun): void {
    const epoch = Math.floor(run.trainer.samplesSeen / data.manifest.train.count);
    if (epoch <= run.evaluatedEpochs || this.evaluation?.run === run) return;
    this.evaluation = { run, epoch, nextImage: 0, sums: new Map(), discretisedNll: 0, scoredPixels: 0 };
  }

  /** Evaluates the next batch of a pending evaluation; false when there is none for this run. */
  async continueEvaluation({ run, data }: ActiveRun): Promise<boolean> {
    const job = this.evaluation;
    if (!job || job.run !== run) return false;
    const { count, images } = data.test;
    const rows = Math.min(EVALUATION_BATCH, count - job.nextImage);
    const batch = images.subarray(job.nextImage * IMAGE_PIXELS, (job.nextImage + rows) * IMAGE_PIXELS);
    const { corruption } = run.trainer.trainingSettings;
    const scores = await evaluateTestSet(run.model, batch, rows, { corruption, batchSize: rows, seed: 1 + job.nextImage / EVALUATION_BATCH });
    for (const [name, value] of Object.entries(scores.terms)) job.sums.set(name, (job.sums.get(name) ?? 0) + (value ?? 0) * rows);
    job.discretisedNll += scores.discretisedNll * rows;
    job.scoredPixels += scores.scoredPixels * rows;
    job.nextImage += rows;
    if (job.nextImage >= count) this.finishEvaluation(job, count);
    return true;
  }

  /** Runs a due evaluation to the end (after a Step), unless `signal` aborts first. */
  async evaluateIfEpochEnded(active: ActiveRun, signal: AbortSignal): Promise<void> {
    this.scheduleEvaluationIfEpochEnded(active);
    while (!signal.aborted && (await this.continueEvaluation(active)));
  }

  /** Answers an on-demand query for the active run (its result and the buffers to transfer), or says why it does not apply. */
  async answer<K extends QueryKind>({ run, data }: ActiveRun, kind: K, args: QueryArgs[K], signal: AbortSignal): Promise<{ answer: QueryAnswer<K>; transfer: ArrayBuffer[] }> {
    const module = QUERY_MODULES[kind] as QueryModule<K>;
    const reason = module.notApplicable(run, args);
    if (reason !== null) return { answer: { status: 'notApplicable', reason }, transfer: [] };
    const context = { run, data, codes: this.codes, selection: this.clampedSelection(data), signal };
    const { result, transfer } = await module.answer(context, args);
    return { answer: { status: 'ready', result }, transfer };
  }

  /** Decoded probabilities (784) at t ∈ [0, 1] on the A→B path. */
  decodeInterpolation({ run, data }: ActiveRun, t: number): Promise<Float32Array> {
    return run.probes.decodeInterpolation(run.model, this.clampedSelection(data), Math.min(1, Math.max(0, t)));
  }

  /** Reconstruction (784 probabilities) of one probe digit; null for an index outside the probes. */
  async reconstruct({ run, data }: ActiveRun, probeIndex: number): Promise<Float32Array | null> {
    if (!Number.isInteger(probeIndex) || probeIndex < 0 || probeIndex >= data.probeLabels.length) return null;
    return run.probes.reconstruct(run.model, probeIndex);
  }

  private finishEvaluation(job: EvaluationJob, count: number): void {
    this.evaluation = null;
    const { run } = job;
    run.evaluatedEpochs = job.epoch;
    const terms = Object.fromEntries([...job.sums].map(([name, sum]) => [name, sum / count]));
    const negElboNats = run.model.termNames.includes('kl') ? (terms.rec ?? 0) + (terms.kl ?? 0) : null;
    const discretisedNll = job.discretisedNll / count;
    this.emit({
      type: 'testEvaluation',
      run: runRef(run),
      evaluation: {
        model: run.config.model,
        epoch: job.epoch,
        step: run.trainer.step,
        terms,
        negElboNats,
        discretisedNll,
        bitsPerDim: bitsPerDim(discretisedNll, job.scoredPixels / count),
      },
    });
  }

  /** The selection with every index inside this dataset's probes. */
  private clampedSelection(data: LoadedDataset): ProbeSelection {
    const last = Math.max(0, data.probeLabels.length - 1);
    const clamp = (i: number) => Math.min(i, last);
    const { elboIndex, interpolationA, interpolationB } = this.selection;
    return { elboIndex: clamp(elboIndex), interpolationA: clamp(interpolationA), interpolationB: clamp(interpolationB) };
  }
}
