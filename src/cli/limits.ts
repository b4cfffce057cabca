/**
 * The sizes a CLI run may ask for, and why, in one place. A run is refused before it starts when
 *   - its training state would not fit TRAINING_MEMORY_BYTES: every parameter is held four times as float32
 *     (weight, gradient, Adam's first and second moment: 16 bytes), and every image of a batch keeps its
 *     activations and their gradients (activationFloats);
 *   - with --save, the file would exceed the lab's model-file limit (LIMITS.weightBytes): weights and both
 *     Adam moments, 12 bytes per parameter, are what --save writes and what the page and --load accept;
 *   - its batch is larger than the training images it uses, or so large that an epoch over the dataset's whole
 *     training set would take fewer than MIN_STEPS_PER_EPOCH Adam steps.
 */
import { formatCount } from '../ml/data/errors';
import { IMAGE_PIXELS } from '../ml/data/geometry';
import { LIMITS, sizeOf, weightLayout } from '../ml/io';
import type { ModelSpec } from '../ml/models/types';

const GIB = 1024 ** 3;
/** Memory a CLI training run may plan to hold: a quarter of wasm32's 4 GiB address space, and of a small laptop's RAM. */
export const TRAINING_MEMORY_BYTES = GIB;
/** float32 copies of each parameter during training: weight, gradient, Adam m and v. */
const COPIES_IN_TRAINING = 4;
/** float32 copies of each parameter in a saved file: weight, Adam m and v. */
const COPIES_IN_FILE = 3;
/** Fewest Adam steps an epoch over the full training set may take (batch ≤ training images / 10). */
export const MIN_STEPS_PER_EPOCH = 10;

/** Image-sized tensors per image a step keeps: input, (corrupted) target, logits, probabilities, per-pixel loss, a temporary. */
const IMAGE_TENSORS = 6;
/** Conv networks' feature maps per image, encoder and decoder (networks.ts: 14·14·(4+16+16) + 7·7·(64+32) each side). */
const CONV_FEATURE_FLOATS = 2 * (14 * 14 * 36 + 7 * 7 * 96);

/** Number of float32 parameters a model of `spec` has (its weight layout, non-trainable buffers included). */
export function parameterCount(spec: ModelSpec): number {
  return weightLayout(spec).reduce((sum, slot) => sum + sizeOf(slot.shape), 0);
}

/** Estimated float32 values one image of a batch holds during a step: activations kept for backprop, and their gradients. */
export function activationFloats(spec: ModelSpec): number {
  const network = spec.kind === 'vqvae' || spec.network === 'conv' ? CONV_FEATURE_FLOATS : 2 * spec.hiddenUnits;
  const latent = spec.kind === 'vqvae' ? 7 * 7 * (2 * spec.codeDim + spec.codebookSize) : 4 * spec.latentDim;
  return 2 * (IMAGE_TENSORS * IMAGE_PIXELS + network + latent);
}

/** Bytes a training step of `spec` with `batchSize` images is planned to hold. */
export function trainingBytes(spec: ModelSpec, batchSize: number): number {
  return 4 * (COPIES_IN_TRAINING * parameterCount(spec) + batchSize * activationFloats(spec));
}

/** Bytes --save writes for `spec` (weights and Adam's moments). */
export function savedBytes(spec: ModelSpec): number {
  return 4 * COPIES_IN_FILE * parameterCount(spec);
}

/** Largest n in [0, upper] with fits(n) (fits is monotone: true up to some n, then false). */
function largest(fits: (n: number) => boolean, upper: number): number {
  let [low, high] = [0, upper];
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fits(mid)) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** What to lower to shrink the parameters: the largest --hidden that fits for an MLP, else the size flags. */
function smallerNetwork(spec: ModelSpec, fits: (spec: ModelSpec) => boolean): string {
  if (spec.kind === 'vqvae') return 'use a smaller --codebook-size or --code-dim';
  if (spec.network === 'conv') return 'use a smaller --latent';
  const hidden = largest((h) => h >= 1 && fits({ ...spec, hiddenUnits: h }), spec.hiddenUnits);
  return hidden >= 1 ? `use at most --hidden ${hidden}` : 'use a smaller --latent';
}

function gib(bytes: number): string {
  return `${(bytes / GIB).toFixed(2)} GiB`;
}

/** What a run asks for, as far as the limits care. */
export interface RunSize {
  spec: ModelSpec;
  batchSize: number;
  /** --save was given: the model must fit a model file. */
  saving: boolean;
  /** Training images the run uses (after --train-limit). */
  usedImages: number;
  /** The dataset's whole training set. */
  datasetImages: number;
}

/** Null when the run fits every limit; else one sentence saying which limit it breaks and what to use instead. */
export function runRefusal({ spec, batchSize, saving, usedImages, datasetImages }: RunSize): string | null {
  const largestBatch = Math.max(1, Math.floor(datasetImages / MIN_STEPS_PER_EPOCH));
  if (batchSize > largestBatch)
    return `--batch ${batchSize} would make an epoch over the ${formatCount(datasetImages)} training images fewer than ${MIN_STEPS_PER_EPOCH} Adam steps; use at most --batch ${largestBatch}.`;
  if (batchSize > usedImages) return `--batch ${batchSize} is larger than the ${formatCount(usedImages)} training images this run uses; use at most --batch ${usedImages}.`;
  const needed = trainingBytes(spec, batchSize);
  const parameters = parameterCount(spec);
  if (needed > TRAINING_MEMORY_BYTES) {
    const parameterBytes = 4 * COPIES_IN_TRAINING * parameters;
    const fix =
      parameterBytes < TRAINING_MEMORY_BYTES / 2
        ? `use at most --batch ${Math.floor((TRAINING_MEMORY_BYTES - parameterBytes) / (4 * activationFloats(spec)))}`
        : smallerNetwork(spec, (s) => trainingBytes(s, batchSize) <= TRAINING_MEMORY_BYTES);
    return `This run would hold about ${gib(needed)} (${formatCount(parameters)} parameters × 16 bytes for weights, gradients and Adam's two moments, plus the activations of ${formatCount(batchSize)} images), more than the ${gib(TRAINING_MEMORY_BYTES)} training budget; ${fix}.`;
  }
  if (saving && savedBytes(spec) > LIMITS.weightBytes) {
    const fix = smallerNetwork(spec, (s) => savedBytes(s) <= LIMITS.weightBytes);
    return `--save would write ${gib(savedBytes(spec))} (${formatCount(parameters)} parameters × 12 bytes for weights and Adam's two moments), more than the ${gib(LIMITS.weightBytes)} a model file may hold; ${fix}.`;
  }
  return null;
}
