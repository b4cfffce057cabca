/**
 * The one file both sides of the training worker share: types only.
 * Commands are method calls on `TrainerApi` (over Comlink); everything the worker reports is a
 * `WorkerEvent`, a discriminated union the page handles in one switch.
 */

import type { DatasetId } from '../ml/data/datasets';
import type { CodebookStatistics, Likelihood, ModelSpec } from '../ml/models/types';
import type { ModelKind, NetworkKind, TermName } from '../ml/models/family';
import type { LatentView } from '../ml/training/latentView';
import type { DigitTerms, ProbeSelection, ProbeStandIn } from '../ml/training/probes';
import type { BetaSchedule, LossPreset } from '../ml/training/schedules';
import type { TrainingSettings } from '../ml/training/trainer';
import type { QueryAnswer, QueryArgs, QueryKind, ViewEvent, ViewRequests } from './viewProtocol';

export type { BetaSchedule, CodebookStatistics, DigitTerms, LatentView, Likelihood, LossPreset, ModelKind, NetworkKind, ProbeSelection, ProbeStandIn, TermName };
export type { InterpolationKind } from '../ml/math/interpolation';

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
/** 'auto' picks the fastest backend for this machine (a timed probe on a hardware GPU; wasm where the GPU is software-rendered). */
export type BackendChoice = 'auto' | BackendName;
export type DatasetName = DatasetId;
export { IMAGE_PIXELS, IMAGE_SIDE } from '../ml/data/geometry';

/**
 * Settings that define one model's network (network, likelihood, latentDim, hiddenUnits, codebookSize,
 * codeDim); changing one means fresh weights for that model.
 */
export type ArchitectureSettings = Omit<ModelSpec, 'kind' | 'seed'>;

/** Settings that apply on the next step without resetting: the trainer's own settings. */
export type HyperSettings = TrainingSettings;

/** One run of the lab: which model on which data, and how. Each (dataset, model) keeps its own trained run. */
export interface RunConfig {
  dataset: DatasetName;
  model: ModelKind;
  architecture: ArchitectureSettings;
  hyper: HyperSettings;
  backend: BackendChoice;
  seed: number;
}

/** Which (dataset, model) a command or event is about. */
export interface RunTarget {
  dataset: DatasetName;
  model: ModelKind;
}

/** A run the worker built: its target plus an id that grows with every run built (a reset makes a new one). */
export interface RunRef extends RunTarget {
  runId: number;
}

/** Loss terms of every step since the previous snapshot (batch means, per image). */
export interface StepTerms {
  /** Step number of each entry (the step counter after that step). */
  steps: Float64Array;
  /** The model's terms in order: rec (−log p(x|z), nats), kl (nats), codebook and commitment (squared distances). */
  names: TermName[];
  /** Unweighted value of each term at each step: values[t][k] is term t at steps[k]. */
  values: Float32Array[];
  /** Weight of each term in the total at each step (β(t) for kl, β_c for commitment). */
  weights: Float32Array[];
}

export interface TestEvaluation {
  model: ModelKind;
  epoch: number;
  step: number;
  /** Each of the model's terms averaged over the whole test set (single-sample ε; DAE / MAE on corrupted inputs). */
  terms: Partial<Record<TermName, number>>;
  /** VAE only: rec + KL. */
  negElboNats: number | null;
  /** The 8-bit discretised negative log-likelihood in nats per image (rec's discretised version, plus the KL or code cost). */
  discretisedNll: number;
  /** The same in bits per scored pixel: the one figure that compares across likelihoods (and with published results). */
  bitsPerDim: number;
}

export interface Snapshot {
  model: ModelKind;
  dataset: DatasetName;
  runId: number;
  step: number;
  /** Completed passes over the training set plus the fraction of the current one. */
  epoch: number;
  epochFraction: number;
  /** Over the last few seconds of continuous training; null while paused or stepping, and until two chunks are timed. */
  samplesPerSecond: number | null;
  /** Backend the worker trains on. */
  backend: BackendName;
  /** tf.memory().numTensors in the worker after this snapshot was built (leak watch). */
  tensorCount: number;
  terms: StepTerms;
  latent: LatentView;
  /** n × 784 inputs the encoder saw for the reconstruction strip (corrupted for DAE / MAE), in [0,1]. */
  reconstructionInputs: Float32Array;
  /** MAE: n × 784, 1 where a strip input pixel is hidden from the encoder (shown apart from black background); else null. */
  reconstructionHidden: Float32Array | null;
  /** Probabilities in [0,1], n × 784, for the fixed reconstruction inputs (see DataReadyEvent). */
  reconstructions: Float32Array;
  /** n × 784 decoded from fixed draws of the model's sampler (z ~ N(0, I); VQ-VAE: codes from their empirical use). */
  samples: Float32Array;
  /** INTERPOLATION_FRAMES × 784 along the path from A to B. */
  interpolationFrames: Float32Array;
  digit: DigitTerms;
  /** VQ-VAE only. */
  codebook: CodebookStatistics | null;
  /** The KL weight (β(t) under the schedule and loss preset) over the next steps, as exact polyline knots; empty without a KL term. */
  betaAhead: { steps: Float64Array; beta: Float32Array };
}

export const INTERPOLATION_FRAMES = 8;
export const SAMPLE_COUNT = 10;
/** Test digits the panels show (fewer when a test set is smaller). */
export const PROBE_COUNT = 2000;

export interface LoadProgressEvent {
  type: 'loadProgress';
  dataset: DatasetName;
  /** Bytes of the data files received so far and in total (compressed). */
  loadedBytes: number;
  totalBytes: number;
  phase: 'test' | 'train';
  /** Training images that have arrived and can be trained on. */
  trainImages: number;
}

export interface DataReadyEvent {
  type: 'dataReady';
  dataset: DatasetName;
  /** Human name, e.g. "Fashion-MNIST". */
  title: string;
  /** Probe test images (uint8 0–255, row-major 28×28) and labels, shown in the scatter. */
  probeImages: Uint8Array;
  probeLabels: Uint8Array;
  /** Probe indices of the inputs shown in the reconstruction strip. */
  reconstructionIndices: number[];
  classNames: string[];
}

export interface BackendEvent {
  type: 'backend';
  backend: BackendName;
  /** Why this backend: e.g. "WebGL is software-rendered here; wasm is faster". */
  reason: string;
}

/**
 * What the worker is doing. loading: building the target run (choosing a backend, waiting for its test
 * set); ready: the run exists and nothing trains; training: the training loop runs; stepping: one
 * step is running; failed: the target could not be built or training threw (see the ErrorEvent).
 */
export type WorkerPhase = 'loading' | 'ready' | 'training' | 'stepping' | 'failed';

/** The worker's state, sent whenever it changes: the page derives every control's state from it. */
export interface StatusEvent {
  type: 'status';
  phase: WorkerPhase;
  /** What the current phase waits for, in words ("the Fashion-MNIST test set"), or null. */
  waitingFor: string | null;
  /** The (dataset, model) the worker builds or has. */
  target: RunTarget;
  /** The active run once it exists for `target`; null while loading or after a failed load. */
  run: RunRef | null;
  /** The active run's step. */
  step: number;
  /** While loading: the new run will train once ready (a training run restarted); a Pause cancels that. */
  resuming: boolean;
}

export interface SnapshotEvent {
  type: 'snapshot';
  snapshot: Snapshot;
}

export interface EpochEvent {
  type: 'testEvaluation';
  run: RunRef;
  evaluation: TestEvaluation;
}

export interface DivergedEvent {
  type: 'diverged';
  run: RunRef;
  /** The step at which the loss exploded, and the step the weights were restored to. */
  badStep: number;
  restoredStep: number;
}

/** A run the worker rebuilt after the GPU was lost: the step it had reached, and the step of the CPU copy it goes on from. */
export interface RestoredRun {
  run: RunRef;
  lostStep: number;
  restoredStep: number;
}

/**
 * The GPU device under the backend was lost (a driver reset, the browser's GPU process crashed). The worker made a new
 * backend and rebuilt its runs from their latest CPU copies (same run ids): the steps after `restoredStep` are undone.
 */
export interface DeviceLostEvent {
  type: 'deviceLost';
  /** The backend whose device was lost, and the one the worker runs on now. */
  lostBackend: BackendName;
  backend: BackendName;
  /** Every run kept (runs without a CPU copy, other than the active one, are dropped and not listed). */
  runs: RestoredRun[];
  /** The run that was active, or null. */
  active: RunRef | null;
  /** True when training goes on after the rebuild. */
  training: boolean;
}

export interface ErrorEvent {
  type: 'error';
  source: 'data' | 'backend' | 'training';
  /** The dataset a data error is about (null for other sources). */
  dataset: DatasetName | null;
  message: string;
  /** True when calling `retry()` may help (e.g. a missing or corrupt data file). */
  retryable: boolean;
}

/** Sent every HEARTBEAT_MS while the worker lives, so the page notices a worker that died silently (killed, out of memory). */
export interface HeartbeatEvent {
  type: 'heartbeat';
}

export const HEARTBEAT_MS = 2000;

export type * from './viewProtocol';

export type WorkerEvent =
  | HeartbeatEvent
  | ViewEvent
  | LoadProgressEvent
  | DataReadyEvent
  | BackendEvent
  | StatusEvent
  | SnapshotEvent
  | EpochEvent
  | DivergedEvent
  | DeviceLostEvent
  | ErrorEvent;

/** A saved model the worker read and checked, held until the page adopts it (`adoptModel`) or opens another. */
export interface OpenedModel {
  ok: true;
  /** Names the held model in `adoptModel`; a newer `openModel` replaces it. */
  token: number;
  dataset: DatasetName;
  model: ModelKind;
  architecture: ArchitectureSettings;
  hyper: HyperSettings;
  seed: number;
  step: number;
  samplesSeen: number;
  /** How its weights were stored: 'float32', 'uint8', 'float16' … */
  storage: string;
  /** True when the file holds Adam's state, so training continues exactly where it stopped. */
  hasOptimizer: boolean;
  /** Opaque JSON the page saved with the model (its loss curves and test evaluations), or null. */
  curves: unknown;
  evaluations: unknown;
}

/** A model file refused, with one or two sentences saying why (the current model is untouched). */
export interface RefusedModel {
  ok: false;
  reason: string;
}

export type OpenModelResult = OpenedModel | RefusedModel;

/** Which shipped checkpoint to open: a family's default (variant null) or a lesson's variant such as 'beta4'. */
export interface CheckpointWanted {
  dataset: DatasetName;
  model: ModelKind;
  variant: string | null;
}

/** The active run as one `.vaelab` file: weights, Adam's state, settings, step and the page's curves. */
export interface ExportedModel {
  ok: true;
  bytes: Uint8Array<ArrayBuffer>;
  dataset: DatasetName;
  model: ModelKind;
  step: number;
}

export type ExportModelResult = ExportedModel | RefusedModel;

export interface InitOptions {
  /** Absolute URL of the folder holding the data manifests (e.g. `${origin}/data/`). */
  dataBaseUrl: string;
}

/**
 * The worker's API, called from the page through Comlink. Every call goes through one serial queue in
 * the worker: calls run in the order sent, and a newer activation (activate, reset, retry) cancels an
 * older one still loading. The promises resolve when the command has run or was cancelled.
 */
export interface TrainerApi {
  /** Picks a backend and activates `config`; events arrive through `onEvent`. */
  init(options: InitOptions, config: RunConfig, onEvent: (event: WorkerEvent) => void): Promise<void>;
  /** Starts or resumes the training loop of the active run. */
  start(): Promise<void>;
  /** Stops the training loop (after its current chunk) or a step still waiting for data. */
  pause(): Promise<void>;
  /** Trains exactly one batch and posts a snapshot. */
  step(): Promise<void>;
  /**
   * Stops training and makes config's (dataset, model) the active run: an existing run with the same
   * architecture continues where it stopped, another one starts fresh; a new dataset is loaded first.
   */
  activate(config: RunConfig): Promise<void>;
  /** Fresh weights for config's (dataset, model); training resumes afterwards when `resume` is true. */
  reset(config: RunConfig, resume: boolean): Promise<void>;
  /** β and its schedule, learning rate, batch size, corruption, β_c …, for the next step of `target`'s run (ignored if another run is active). */
  setHyper(target: RunTarget, hyper: HyperSettings): Promise<void>;
  setProbes(selection: ProbeSelection): Promise<void>;
  /** The page's drawn digit (ink 0–255, width × height, row-major; null clears it): the worker keeps it, preprocessed like MNIST, for the views and as a stand-in. */
  setDrawing(ink: Uint8Array | null, width: number, height: number): Promise<void>;
  /** The analysis views open on the page (replaces the previous set); each is computed while open and applicable. */
  setViews(requests: ViewRequests): Promise<void>;
  /** An on-demand computation for the active run; null when no run is active or a newer query of the kind replaced it. */
  query<K extends QueryKind>(kind: K, args: QueryArgs[K]): Promise<QueryAnswer<K> | null>;
  /** Decodes the point at t ∈ [0,1] on the A→B path → 784 probabilities; null when no run is active or a newer call replaced it. */
  decodeInterpolation(t: number): Promise<Float32Array | null>;
  /** Reconstruction (784 probabilities, decoded from the code) of one probe digit, for hover; null as above. */
  reconstructProbe(probeIndex: number): Promise<Float32Array | null>;
  /** The active run as a .vaelab file, carrying the page's curves and evaluations (opaque JSON); null when no run is active. */
  exportModel(pageData: { curves: unknown; evaluations: unknown }): Promise<ExportModelResult | null>;
  /** Reads and checks saved model files (one .vaelab, or model.json with its weights) and holds the model; the current run is untouched. */
  openModel(files: File[]): Promise<OpenModelResult>;
  /** The same for a shipped checkpoint of (dataset, model[, variant]), listed in `<checkpointsUrl>/manifest.json` (absolute URL). */
  openCheckpoint(checkpointsUrl: string, wanted: CheckpointWanted): Promise<OpenModelResult>;
  /**
   * Makes the held model `token` the run of `config` (which must describe its architecture and dataset) and
   * activates it; false when another model was opened since, the config does not match, or a newer command won.
   */
  adoptModel(token: number, config: RunConfig): Promise<boolean>;
  /** Activates the current target again after a failure, reloading its data if that failed. */
  retry(): Promise<void>;
  /** Whether the page is visible: a hidden page gets no snapshots (training goes on), a shown one one at once. */
  setVisible(visible: boolean): Promise<void>;
}
