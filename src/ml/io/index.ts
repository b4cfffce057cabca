/** Saved models: tfjs model artefacts (model.json + weights.bin) or the single .vaelab file; see format.ts. */
export {
  FORMAT_VERSION,
  LIMITS,
  MODEL_FORMAT,
  MODEL_JSON_FILE,
  WEIGHTS_FILE,
  type ModelArtifacts,
  type ModelJson,
  type ModelMetadata,
  type SavedOptimizer,
  type StorageDtype,
  type WeightEntry,
  type WeightQuantization,
  sizeOf,
} from './format';
export { exportModel, type ExportExtras } from './export';
export { importModel, type ImportResult, type ModelFileInput } from './import';
export { type ExpectedModel, type ImportedModel } from './decode';
export { createModelFrom, loadWeightsInto, resumeFrom } from './load';
export { isModelFile, MODEL_FILE_EXTENSION, MODEL_FILE_MAGIC, packModelFile } from './container';
export { readOptimizerState, readTrainingState, restoreOptimizerState, type OptimizerState } from './optimizer';
export { architectureMismatch } from './validate';
export { weightLayout, type WeightSlot } from './layout';
export {
  CHECKPOINT_MANIFEST_VERSION,
  readCheckpointManifest,
  type CheckpointEntry,
  type CheckpointManifest,
  type CheckpointTestScores,
} from './checkpoints';
