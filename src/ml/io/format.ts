/**
 * The saved-model format: tfjs's own model artefacts. `model.json` is a weights manifest tfjs tools read
 * (`tf.io.decodeWeights(weightData, weightsManifest[0].weights)` decodes the binary), and `weights.bin` holds
 * the weights back to back, little-endian, in manifest order. What the lab needs to rebuild and resume a model
 * rides in `userDefinedMetadata`. Plain types and constants: no tfjs.
 */
import type { DatasetId } from '../data/datasets';
import type { ModelSpec } from '../models/types';
import type { TrainingSettings } from '../training/trainer';

/** `model.json`'s `format` field. */
export const MODEL_FORMAT = 'vae-lab-model';
/** Version of `userDefinedMetadata` and of the weight names; a reader refuses other versions. */
export const FORMAT_VERSION = 1;
export const GENERATED_BY = 'VAE Lab';
export const MODEL_JSON_FILE = 'model.json';
export const WEIGHTS_FILE = 'weights.bin';
/** Adam's first and second moments of weight `w` are stored as `optimizer/w/m` and `optimizer/w/v`. */
export const OPTIMIZER_PREFIX = 'optimizer/';

const MIB = 1024 * 1024;
/** Size limits a reader enforces (bytes); a writer refuses to exceed them too. */
export const LIMITS = {
  /** model.json (or the single file's header). */
  modelJsonBytes: 4 * MIB,
  /** `curves` and `evaluations` together, as JSON text. */
  passThroughBytes: 2 * MIB,
  /** The binary weights, optimizer moments included (an 8,192-wide MLP with Adam state needs ~155 MB). */
  weightBytes: 256 * MIB,
} as const;

/** How one weight is stored: tfjs's quantisation spec (absent = plain float32). */
export type WeightQuantization = { dtype: 'uint8'; scale: number; min: number } | { dtype: 'float16' };
/** What a writer may store weights as. */
export type StorageDtype = 'float32' | 'float16' | 'uint8';

/** One weight in the manifest: tfjs's WeightsManifestEntry restricted to what the lab writes. */
export interface WeightEntry {
  name: string;
  shape: number[];
  dtype: 'float32';
  quantization?: WeightQuantization;
  /** tfjs's grouping: the model's weights, or the optimizer's state (Adam's moments). */
  group?: 'model' | 'optimizer';
}

/** Adam's settings and step count; its moments are weights named `optimizer/<weight>/m|v` (group 'optimizer'). */
export interface SavedOptimizer {
  kind: 'adam';
  /** Adam's update count (its bias correction depends on it). */
  iterations: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

/** Everything `userDefinedMetadata` holds. */
export interface ModelMetadata {
  formatVersion: typeof FORMAT_VERSION;
  spec: ModelSpec;
  dataset: DatasetId;
  /** The training settings at save time (what a resumed run starts from). */
  training: TrainingSettings;
  /** Optimizer steps and training images seen so far. */
  step: number;
  samplesSeen: number;
  /** Present when Adam's state was saved (absent in shipped checkpoints). */
  optimizer?: SavedOptimizer;
  /** VQ-VAE: the stored `codebook` is e / codebookScale (the model's CODEBOOK_SCALE). */
  codebookScale?: number;
  /** Opaque JSON the page passes through (loss curves, test evaluations); LIMITS.passThroughBytes together. */
  curves?: unknown;
  evaluations?: unknown;
}

/** `model.json`. */
export interface ModelJson {
  format: typeof MODEL_FORMAT;
  generatedBy: string;
  weightsManifest: [{ paths: string[]; weights: WeightEntry[] }];
  userDefinedMetadata: ModelMetadata;
}

/** A saved model in memory: `model.json` as an object and `weights.bin`'s bytes. */
export interface ModelArtifacts {
  modelJson: ModelJson;
  weightData: ArrayBuffer;
}

/** Bytes each stored value takes. */
export const BYTES_PER_VALUE: Record<StorageDtype, number> = { float32: 4, float16: 2, uint8: 1 };

/** Number of values of a weight of this shape. */
export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((product, side) => product * side, 1);
}

/** Bytes this manifest entry takes in weights.bin. */
export function entryBytes(entry: WeightEntry): number {
  return sizeOf(entry.shape) * BYTES_PER_VALUE[entry.quantization?.dtype ?? 'float32'];
}
