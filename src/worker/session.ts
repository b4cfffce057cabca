import * as tf from '@tensorflow/tfjs';
import { DataError } from '../ml/data';
import { evaluateTestSet } from '../ml/training/evaluate';
import type { ChunkResult } from '../ml/training/trainer';
import { selectBackend } from './backend';
import { DatasetStore, type LoadedDataset } from './datasets';
import { RateMeter, StepTermsBuffer } from './meters';
import {
  IMAGE_PIXELS,
  PROBE_COUNT,
  type BackendName,
  type HyperSettings,
  type InitOptions,
  type ProbeSelection,
  type RunConfig,
  type WorkerEvent,
} from './protocol';
import { buildRun, RunRegistry, sameArchitecture, trainingSettings, type Run } from './runs';
import { buildSnapshot } from './snapshot';
import { yieldToEvents } from './yield';

/** Sends one event to the page, transferring the listed buffers. */
export type Emit = (event: WorkerEvent, transfer?: Transferable[]) => void;

const SNAPSHOT_INTERVAL_MS = 350;
/**
 * Snapshots may take at most this share of the worker's time. On wasm a snapshot costs ~150 ms, so this
 * still gives over two a second; on a slow, software-rendered GPU it keeps training from starving.
 */
const SNAPSHOT_TIME_SHARE = 0.4;
const TARGET_CHUNK_MS = 120;
/** How often a started run checks whether its first training images have arrived. */
const SHARD_POLL_MS = 50;

/** Owns data, runs and the training loop inside the worker; every public method is a page command. */
export class LabSession {
  private config!: RunConfig;
  private datasets!: DatasetStore;
  private readonly runs = new RunRegistry();
  private active: { run: Run; data: LoadedDataset } | null = null;
  private backendName: BackendName = 'cpu';
  private selection: ProbeSelection = { elboIndex: 0, interpolationA: 0, interpolationB: 1 };
  private running = false;
  private loop: Promise<void> = Promise.resolve();
  /** A single Step in flight; Start, Pause and switching wait for it (Pause cancels its wait for data). */
  private stepping: Promise<void> | null = null;
  private stepCancelled = false;
  /** Bumped by every activate(): an older call still loading data gives way to the newer one. */
  private generation = 0;
  private chunkSize = 2;
  private lastSnapshotAt = 0;
  private lastSnapshotCostMs = 0;
  private readonly terms = new StepTermsBuffer();
  private readonly rate = new RateMeter(3000);

  constructor(private readonly emit: Emit) {}

  async init(options: InitOptions, config: RunConfig): Promise<void> {
    this.datasets = new DatasetStore(options.dataBaseUrl, this.emit);
    this.config = config;
    this.datasets.load(config.dataset).catch(() => undefined);
    await this.chooseBackend();
    await this.activate(config);
  }

  async start(): Promise<void> {
    await this.stepping;
    if (this.running || !this.active) return;
    this.running = true;
    this.lastSnapshotAt = Number.NEGATIVE_INFINITY;
    this.emitRunState();
    this.loop = this.trainLoop().catch((error: unknown) => this.fail('training', error));
  }

  async pause(): Promise<void> {
    this.running = false;
    this.stepCancelled = true;
    await this.loop;
    await this.stepping;
  }

  async step(): Promise<void> {
    if (this.running || this.stepping || !this.active) return;
    this.stepCancelled = false;
    this.stepping = this.trainOneStep().finally(() => (this.stepping = null));
    await this.stepping;
  }

  private async trainOneStep(): Promise<void> {
    if (!this.active || !(await this.waitForImages(this.active.data, () => !this.stepCancelled))) return;
    const result = await this.trainChunk(1);
    this.reportDivergence(result);
    await this.postSnapshot();
    await this.evaluateIfEpochEnded();
  }

  async activate(config: RunConfig): Promise<void> {
    const generation = ++this.generation;
    await this.pause();
    if (generation !== this.generation) return;
    if (config.backend !== this.config.backend) {
      this.config = config;
      this.runs.clear();
      this.active = null;
      await this.chooseBackend();
      if (generation !== this.generation) return;
    }
    this.config = config;
    let data: LoadedDataset;
    try {
      data = await this.datasets.load(config.dataset);
    } catch (error) {
      if (generation !== this.generation) return;
      this.active = null;
      this.fail('data', error);
      return;
    }
    if (generation !== this.generation) return;
    const latest = this.config;
    const previousDataset = this.active?.run.config.dataset;
    let run = this.runs.get(latest.dataset, latest.model);
    if (!run || !sameArchitecture(run.config, latest)) {
      run = buildRun(latest, data.probeImages, data.reconstructionIndices);
      this.runs.set(run);
    }
    run.config = latest;
    run.trainer.setSettings(trainingSettings(latest.hyper));
    this.active = { run, data };
    this.terms.clear();
    this.rate.clear();
    if (previousDataset !== latest.dataset) this.datasets.announce(data);
    this.emitRunState();
    await this.postSnapshot();
  }

  async reset(config: RunConfig): Promise<void> {
    await this.pause();
    const data = this.active?.data;
    if (data && config.dataset === data.name && config.backend === this.config.backend) {
      this.runs.set(buildRun(config, data.probeImages, data.reconstructionIndices));
    }
    await this.activate(config);
  }

  /** Applies to the run the page is looking at; during a switch, the new run picks them up from this.config. */
  async setHyper(hyper: HyperSettings): Promise<void> {
    this.config = { ...this.config, hyper };
    const run = this.active?.run;
    if (!run || run.config.model !== this.config.model || run.config.dataset !== this.config.dataset) return;
    run.config = { ...run.config, hyper };
    run.trainer.setSettings(trainingSettings(hyper));
  }

  async setProbes(selection: ProbeSelection): Promise<void> {
    const inRange = (i: number) => Number.isInteger(i) && i >= 0 && i < PROBE_COUNT;
    if (![selection.elboIndex, selection.interpolationA, selection.interpolationB].every(inRange)) return;
    this.selection = selection;
    if (!this.running) await this.postSnapshot();
  }

  async decodeInterpolation(t: number): Promise<Float32Array> {
    if (!this.active) return new Float32Array(IMAGE_PIXELS);
    const { run } = this.active;
    return run.probes.decodeInterpolation(run.model, this.selection, Math.min(1, Math.max(0, t)));
  }

  async reconstructProbe(probeIndex: number): Promise<Float32Array> {
    if (!this.active || probeIndex < 0 || probeIndex >= PROBE_COUNT) return new Float32Array(IMAGE_PIXELS);
    return this.active.run.probes.reconstruct(this.active.run.model, probeIndex);
  }

  async retryData(): Promise<void> {
    this.datasets.forget(this.config.dataset);
    await this.activate(this.config);
  }

  private async chooseBackend(): Promise<void> {
    const { backend, reason } = await selectBackend(this.config.backend);
    this.backendName = backend;
    this.emit({ type: 'backend', backend, reason });
  }

  private emitRunState(): void {
    const run = this.active?.run;
    this.emit({ type: 'runState', running: this.running, step: run?.trainer.step ?? 0, model: this.config.model, dataset: this.config.dataset });
  }

  private async trainLoop(): Promise<void> {
    while (this.running && this.active) {
      if (!(await this.waitForImages(this.active.data, () => this.running))) break;
      const started = performance.now();
      const result = await this.trainChunk(this.chunkSize);
      const elapsed = performance.now() - started;
      this.chunkSize = Math.max(1, Math.min(64, Math.round((this.chunkSize * TARGET_CHUNK_MS) / Math.max(1, elapsed))));
      this.reportDivergence(result);
      const interval = Math.max(SNAPSHOT_INTERVAL_MS, this.lastSnapshotCostMs / SNAPSHOT_TIME_SHARE);
      if (!this.running || performance.now() - this.lastSnapshotAt >= interval) await this.postSnapshot();
      await this.evaluateIfEpochEnded();
      await yieldToEvents();
    }
    this.emitRunState();
  }

  /** Waits until the first training shard is in the pool; false when `keepWaiting` turns false first. */
  private async waitForImages(data: LoadedDataset, keepWaiting: () => boolean): Promise<boolean> {
    while (data.pool.count === 0) {
      if (!keepWaiting()) return false;
      await new Promise((resolve) => setTimeout(resolve, SHARD_POLL_MS));
    }
    return true;
  }

  /** After a non-finite loss: stop, and tell the page what happened and what to change. */
  private reportDivergence(result: ChunkResult): void {
    if (!result.divergence) return;
    this.running = false;
    const { badStep, restoredStep } = result.divergence;
    this.emit({
      type: 'diverged',
      badStep,
      restoredStep,
      message: `Training diverged at step ${badStep}: the loss became NaN or infinite. The weights were rolled back to step ${restoredStep}, the last point where the loss was finite and not blowing up, and training paused. Lower the learning rate (for example to 0.001) and train again.`,
    });
  }

  private async trainChunk(count: number): Promise<ChunkResult> {
    const { run, data } = this.active as { run: Run; data: LoadedDataset };
    const result = await run.trainer.trainChunk(count, (batchSize) => data.pool.nextBatch(batchSize));
    if (this.active?.run === run) {
      this.terms.push(result);
      this.rate.record(performance.now(), run.trainer.samplesSeen);
    }
    return result;
  }

  private async evaluateIfEpochEnded(): Promise<void> {
    if (!this.active) return;
    const { run, data } = this.active;
    const epoch = Math.floor(run.trainer.samplesSeen / data.manifest.train.count);
    if (epoch <= run.evaluatedEpochs) return;
    run.evaluatedEpochs = epoch;
    const { corruption } = run.trainer.trainingSettings;
    const terms = await evaluateTestSet(run.model, data.test.images, data.test.count, { corruption, yieldBetweenBatches: yieldToEvents });
    const negElboNats = run.config.model === 'vae' ? (terms.rec ?? 0) + (terms.kl ?? 0) : null;
    this.emit({ type: 'testEvaluation', evaluation: { model: run.config.model, epoch, step: run.trainer.step, terms, negElboNats } });
  }

  private async postSnapshot(): Promise<void> {
    if (!this.active) return;
    const { run, data } = this.active;
    this.lastSnapshotAt = performance.now();
    const views = await run.probes.views(run.model, this.selection, run.trainer.trainingSettings.corruption);
    if (this.active?.run !== run) return;
    const { snapshot, transfer } = buildSnapshot(run, views, {
      epoch: run.trainer.samplesSeen / data.manifest.train.count,
      samplesPerSecond: this.rate.perSecond(),
      trainImagesAvailable: data.pool.count,
      backend: this.backendName,
      tensorCount: tf.memory().numTensors,
      terms: this.terms.drain(run.model.termNames),
    });
    this.emit({ type: 'snapshot', snapshot }, transfer);
    this.lastSnapshotCostMs = performance.now() - this.lastSnapshotAt;
  }

  private fail(source: 'data' | 'training', error: unknown): void {
    this.running = false;
    const message = error instanceof Error ? error.message : String(error);
    this.emit({ type: 'error', source, message, retryable: source === 'data' || error instanceof DataError });
  }
}
