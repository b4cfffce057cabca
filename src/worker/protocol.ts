/**
 * The one file both sides of the training worker share: types only.
 * Commands are method calls on `TrainerApi` (over Comlink); everything the worker reports is a
 * `WorkerEvent`, a discriminated union the page handles in one switch.
 */

/** Image side length and pixel count of every dataset here (MNIST, Fashion-MNIST). */
export const IMAGE_SIDE = 28;
export const IMAGE_PIXELS = IMAGE_SIDE * IMAGE_SIDE;

import type { CodebookStatistics, Likelihood, ModelKind, ModelSpec, NetworkKind, TermName } from '../ml/models/types';
import type { LatentView } from '../ml/training/latentView';
import type { BetaSchedule, LossPreset } from '../ml/training/schedules';

export type { BetaSchedule, CodebookStatistics, LatentView, Likelihood, LossPreset, ModelKind, NetworkKind, TermName };

export type BackendName = 'webgl' | 'wasm' | 'cpu';
/** 'auto' picks the faster backend for this machine (wasm where WebGL is software-rendered). */
export type BackendChoice = 'auto' | BackendName;
export type DatasetName = 'mnist' | 'fashion';

/**
 * Settings that define one model's network (network, likelihood, latentDim, hiddenUnits, codebookSize,
 * codeDim); changing one means fresh weights for that model.
 */
export type ArchitectureSettings = Omit<ModelSpec, 'kind' | 'seed'>;

/** Settings that apply on the next step without resetting. */
export interface HyperSettings {
  /** β: weight of the KL term (its maximum under a schedule). */
  beta: number;
  betaSchedule: BetaSchedule;
  lossPreset: LossPreset;
  learningRate: number;
  batchSize: number;
  /** VQ-VAE commitment weight β_c. */
  commitmentWeight: number;
  restartDeadCodes: boolean;
  /** DAE: Gaussian noise σ on the input, and an optional 3×3 blur. */
  noiseStd: number;
  blur: boolean;
  /** MAE: share of square patches hidden, and their side in pixels (2, 4 or 7). */
  maskRatio: number;
  patchSize: number;
}

/** One run of the lab: which model on which data, and how. Each (dataset, model) keeps its own trained run. */
export interface RunConfig {
  dataset: DatasetName;
  model: ModelKind;
  architecture: ArchitectureSettings;
  hyper: HyperSettings;
  backend: BackendChoice;
  seed: number;
}

/** Which test digits the page is looking at; indices into the probe set (see DataReadyEvent). */
export interface ProbeSelection {
  /** Test digit whose ELBO terms the derivation panel shows. */
  elboIndex: number;
  /** Interpolation endpoints. */
  interpolationA: number;
  interpolationB: number;
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

/** One test digit's objective terms in nats; the VAE-only fields are null for the other models. */
export interface DigitTerms {
  probeIndex: number;
  /** −log p(x | z) of its reconstruction (VAE: −E_q[log p(x|z)] over `samples` fixed draws of ε). */
  recNll: number;
  /** KL(q(z|x) ‖ p(z)), closed form. */
  kl: number | null;
  /** −recNll − kl. */
  elbo: number | null;
  /** Importance-sampled estimate of log p(x) with `samples` draws from q (IWAE bound). */
  logPxEstimate: number | null;
  samples: number;
  /** The encoder's μ and log σ² for this digit (length latentDim each). */
  mean: Float32Array | null;
  logVar: Float32Array | null;
}

export interface TestEvaluation {
  model: ModelKind;
  epoch: number;
  step: number;
  /** Each of the model's terms averaged over the whole test set (single-sample ε; DAE / MAE on corrupted inputs). */
  terms: Partial<Record<TermName, number>>;
  /** VAE only: rec + KL. */
  negElboNats: number | null;
}

export interface Snapshot {
  model: ModelKind;
  dataset: DatasetName;
  step: number;
  /** Completed passes over the training set plus the fraction of the current one. */
  epoch: number;
  epochFraction: number;
  samplesPerSecond: number;
  /** Training images available so far (training may start before all shards arrive). */
  trainImagesAvailable: number;
  /** Backend the worker trains on. */
  backend: BackendName;
  /** tf.memory().numTensors in the worker after this snapshot was built (leak watch). */
  tensorCount: number;
  terms: StepTerms;
  latent: LatentView;
  /** n × 784 inputs the encoder saw for the reconstruction strip (corrupted for DAE / MAE), in [0,1]. */
  reconstructionInputs: Float32Array;
  /** Probabilities in [0,1], n × 784, for the fixed reconstruction inputs (see DataReadyEvent). */
  reconstructions: Float32Array;
  /** n × 784 decoded from fixed draws of the model's sampler (z ~ N(0, I); VQ-VAE: codes from their empirical use). */
  samples: Float32Array;
  /** INTERPOLATION_FRAMES × 784 along the path from A to B. */
  interpolationFrames: Float32Array;
  digit: DigitTerms;
  /** VQ-VAE only. */
  codebook: CodebookStatistics | null;
  /** β(t) over the next steps under the current schedule (for drawing it ahead of the loss curves). */
  betaAhead: { steps: Float64Array; beta: Float32Array };
}

export const INTERPOLATION_FRAMES = 8;
export const RECONSTRUCTION_COUNT = 10;
export const SAMPLE_COUNT = 10;
export const PROBE_COUNT = 2000;

export interface LoadProgressEvent {
  type: 'loadProgress';
  /** Bytes of the data files received so far and in total (compressed). */
  loadedBytes: number;
  totalBytes: number;
  phase: 'test' | 'train';
}

export interface DataReadyEvent {
  type: 'dataReady';
  dataset: DatasetName;
  /** Human name, e.g. "Fashion-MNIST". */
  title: string;
  /** PROBE_COUNT test images (uint8 0–255, row-major 28×28) and labels, shown in the scatter. */
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

export interface SnapshotEvent {
  type: 'snapshot';
  snapshot: Snapshot;
}

export interface EpochEvent {
  type: 'testEvaluation';
  evaluation: TestEvaluation;
}

export interface RunStateEvent {
  type: 'runState';
  running: boolean;
  step: number;
  model: ModelKind;
  dataset: DatasetName;
}

export interface DivergedEvent {
  type: 'diverged';
  /** The step at which a non-finite loss was seen, and the step the weights were restored to. */
  badStep: number;
  restoredStep: number;
  message: string;
}

export interface ErrorEvent {
  type: 'error';
  source: 'data' | 'backend' | 'training';
  message: string;
  /** True when calling `retryData()` may help (e.g. a missing or corrupt data file). */
  retryable: boolean;
}

export type WorkerEvent =
  | LoadProgressEvent
  | DataReadyEvent
  | BackendEvent
  | SnapshotEvent
  | EpochEvent
  | RunStateEvent
  | DivergedEvent
  | ErrorEvent;

export interface InitOptions {
  /** Absolute URL of the folder holding the data manifests (e.g. `${origin}/data/`). */
  dataBaseUrl: string;
}

/** The worker's API, called from the page through Comlink. */
export interface TrainerApi {
  /** Loads data (test set first), picks a backend, builds the model; events arrive through `onEvent`. */
  init(options: InitOptions, config: RunConfig, onEvent: (event: WorkerEvent) => void): Promise<void>;
  /** Starts or resumes the training loop. */
  start(): Promise<void>;
  pause(): Promise<void>;
  /** Trains exactly one batch and posts a snapshot. */
  step(): Promise<void>;
  /** Fresh weights for config.model on config.dataset (architecture or backend may change). */
  reset(config: RunConfig): Promise<void>;
  /**
   * Pauses and makes config.model on config.dataset the active run: an existing run continues where
   * it stopped (its weights kept), a new one starts fresh; a new dataset is loaded first.
   */
  activate(config: RunConfig): Promise<void>;
  /** β and its schedule, learning rate, batch size, corruption, β_c …: applied to the active run on the next step. */
  setHyper(hyper: HyperSettings): Promise<void>;
  setProbes(selection: ProbeSelection): Promise<void>;
  /** Decodes the point at t ∈ [0,1] on the A→B path; returns 784 probabilities. */
  decodeInterpolation(t: number): Promise<Float32Array>;
  /** Reconstruction (784 probabilities, decoded from μ) of one probe digit, for hover. */
  reconstructProbe(probeIndex: number): Promise<Float32Array>;
  /** Retries loading data after a data error. */
  retryData(): Promise<void>;
}
