import * as tf from '@tensorflow/tfjs-core';
import { bitsPerDim } from '../ml/losses/discretised';
import { preprocessDrawing } from '../ml/math/drawing';
import { evaluateTestSet } from '../ml/training/evaluate';
import type { LoadedDataset } from './datasets';
import { RateMeter, StepTermsBuffer } from './meters';
import type { ProbeCodes, ProbeStandIn } from '../ml/training/probes';
import { PitfallPair } from './pitfallPair';
import { IMAGE_PIXELS, type BackendName, type ProbeSelection, type QueryAnswer, type QueryArgs, type QueryKind, type WorkerEvent } from './protocol';
import { QUERY_MODULES } from './queries/registry';
import type { QueryModule } from './queries/types';
import { runRef, type Run } from './runs';
import { buildSnapshot } from './snapshot';
import { ViewScheduler } from './views/scheduler';
import type { Drawing } from './views/types';

/** The run the worker trains and the data it trains on. */
export interface ActiveRun {
  run: Run;
  data: LoadedDataset;
}

type Emit = (event: WorkerEvent, transfer?: Transferable[]) => void;

/** Two snapshots a second: the scatter redraws at most every 400 ms and the loss chart every 600 ms anyway. */
const SNAPSHOT_INTERVAL_MS = 500;
/**
 * Snapshots (and the views computed after them) may take at most this share of the worker's time. On wasm the
 * default page's snapshot costs ~70 ms (encoding the 2,000 scatter digits is most of it), so the interval rules; with
 * heavy views open, or on a slow, software-rendered GPU, this keeps training from starving.
 */
const SNAPSHOT_TIME_SHARE = 0.25;
const TARGET_CHUNK_MS = 120;
/** Test images evaluated per piece of background work, so commands wait at most one batch. */
const EVALUATION_BATCH = 500;
/** While training, the open analysis views may take this long after each snapshot (the rest wait their turn). */
const VIEW_BUDGET_MS = 150;
/** A drawing pad larger than this (pixels per side) is refused. */
const MAX_DRAWING_SIDE = 1024;

/** True for no stand-in, the drawn digit, or a point of finite numbers. */
function validStandIn(standIn: ProbeStandIn | undefined): boolean {
  return standIn === undefined || standIn.kind === 'drawn' || (standIn.kind === 'point' && Array.isArray(standIn.z) && standIn.z.every(Number.isFinite));
}

/** True when the selection is whole test indices with well-formed stand-ins and path. */
function validSelection({ elboIndex, interpolationA, interpolationB, standIns, path }: ProbeSelection): boolean {
  const valid = (i: number) => Number.isInteger(i) && i >= 0;
  if (![elboIndex, interpolationA, interpolationB].every(valid)) return false;
  if (standIns && ![standIns.elbo, standIns.interpolationA, standIns.interpolationB].every(validStandIn)) return false;
  return path === undefined || ['linear', 'slerp', 'quantile'].includes(path);
}
/**
 * While training, the pieces of heavy views (quadrature, IWAE-1000 …) may take this share of the worker's time; a view
 * the page has no result of yet (a panel just opened, another digit) gets the larger share, so it fills within seconds.
 */
const VIEW_PIECE_SHARE = 0.15;
const FIRST_RESULT_SHARE = 0.5;

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
  private backendName: BackendName = 'cpu';
  /** False while the page is hidden: training goes on, snapshots wait until it is shown again. */
  visible = true;
  private selection: ProbeSelection = { elboIndex: 0, interpolationA: 0, interpolationB: 1 };
  private chunkSize = 2;
  private lastSnapshotAt = Number.NEGATIVE_INFINITY;
  private lastSnapshotCostMs = 0;
  private evaluation: EvaluationJob | null = null;
  private readonly terms = new StepTermsBuffer();
  private readonly rate = new RateMeter(3000);
  /**
   * The probe digits' codes from the latest snapshot, which the analysis views read. The version grows when a snapshot
   * comes from another run or step (a snapshot of the same weights, e.g. when the page is shown again, keeps it).
   */
  private codes: ProbeCodes | null = null;
  private codesVersion = 0;
  private codesOf = '';
  /** The page's drawn digit, preprocessed like MNIST. */
  private drawing: Drawing | null = null;
  private drawingVersion = 0;
  readonly views: ViewScheduler;
  /** The pitfall lab's pair of runs while its view asks for a mistake (see pitfallPair.ts). */
  private pitfalls: PitfallPair | null = null;
  /** While training: when the next piece of a heavy view may run, and whether the pitfall pair trains next. */
  private nextViewPieceAt = Number.NEGATIVE_INFINITY;
  private pairTurn = false;

  constructor(private readonly emit: Emit) {
    this.views = new ViewScheduler(emit);
  }

  get backend(): BackendName {
    return this.backendName;
  }

  /** The backend tfjs runs on now (the views' measured speeds belong to the old one). */
  set backend(backend: BackendName) {
    this.backendName = backend;
    this.views.setBackend(backend);
  }

  /**
   * Training starts. The speed is measured afresh (only continuous training is measured: a rate from before a pause
   * would count the pause; snapshots taken while not training carry none), and the first chunk's snapshot goes out at
   * once, however recent the last one: the page shows training under way without waiting out the snapshot interval.
   */
  trainingStarted(): void {
    this.rate.clear();
    this.lastSnapshotAt = Number.NEGATIVE_INFINITY;
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

  /**
   * Goes on with the active run rebuilt at `step` after the GPU was lost: buffered terms of later steps (lost) go, earlier
   * ones are still sent; speed, a pending evaluation and the views start afresh.
   */
  afterRebuild(step: number): void {
    this.terms.dropAfter(step);
    this.rate.clear();
    this.evaluation = null;
    this.lastSnapshotAt = Number.NEGATIVE_INFINITY;
    this.codes = null;
    this.views.clear();
  }

  /** Takes the page's digit choice; false (ignored) when an index is not a whole number ≥ 0 or a stand-in is malformed. */
  setSelection(selection: ProbeSelection): boolean {
    if (!validSelection(selection)) return false;
    this.selection = selection;
    return true;
  }

  /**
   * Keeps the page's drawing (ink 0–255, width × height, row-major), preprocessed like MNIST; null or a blank pad clears it.
   * Returns whether the snapshot shows it (it stands in for the ELBO digit or an endpoint), so a new snapshot is due.
   */
  setDrawing(ink: Uint8Array | null, width: number, height: number): boolean {
    const fits = ink !== null && Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0 && width <= MAX_DRAWING_SIDE && height <= MAX_DRAWING_SIDE && ink.length === width * height;
    const image = fits ? preprocessDrawing(Float32Array.from(ink, (value) => value / 255), width, height) : null;
    this.drawing = image ? { image, version: ++this.drawingVersion } : null;
    const { standIns } = this.selection;
    return [standIns?.elbo, standIns?.interpolationA, standIns?.interpolationB].some((standIn) => standIn?.kind === 'drawn');
  }

  /**
   * Trains `count` steps; true when the loss diverged (the trainer rolled back and the page was told). Only chunks of
   * `continuous` training count towards the speed: a manual step's time would include the user's wait before it.
   */
  async trainChunk(active: ActiveRun, count: number, continuous: boolean): Promise<boolean> {
    const { run, data } = active;
    const result = await run.trainer.trainChunk(count, (batchSize) => data.pool.nextBatch(batchSize));
    this.terms.push(result);
    if (!result.divergence) {
      if (continuous) this.rate.record(performance.now(), run.trainer.samplesSeen);
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
    const diverged = await this.trainChunk(active, this.chunkSize, true);
    const elapsed = performance.now() - started;
    this.chunkSize = Math.max(1, Math.min(64, Math.round((this.chunkSize * TARGET_CHUNK_MS) / Math.max(1, elapsed))));
    return diverged;
  }

  /**
   * Posts a snapshot, then computes the open views within their budget, when the snapshot clock says so:
   * together they take at most SNAPSHOT_TIME_SHARE of the worker's time.
   */
  async snapshotIfDue(active: ActiveRun): Promise<void> {
    if (!this.visible) return;
    const interval = Math.max(SNAPSHOT_INTERVAL_MS, this.lastSnapshotCostMs / SNAPSHOT_TIME_SHARE);
    if (performance.now() - this.lastSnapshotAt < interval) return;
    await this.postSnapshot(active, true);
    const started = performance.now();
    await this.computeViews(active, true);
    this.lastSnapshotCostMs += performance.now() - started;
  }

  /**
   * Starts the open views that are due for the latest snapshot and runs their first pieces (a light view is
   * done then): all of them when paused, within a budget while training. Heavy views go on in `backgroundPiece`.
   */
  async computeViews({ run, data }: ActiveRun, training: boolean): Promise<void> {
    if (!this.codes || !this.views.anyOpen) return;
    const inputs = { run, data, codes: this.codes, codesVersion: this.codesVersion, selection: this.clampedSelection(data), drawing: this.drawing, pitfalls: this.pitfalls };
    await this.views.computeDue(inputs, training, training ? VIEW_BUDGET_MS : Number.POSITIVE_INFINITY);
  }

  /** True while a heavy view waits for its next piece or the pitfall pair trains. */
  get hasBackgroundWork(): boolean {
    return this.views.hasPendingJob || this.pitfalls !== null;
  }

  /**
   * Work besides training the active run, one piece at a time: the next piece of a heavy view (while training, at
   * most VIEW_PIECE_SHARE of the time), or a lockstep chunk of the pitfall pair (while training, every other
   * chunk). False when it is the active run's turn (or nothing else waits).
   */
  async backgroundPiece(active: ActiveRun, training: boolean): Promise<boolean> {
    if (this.views.hasPendingJob && (!training || performance.now() >= this.nextViewPieceAt)) {
      const share = this.views.nextPieceIsFirstResult ? FIRST_RESULT_SHARE : VIEW_PIECE_SHARE;
      const started = performance.now();
      await this.views.continueJob();
      const spent = performance.now() - started;
      if (training) this.nextViewPieceAt = performance.now() + (spent * (1 - share)) / share;
      // A view that finished may be due again already (training moved on while it computed): start it while paused too.
      if (!this.views.hasPendingJob) await this.computeViews(active, training);
      return true;
    }
    if (this.pitfalls && active.data.pool.count > 0 && (!training || this.pairTurn)) {
      this.pairTurn = false;
      await this.pitfalls.trainChunk(active.data, active.run.config.hyper);
      await this.computeViews(active, true);
      return true;
    }
    this.pairTurn = true;
    return false;
  }

  /** Builds, keeps or drops the pitfall pair to match the pitfall lab's request and the active run (a VAE). */
  syncPitfalls(active: ActiveRun | null): void {
    const pitfall = this.views.request('pitfallLab')?.pitfall;
    const config = active?.run.config;
    if (!config || config.model !== 'vae' || !pitfall || pitfall === 'none') {
      this.dropPitfalls();
      return;
    }
    if (this.pitfalls?.matches(config, pitfall)) return;
    this.dropPitfalls();
    this.pitfalls = new PitfallPair(config, pitfall);
  }

  /** Frees the pitfall pair (a new backend, or the session ends). */
  dropPitfalls(): void {
    this.pitfalls?.dispose();
    this.pitfalls = null;
  }

  /** Posts a snapshot of the active run; it carries the measured speed only while `training`. */
  async postSnapshot(active: ActiveRun, training: boolean): Promise<void> {
    const { run, data } = active;
    this.lastSnapshotAt = performance.now();
    const views = await run.probes.views(run.model, this.clampedSelection(data), run.trainer.trainingSettings.corruption, this.drawing?.image ?? null);
    this.codes = views.codes;
    const codesOf = `${run.id}:${run.trainer.step}`;
    if (codesOf !== this.codesOf) this.codesVersion++;
    this.codesOf = codesOf;
    const epoch = run.trainer.samplesSeen / data.manifest.train.count;
    const { snapshot, transfer } = buildSnapshot(run, views, {
      epoch,
      samplesPerSecond: training ? this.rate.perSecond() : null,
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
    const context = { run, data, codes: this.codes, selection: this.clampedSelection(data), drawing: this.drawing, signal };
    const { result, transfer } = await module.answer(context, args);
    return { answer: { status: 'ready', result }, transfer };
  }

  /** Decoded probabilities (784) at t ∈ [0, 1] on the A→B path. */
  decodeInterpolation({ run, data }: ActiveRun, t: number): Promise<Float32Array> {
    return run.probes.decodeInterpolation(run.model, this.clampedSelection(data), Math.min(1, Math.max(0, t)), this.drawing?.image ?? null);
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
    return { ...this.selection, elboIndex: clamp(elboIndex), interpolationA: clamp(interpolationA), interpolationB: clamp(interpolationB) };
  }
}
