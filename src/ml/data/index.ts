/** Public surface of the data layer (worker-safe; Node-only helpers live in ./nodeFetch). */
export { DataError } from './errors';
export { parseIdx, encodeIdx, type IdxFile } from './idx';
export { gunzipIfNeeded, isGzip } from './gzip';
export { fetchBytes } from './fetchBytes';
export { type DatasetId, DATASET_IDS, DATASETS } from './datasets';
export { IMAGE_PIXELS, IMAGE_SIDE } from './geometry';
export { type Manifest, type ManifestFilePair, manifestFiles, manifestTotalBytes, validateManifest } from './manifest';
export { type ImageSet, type LoadProgress, type LoadDatasetOptions, type DatasetLoad, loadManifest, loadDataset, concatSets } from './dataset';
export { TrainingPool } from './batcher';
