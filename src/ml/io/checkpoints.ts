/**
 * The trained checkpoints shipped with the app: public/checkpoints/manifest.json (written by `npm run checkpoints`)
 * lists each with its recipe and test-set numbers; its files are model.json + weights.bin in the saved-model format.
 * Plain data and a reader that checks the manifest's shape (each checkpoint's own files are checked by importModel).
 */
import { isDatasetId, type DatasetId } from '../data/datasets';
import { isModelKind, type ModelKind } from '../models/family';
import type { ModelSpec } from '../models/types';
import type { TrainingSettings } from '../training/trainer';
import type { StorageDtype } from './format';
import { isRecord, refuse } from './validate';

export const CHECKPOINT_MANIFEST_VERSION = 1;

/** Test-set scores of a checkpoint as shipped (after quantisation): nats per image, bits per dimension. */
export interface CheckpointTestScores {
  /** Each of the model's terms (rec, kl, codebook, commitment), averaged over the images. */
  terms: Partial<Record<'rec' | 'kl' | 'codebook' | 'commitment', number>>;
  /** VAE: rec + KL; absent for models without an ELBO. */
  negElbo?: number;
  discretisedNll: number;
  bitsPerDim: number;
}

export interface CheckpointEntry {
  /** `<dataset>/<model>[-variant]`, also its folder under public/checkpoints/. */
  id: string;
  dataset: DatasetId;
  model: ModelKind;
  /** null for a family's default architecture; e.g. 'beta4', 'reconstruction', 'latent16'. */
  variant: string | null;
  title: string;
  /** model.json relative to the manifest; weights.bin beside it. */
  path: string;
  recipe: { spec: ModelSpec; training: TrainingSettings; seed: number; trainImages: number };
  epochs: number;
  steps: number;
  test: CheckpointTestScores;
  /** How the weights are stored, and what quantising did to the test objective (−ELBO for a VAE, else rec). */
  storage: StorageDtype;
  quantisation: { objective: 'negElbo' | 'rec'; float32: number; stored: number; relativeChange: number; tried: Partial<Record<StorageDtype, number>> };
  bytes: { modelJson: number; weights: number };
  trainSeconds: number;
}

export interface CheckpointManifest {
  version: typeof CHECKPOINT_MANIFEST_VERSION;
  /** How `test` was measured: the first `images` test images, ε and corruption seeded by `seed`. */
  evaluation: { images: number; seed: number; backend: string };
  totalBytes: number;
  checkpoints: CheckpointEntry[];
}

/** The manifest if its shape is right (ids, datasets, kinds, paths, numbers), else a ModelFileError with the reason. */
export function readCheckpointManifest(value: unknown): CheckpointManifest {
  if (!isRecord(value) || value.version !== CHECKPOINT_MANIFEST_VERSION || !Array.isArray(value.checkpoints))
    refuse(`The checkpoint manifest is not version ${CHECKPOINT_MANIFEST_VERSION} with a list of checkpoints.`);
  for (const entry of value.checkpoints as unknown[]) {
    if (!isRecord(entry) || typeof entry.id !== 'string') refuse('A checkpoint in the manifest has no id.');
    const { id, dataset, model, path, test } = entry;
    if (!isDatasetId(dataset) || !isModelKind(model)) refuse(`Checkpoint ${id}: unknown dataset or model.`);
    if (typeof path !== 'string' || !path.endsWith('/model.json') || path.includes('..')) refuse(`Checkpoint ${id}: its path must name a model.json below the manifest.`);
    if (!isRecord(test) || !Number.isFinite(test.bitsPerDim) || !isRecord(test.terms)) refuse(`Checkpoint ${id}: its test scores are missing.`);
  }
  return value as unknown as CheckpointManifest;
}
