import * as tf from '@tensorflow/tfjs';
import { DataError, loadDataset, TrainingPool, type ImageSet, type Manifest } from '../ml/data';
import { createModel } from '../ml/models/createModel';
import type { LatentModel } from '../ml/models/types';
import { evaluateTestSet } from '../ml/training/evaluate';
import { ProbeSet } from '../ml/training/probes';
import { Trainer, type ChunkResult, type TrainingSettings } from '../ml/training/trainer';
import { selectBackend } from './backend';
import { RateMeter, StepTermsBuffer } from './meters';
import {
  IMAGE_PIXELS,
  INTERPOLATION_FRAMES,
  PROBE_COUNT,
  SAMPLE_COUNT,
  type BackendName,
  type HyperSettings,
  type InitOptions,
  type ProbeSelection,
  type RunConfig,
  type Snapshot,
  type WorkerEvent,
} from './protocol';
import { yieldToEvents } from './yield';

/** Sends one event to the page, transferring the listed buffers. */
export type Emit = (event: WorkerEvent, transfer?: Transferable[]) => void;

const SNAPSHOT_INTERVAL_MS = 350;
const TARGET_CHUNK_MS = 120;
const ELBO_SAMPLES = 256;

/** The model being trained and its helpers; rebuilt on reset. */
interface Run {
  model: LatentModel;
  trainer: Trainer;
  probes: ProbeSet;
}

/** The trainer's settings for the page's live settings. */
function trainingSettings(hyper: HyperSettings): TrainingSettings {
  return {
    ...hyper,
    betaSchedule: { kind: 'constant' },
    lossPreset: 'both',
    commitmentWeight: 0.25,
    corruption: { noiseStd: 0, blur: false, maskRatio: 0, patchSize: 4 },
    restartDeadCodes: true,
  };
}

/** Owns data, model and training loop inside the worker; every public method is a page command. */
export class LabSession {
  private config!: RunConfig;
  private options!: InitOptions;
  private manifest: Manifest | null = null;
  private test: ImageSet | null = null;
  private pool = new TrainingPool(1);
  private firstShard: Promise<void> = Promise.resolve();
  private run: Run | null = null;
  private backendName: BackendName = 'cpu';
  private selection: ProbeSelection = { elboIndex: 0, interpolationA: 0, interpolationB: 1 };
  private running = false;
  private loop: Promise<void> = Promise.resolve();
  private chunkSize = 2;
  private lastSnapshotAt = 0;
  private evaluatedEpochs = 0;
  private readonly terms = new StepTermsBuffer();
  private readonly rate = new RateMeter(3000);

  constructor(private readonly emit: Emit) {}

  async init(options: InitOptions, config: RunConfig): Promise<void> {
    this.options = options;
    this.config = config;
    await this.chooseBackend();
    await this.loadData();
  }

  async start(): Promise<void> {
    if (this.running || !this.run) return;
    this.running = true;
    this.emit({ type: 'runState', running: true, step: this.run.trainer.step });
    this.loop = this.trainLoop().catch((error: unknown) => this.fail('training', error));
  }

  async pause(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  async step(): Promise<void> {
    if (this.running || !this.run) return;
    await this.firstShard;
    await this.trainChunk(1);
    await this.postSnapshot();
  }

  async reset(config: RunConfig): Promise<void> {
    await this.pause();
    const backendChanged = config.backend !== this.config.backend;
    this.config = config;
    this.disposeRun();
    if (backendChanged) await this.chooseBackend();
    this.buildRun();
    await this.postSnapshot();
  }

  async setHyper(hyper: HyperSettings): Promise<void> {
    this.config = { ...this.config, hyper };
    this.run?.trainer.setSettings(trainingSettings(hyper));
  }

  async setProbes(selection: ProbeSelection): Promise<void> {
    const inRange = (i: number) => Number.isInteger(i) && i >= 0 && i < PROBE_COUNT;
    if (![selection.elboIndex, selection.interpolationA, selection.interpolationB].every(inRange)) return;
    this.selection = selection;
    if (!this.running) await this.postSnapshot();
  }

  async decodeInterpolation(t: number): Promise<Float32Array> {
    if (!this.run) return new Float32Array(IMAGE_PIXELS);
    return this.run.probes.decodeInterpolation(this.run.model, this.selection, Math.min(1, Math.max(0, t)));
  }

  async reconstructProbe(probeIndex: number): Promise<Float32Array> {
    if (!this.run || probeIndex < 0 || probeIndex >= PROBE_COUNT) return new Float32Array(IMAGE_PIXELS);
    return this.run.probes.reconstruct(this.run.model, probeIndex);
  }

  async retryData(): Promise<void> {
    await this.loadData();
  }

  private async chooseBackend(): Promise<void> {
    const { backend, reason } = await selectBackend(this.config.backend);
    this.backendName = backend;
    this.emit({ type: 'backend', backend, reason });
  }

  /** Test set first (the lab is usable once it arrives), then training shards in the background. */
  private async loadData(): Promise<void> {
    let resolveFirst: () => void = () => undefined;
    this.firstShard = new Promise((resolve) => (resolveFirst = resolve));
    this.pool = new TrainingPool(this.config.seed);
    const load = loadDataset({
      baseUrl: this.options.dataBaseUrl,
      dataset: this.config.dataset,
      onProgress: (progress) => this.emit({ type: 'loadProgress', ...progress }),
      onTrainShard: (shard) => {
        this.pool.add(shard);
        resolveFirst();
      },
    });
    load.train.catch((error: unknown) => this.fail('data', error));
    try {
      this.manifest = await load.manifest;
      this.test = await load.test;
    } catch (error) {
      this.fail('data', error);
      return;
    }
    this.disposeRun();
    this.buildRun();
    this.announceData();
    await this.postSnapshot();
  }

  /** Test-set indices (within the probes) of the first digit of each class, shown in the reconstruction strip. */
  private reconstructionIndices(): number[] {
    if (!this.test || !this.manifest) return [];
    const probeLabels = this.test.labels.subarray(0, PROBE_COUNT);
    return this.manifest.classNames.map((_, label) => probeLabels.indexOf(label)).filter((i) => i >= 0);
  }

  private announceData(): void {
    if (!this.test || !this.manifest) return;
    const probeImages = this.test.images.slice(0, PROBE_COUNT * IMAGE_PIXELS);
    const probeLabels = this.test.labels.slice(0, PROBE_COUNT);
    const reconstructionIndices = this.reconstructionIndices();
    this.emit(
      { type: 'dataReady', probeImages, probeLabels, reconstructionIndices, classNames: this.manifest.classNames },
      [probeImages.buffer, probeLabels.buffer],
    );
  }

  private buildRun(): void {
    if (!this.test || !this.manifest) return;
    const { architecture, hyper, seed } = this.config;
    const model = createModel({
      kind: 'vae',
      network: 'mlp',
      likelihood: { kind: 'bernoulli' },
      latentDim: architecture.latentDim,
      hiddenUnits: architecture.hiddenUnits,
      codebookSize: 64,
      codeDim: 16,
      seed,
    });
    const probes = new ProbeSet({
      images: this.test.images.subarray(0, PROBE_COUNT * IMAGE_PIXELS),
      probeCount: PROBE_COUNT,
      reconstructionIndices: this.reconstructionIndices(),
      sampleCount: SAMPLE_COUNT,
      interpolationFrames: INTERPOLATION_FRAMES,
      elboSamples: ELBO_SAMPLES,
      seed: seed + 101,
    });
    this.run = { model, trainer: new Trainer(model, trainingSettings(hyper), seed), probes };
    this.evaluatedEpochs = 0;
    this.terms.clear();
    this.rate.clear();
  }

  private disposeRun(): void {
    if (!this.run) return;
    this.run.trainer.dispose();
    this.run.probes.dispose();
    this.run.model.dispose();
    this.run = null;
  }

  private async trainLoop(): Promise<void> {
    await this.firstShard;
    while (this.running && this.run) {
      const started = performance.now();
      const result = await this.trainChunk(this.chunkSize);
      const elapsed = performance.now() - started;
      this.chunkSize = Math.max(1, Math.min(64, Math.round((this.chunkSize * TARGET_CHUNK_MS) / Math.max(1, elapsed))));
      if (result.divergence) {
        this.running = false;
        const { badStep, restoredStep } = result.divergence;
        this.emit({
          type: 'diverged',
          badStep,
          restoredStep,
          message: `Training diverged at step ${badStep}: the loss became NaN or infinite. The weights were rolled back to step ${restoredStep}, the last point where the loss was finite and not blowing up, and training paused. Lower the learning rate (for example to 0.001) and train again.`,
        });
      }
      if (!this.running || performance.now() - this.lastSnapshotAt >= SNAPSHOT_INTERVAL_MS) await this.postSnapshot();
      await this.evaluateIfEpochEnded();
      await yieldToEvents();
    }
    this.emit({ type: 'runState', running: false, step: this.run?.trainer.step ?? 0 });
  }

  private async trainChunk(count: number): Promise<ChunkResult> {
    const run = this.run as Run;
    const result = await run.trainer.trainChunk(count, (batchSize) => this.pool.nextBatch(batchSize));
    this.terms.push(result);
    this.rate.record(performance.now(), run.trainer.samplesSeen);
    return result;
  }

  private async evaluateIfEpochEnded(): Promise<void> {
    const run = this.run;
    if (!run || !this.test || !this.manifest) return;
    const epoch = Math.floor(run.trainer.samplesSeen / this.manifest.train.count);
    if (epoch <= this.evaluatedEpochs) return;
    this.evaluatedEpochs = epoch;
    const corruption = run.trainer.trainingSettings.corruption;
    const terms = await evaluateTestSet(run.model, this.test.images, this.test.count, { corruption, yieldBetweenBatches: yieldToEvents });
    if (this.run !== run) return;
    const recNats = terms.rec ?? 0;
    const klNats = terms.kl ?? 0;
    this.emit({ type: 'testEvaluation', evaluation: { epoch, step: run.trainer.step, recNats, klNats, negElboNats: recNats + klNats } });
  }

  private async postSnapshot(): Promise<void> {
    const run = this.run;
    if (!run || !this.manifest) return;
    this.lastSnapshotAt = performance.now();
    const views = await run.probes.views(run.model, this.selection, run.trainer.trainingSettings.corruption);
    if (this.run !== run) return;
    const epoch = run.trainer.samplesSeen / this.manifest.train.count;
    const snapshot: Snapshot = {
      step: run.trainer.step,
      epoch,
      epochFraction: epoch - Math.floor(epoch),
      samplesPerSecond: this.rate.perSecond(),
      trainImagesAvailable: this.pool.count,
      backend: this.backendName,
      tensorCount: tf.memory().numTensors,
      terms: this.terms.drain(),
      latent: views.latent,
      reconstructions: views.reconstructions,
      samples: views.samples,
      interpolationFrames: views.interpolationFrames,
      elbo: {
        probeIndex: views.digit.probeIndex,
        recLogLik: -views.digit.recNll,
        kl: views.digit.kl ?? 0,
        elbo: views.digit.elbo ?? -views.digit.recNll,
        logPxEstimate: views.digit.logPxEstimate ?? -views.digit.recNll,
        samples: views.digit.samples,
        mean: views.digit.mean ?? new Float32Array(0),
        logVar: views.digit.logVar ?? new Float32Array(0),
      },
    };
    const { terms, latent, elbo } = snapshot;
    const buffers = [terms.steps, terms.recNats, terms.klNats, terms.beta, latent.x, latent.y, latent.pathX, latent.pathY];
    buffers.push(snapshot.reconstructions, snapshot.samples, snapshot.interpolationFrames, elbo.mean, elbo.logVar);
    this.emit({ type: 'snapshot', snapshot }, buffers.map((array) => array.buffer as ArrayBuffer));
  }

  private fail(source: 'data' | 'training', error: unknown): void {
    this.running = false;
    const message = error instanceof Error ? error.message : String(error);
    this.emit({ type: 'error', source, message, retryable: source === 'data' || error instanceof DataError });
  }
}
