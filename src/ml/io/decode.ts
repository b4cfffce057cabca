/**
 * From an untrusted `model.json` object and its weight bytes to checked weights: the manifest's entries against
 * the spec's layout (names, shapes), the byte count against the manifest, every value finite. Throws only
 * ModelFileError (the reason); decodes nothing before the sizes add up.
 */
import { firstNonFinite } from '../math/finite';
import type { ModelSpec } from '../models/types';
import { entryBytes, LIMITS, MODEL_FORMAT, OPTIMIZER_PREFIX, sizeOf, type ModelMetadata, type WeightEntry, type WeightQuantization } from './format';
import { weightLayout, type WeightSlot } from './layout';
import type { OptimizerState } from './optimizer';
import { decodeValues } from './quantize';
import { architectureMismatch, formatBytes, isRecord, readMetadata, refuse } from './validate';

/** A model file that passed every check. */
export interface ImportedModel {
  spec: ModelSpec;
  /** Every weight the spec needs, by name (`weightLayout` order), as float32 (dequantised). */
  weights: Map<string, Float32Array>;
  /** Adam's state when the file has it (else null: training resumes with a fresh Adam). */
  optimizer: OptimizerState | null;
  metadata: ModelMetadata;
  /** How the model's weights were stored: 'float32', or the quantisation dtype(s) found. */
  storage: string;
}

/** What the caller's current model is, to refuse a file of another architecture (or dataset). */
export interface ExpectedModel {
  spec?: ModelSpec;
  dataset?: ModelMetadata['dataset'];
}

function readQuantization(value: unknown, name: string): WeightQuantization | undefined {
  if (value === undefined) return undefined;
  if (isRecord(value) && value.dtype === 'float16') return { dtype: 'float16' };
  if (isRecord(value) && value.dtype === 'uint8' && Number.isFinite(value.scale) && Number.isFinite(value.min))
    return { dtype: 'uint8', scale: value.scale as number, min: value.min as number };
  return refuse(`Weight '${name}' has a quantization this lab cannot read: ${JSON.stringify(value)} (it reads uint8 with scale and min, and float16).`);
}

/** The manifest's entries (all groups, in order) and its file paths. */
export function readManifest(modelJson: unknown): { paths: string[]; entries: WeightEntry[] } {
  if (!isRecord(modelJson) || !Array.isArray(modelJson.weightsManifest)) refuse('This is not a model file: it has no weightsManifest.');
  if (modelJson.format !== MODEL_FORMAT) refuse(`This is not a VAE Lab model: its format is ${JSON.stringify(modelJson.format) ?? '(none)'}, not '${MODEL_FORMAT}'.`);
  const paths: string[] = [];
  const entries: WeightEntry[] = [];
  for (const group of modelJson.weightsManifest as unknown[]) {
    if (!isRecord(group) || !Array.isArray(group.paths) || !Array.isArray(group.weights)) refuse('The weightsManifest is malformed: each group needs paths and weights.');
    for (const path of group.paths) paths.push(typeof path === 'string' ? path : refuse('The weightsManifest lists a path that is not a string.'));
    for (const raw of group.weights as unknown[]) {
      if (!isRecord(raw) || typeof raw.name !== 'string') refuse('The weightsManifest has a weight without a name.');
      const { name, shape, dtype, group: weightGroup } = raw;
      if (!Array.isArray(shape) || !shape.every((side) => Number.isInteger(side) && side >= 0)) refuse(`Weight '${name}' has no valid shape.`);
      if (dtype !== 'float32') refuse(`Weight '${name}' has dtype ${JSON.stringify(dtype) ?? '(none)'}; the lab's weights are float32.`);
      const quantization = readQuantization(raw.quantization, name);
      entries.push({ name, shape: shape as number[], dtype, ...(quantization ? { quantization } : {}), ...(weightGroup === 'optimizer' ? { group: 'optimizer' } : {}) });
    }
  }
  return { paths, entries };
}

function shapeText(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** Refuses unless `entries` are exactly the layout's weights (any order) plus, with an optimizer, both moments of each trainable one. */
function checkEntries(entries: WeightEntry[], layout: WeightSlot[], spec: ModelSpec, withOptimizer: boolean): void {
  const wanted = new Map<string, number[]>(layout.map((slot) => [slot.name, slot.shape]));
  if (withOptimizer) {
    for (const slot of layout.filter((s) => s.trainable)) for (const moment of ['m', 'v']) wanted.set(`${OPTIMIZER_PREFIX}${slot.name}/${moment}`, slot.shape);
  }
  const seen = new Set<string>();
  for (const { name, shape } of entries) {
    const expected = wanted.get(name);
    if (seen.has(name)) refuse(`Weight '${name}' appears twice in the manifest.`);
    seen.add(name);
    if (!expected) {
      const hint = name.startsWith(OPTIMIZER_PREFIX) && !withOptimizer ? ' (optimizer moments without optimizer metadata)' : '';
      refuse(`The file has a weight '${name}' that a ${spec.kind} of this spec does not have${hint}.`);
    }
    if (shapeText(shape) !== shapeText(expected))
      refuse(`Weight '${name}' has shape ${shapeText(shape)}; the spec (${spec.kind}, ${spec.network}) needs ${shapeText(expected)}.`);
  }
  const missing = [...wanted.keys()].find((name) => !seen.has(name));
  if (missing) refuse(`The file lacks weight '${missing}'.`);
}

/**
 * Checks `modelJson` and `weightData` (the concatenated files of its paths) and decodes them; `expected` refuses
 * another architecture or dataset. Throws ModelFileError with the reason; never assigns anything anywhere.
 */
export function decodeArtifacts(modelJson: unknown, weightData: ArrayBuffer, expected: ExpectedModel = {}): ImportedModel {
  const { entries } = readManifest(modelJson);
  const metadata = readMetadata((modelJson as Record<string, unknown>).userDefinedMetadata);
  const { spec } = metadata;
  const mismatch = expected.spec ? architectureMismatch(spec, expected.spec) : null;
  if (mismatch) refuse(mismatch);
  if (expected.dataset && expected.dataset !== metadata.dataset)
    refuse(`The model was trained on ${metadata.dataset}; the current dataset is ${expected.dataset}.`);
  const layout = weightLayout(spec);
  const neededBytes = layout.reduce((sum, slot) => sum + 4 * sizeOf(slot.shape), 0);
  if (neededBytes > LIMITS.weightBytes) refuse(`This spec needs ${formatBytes(neededBytes)} of weights; the limit is ${formatBytes(LIMITS.weightBytes)}.`);
  checkEntries(entries, layout, spec, metadata.optimizer !== undefined);
  const total = entries.reduce((sum, entry) => sum + entryBytes(entry), 0);
  if (weightData.byteLength !== total) {
    const what = weightData.byteLength < total ? 'truncated' : 'longer than described';
    refuse(`The weights are ${what}: ${weightData.byteLength} bytes, but the manifest describes ${total}.`);
  }
  const bytes = new Uint8Array(weightData);
  const values = new Map<string, Float32Array>();
  let offset = 0;
  for (const entry of entries) {
    const size = entryBytes(entry);
    const decoded = decodeValues(bytes.subarray(offset, offset + size), entry);
    offset += size;
    const bad = firstNonFinite(decoded);
    if (bad >= 0) refuse(`Weight '${entry.name}' holds ${decoded[bad]} at index ${bad}: the saved model had diverged or the file is damaged.`);
    values.set(entry.name, decoded);
  }
  const weights = new Map(layout.map((slot) => [slot.name, values.get(slot.name) as Float32Array]));
  return { spec, weights, optimizer: optimizerFrom(metadata, layout, values), metadata, storage: storageOf(entries) };
}

function optimizerFrom(metadata: ModelMetadata, layout: WeightSlot[], values: Map<string, Float32Array>): OptimizerState | null {
  if (!metadata.optimizer) return null;
  const moments = new Map(
    layout
      .filter((slot) => slot.trainable)
      .map((slot) => {
        const moment = (which: string) => values.get(`${OPTIMIZER_PREFIX}${slot.name}/${which}`) as Float32Array;
        return [slot.name, { m: moment('m'), v: moment('v') }];
      }),
  );
  return { iterations: metadata.optimizer.iterations, moments };
}

/** 'float32', 'uint8', 'float16' or e.g. 'uint8+float32' for the model group's weights. */
function storageOf(entries: WeightEntry[]): string {
  const kinds = new Set(entries.filter((entry) => entry.group !== 'optimizer').map((entry) => entry.quantization?.dtype ?? 'float32'));
  return [...kinds].sort().join('+');
}
