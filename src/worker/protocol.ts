/**
 * The one file both sides of the training worker share: types only.
 * Commands are method calls on `TrainerApi` (over Comlink); everything the worker reports is a
 * `WorkerEvent`, a discriminated union the page handles in one switch.
 */

/** Image side length and pixel count of every dataset here (MNIST, Fashion-MNIST). */
export const IMAGE_SIDE = 28;
export const IMAGE_PIXELS = IMAGE_SIDE * IMAGE_SIDE;

export type BackendName = 'webgl' | 'wasm' | 'cpu';
/** 'auto' picks the faster backend for this machine (wasm where WebGL is software-rendered). */
export type BackendChoice = 'auto' | BackendName;
export type DatasetName = 'mnist' | 'fashion';
export type LatentDim = 2 | 8 | 16 | 32;

/** Settings that define the network; changing one means fresh weights. */
export interface ArchitectureSettings {
  latentDim: LatentDim;
  hiddenUnits: number;
}

/** Settings that apply on the next step without resetting. */
export interface HyperSettings {
  beta: number;
  learningRate: number;
  batchSize: number;
}

export interface RunConfig {
  dataset: DatasetName;
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

/** Loss terms of every step since the previous snapshot, nats per image (batch means). */
export interface StepTerms {
  /** Step number of each entry (the step counter after that step). */
  steps: Float64Array;
  /** Reconstruction term −E_q[log p(x|z)]: BCE summed over 784 pixels. */
  recNats: Float32Array;
  /** KL(q(z|x) ‖ p(z)), closed form. */
  klNats: Float32Array;
  /** β in force at that step. */
  beta: Float32Array;
}

/** 2-D view of the latent means: identity for latentDim 2, else the top two principal components. */
export interface LatentView {
  projection: 'identity' | 'pca';
  /** Per probe digit, the 2-D coordinates of μ(x). */
  x: Float32Array;
  y: Float32Array;
  /** Share of the variance of μ the two shown axes explain (1 for identity). */
  explainedVariance: [number, number];
  /** The interpolation path (frames evenly spaced in t ∈ [0,1]) in the same 2-D coordinates. */
  pathX: Float32Array;
  pathY: Float32Array;
}

/** The terms of the ELBO for one test digit, nats. */
export interface ElboTerms {
  probeIndex: number;
  /** E_q[log p(x|z)] (Monte Carlo over `samples` draws of ε). */
  recLogLik: number;
  /** KL(q(z|x) ‖ p(z)), closed form. */
  kl: number;
  /** recLogLik − kl. */
  elbo: number;
  /** Importance-sampled estimate of log p(x) with `samples` draws from q (IWAE bound). */
  logPxEstimate: number;
  samples: number;
  /** The encoder's output for this digit (length latentDim each). */
  mean: Float32Array;
  logVar: Float32Array;
}

export interface TestEvaluation {
  epoch: number;
  step: number;
  /** −ELBO, reconstruction and KL in nats per image over the whole test set (single-sample ε). */
  negElboNats: number;
  recNats: number;
  klNats: number;
}

export interface Snapshot {
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
  /** Probabilities in [0,1], n × 784, for the fixed reconstruction inputs (see DataReadyEvent). */
  reconstructions: Float32Array;
  /** n × 784 decoded from fixed draws of z ~ N(0, I). */
  samples: Float32Array;
  /** INTERPOLATION_FRAMES × 784 along the path from A to B. */
  interpolationFrames: Float32Array;
  elbo: ElboTerms;
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
  /** Fresh weights with this config (architecture or backend may change). */
  reset(config: RunConfig): Promise<void>;
  /** β, learning rate, batch size: applied on the next step. */
  setHyper(hyper: HyperSettings): Promise<void>;
  setProbes(selection: ProbeSelection): Promise<void>;
  /** Decodes the point at t ∈ [0,1] on the A→B path; returns 784 probabilities. */
  decodeInterpolation(t: number): Promise<Float32Array>;
  /** Reconstruction (784 probabilities, decoded from μ) of one probe digit, for hover. */
  reconstructProbe(probeIndex: number): Promise<Float32Array>;
  /** Retries loading data after a data error. */
  retryData(): Promise<void>;
}
