/** Writing a model out: its named weights (quantised if asked) and the metadata a reader rebuilds it from. */
import type { DatasetId } from '../data/datasets';
import { firstNonFinite } from '../math/finite';
import type { LatentModel } from '../models/types';
import { CODEBOOK_SCALE } from '../models/vqvae';
import { ADAM, type TrainingSettings } from '../training/trainer';
import {
  FORMAT_VERSION,
  GENERATED_BY,
  LIMITS,
  MODEL_FORMAT,
  OPTIMIZER_PREFIX,
  WEIGHTS_FILE,
  type ModelArtifacts,
  type ModelJson,
  type ModelMetadata,
  type StorageDtype,
  type WeightEntry,
} from './format';
import type { OptimizerState } from './optimizer';
import { encodeValues } from './quantize';
import { formatBytes, jsonBytes } from './validate';

/** What a saved model carries besides its weights (see ModelMetadata). */
export interface ExportExtras {
  dataset: DatasetId;
  training: TrainingSettings;
  step: number;
  samplesSeen: number;
  /** Adam's state from readOptimizerState; omit (or null) for a weights-only file such as a shipped checkpoint. */
  optimizer?: OptimizerState | null;
  /** Opaque JSON passed through (LIMITS.passThroughBytes together). */
  curves?: unknown;
  evaluations?: unknown;
  /** How the model's weights are stored (default float32); optimizer moments are always float32. */
  storage?: StorageDtype;
}

/**
 * The model as tfjs model artefacts: `model.json` (weights manifest + the lab's metadata) and `weights.bin`
 * (every named weight in `namedWeights()` order, then Adam's moments `optimizer/<weight>/m|v` when given).
 * Reads the weights with `await data()` (no synchronous GPU read). Throws when a weight is NaN/∞ (a diverged
 * model), when the optimizer state misses a trainable weight, or when a size limit would be exceeded.
 */
export async function exportModel(model: LatentModel, extras: ExportExtras): Promise<ModelArtifacts> {
  const { storage = 'float32', optimizer } = extras;
  const passThrough = jsonBytes(extras.curves) + jsonBytes(extras.evaluations);
  if (passThrough > LIMITS.passThroughBytes) throw new Error(`curves and evaluations take ${formatBytes(passThrough)}; the limit is ${formatBytes(LIMITS.passThroughBytes)}`);
  const named = model.namedWeights();
  const values = await Promise.all(named.map(({ variable }) => variable.data() as Promise<Float32Array>));
  const entries: WeightEntry[] = [];
  const parts: Uint8Array[] = [];
  named.forEach(({ name, variable }, i) => {
    const bad = firstNonFinite(values[i]);
    if (bad >= 0) throw new Error(`weight '${name}' holds ${values[i][bad]} at index ${bad}: the model has diverged; reset or roll back before saving`);
    const { bytes, quantization } = encodeValues(values[i], storage);
    entries.push({ name, shape: [...variable.shape], dtype: 'float32', ...(quantization ? { quantization } : {}) });
    parts.push(bytes);
  });
  const trainable = new Set(model.variables.filter((v) => v.trainable).map((v) => v.name));
  if (optimizer) {
    for (const { name, variable } of named.filter(({ variable: v }) => trainable.has(v.name))) {
      const moments = optimizer.moments.get(name);
      if (!moments) throw new Error(`optimizer state has no moments for weight '${name}'`);
      for (const which of ['m', 'v'] as const) {
        entries.push({ name: `${OPTIMIZER_PREFIX}${name}/${which}`, shape: [...variable.shape], dtype: 'float32', group: 'optimizer' });
        parts.push(encodeValues(moments[which], 'float32').bytes);
      }
    }
  }
  const total = parts.reduce((sum, part) => sum + part.byteLength, 0);
  if (total > LIMITS.weightBytes) throw new Error(`the weights take ${formatBytes(total)}; the limit is ${formatBytes(LIMITS.weightBytes)}`);
  const weightData = new Uint8Array(total);
  parts.reduce((offset, part) => (weightData.set(part, offset), offset + part.byteLength), 0);
  const metadata: ModelMetadata = {
    formatVersion: FORMAT_VERSION,
    spec: structuredClone(model.spec),
    dataset: extras.dataset,
    training: structuredClone(extras.training),
    step: extras.step,
    samplesSeen: extras.samplesSeen,
    ...(optimizer ? { optimizer: { kind: 'adam' as const, iterations: optimizer.iterations, ...ADAM } } : {}),
    ...(model.spec.kind === 'vqvae' ? { codebookScale: CODEBOOK_SCALE } : {}),
    ...(extras.curves === undefined ? {} : { curves: extras.curves }),
    ...(extras.evaluations === undefined ? {} : { evaluations: extras.evaluations }),
  };
  const modelJson: ModelJson = { format: MODEL_FORMAT, generatedBy: GENERATED_BY, weightsManifest: [{ paths: [WEIGHTS_FILE], weights: entries }], userDefinedMetadata: metadata };
  return { modelJson, weightData: weightData.buffer };
}
