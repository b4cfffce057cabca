import { describeError } from '../describeError';
import { DataError, formatCount } from './errors';
import { fetchBytes, concatBytes } from './fetchBytes';
import { gunzipIfNeeded } from './gzip';
import { parseIdx } from './idx';
import type { DatasetId } from './datasets';
import { type Manifest, type ManifestFilePair, manifestTotalBytes, validateManifest } from './manifest';

/** `count` images (uint8 0–255, row-major 28×28, count × 784 bytes) and their labels. */
export interface ImageSet {
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
}

/** Bytes received so far out of all data files (compressed sizes from the manifest). */
export interface LoadProgress {
  loadedBytes: number;
  totalBytes: number;
  phase: 'test' | 'train';
}

export interface LoadDatasetOptions {
  /** Folder holding `<dataset>/manifest.json`, e.g. `${origin}/data/` or a `file:` URL in Node. */
  baseUrl: string;
  dataset: DatasetId;
  fetchImpl?: typeof fetch;
  onProgress?: (progress: LoadProgress) => void;
  /** Called with each training shard as soon as it has arrived and been checked. */
  onTrainShard?: (shard: ImageSet, shardIndex: number) => void;
  /**
   * Resolves when the training shards after the first may load. Until then they wait, so they do not compete for
   * the network and the CPU with what must happen before training can start. Default: at once.
   */
  moreShards?: Promise<void>;
}

/** Three promises that settle in order: manifest, test set, whole training set. */
export interface DatasetLoad {
  manifest: Promise<Manifest>;
  test: Promise<ImageSet>;
  train: Promise<ImageSet>;
}

/** Resolves `relative` against the data folder URL (adds the trailing slash a folder needs). */
export function dataUrl(baseUrl: string, relative: string): string {
  const folder = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const origin = (globalThis as { location?: { href: string } }).location?.href;
  return new URL(relative, new URL(folder, origin)).href;
}

/** A manifest is a few kilobytes; anything larger is not one. */
const MANIFEST_MAX_BYTES = 64 * 1024;

/** Bytes of a pair's IDX files once inflated: a header of 4 + 4 per dimension, then one byte per pixel or label. */
export function idxSizes(m: Manifest, pair: ManifestFilePair): { images: number; labels: number } {
  return { images: 16 + pair.count * m.imageSide * m.imageSide, labels: 8 + pair.count };
}

/** Largest download accepted for a file that inflates to `inflated` bytes: gzip never grows data by more than this. */
function downloadLimit(inflated: number): number {
  return Math.ceil(inflated * 1.01) + 1024;
}

/** Fetches and checks `<baseUrl>/<dataset>/manifest.json`. */
export async function loadManifest(baseUrl: string, dataset: DatasetId, fetchImpl: typeof fetch = fetch): Promise<Manifest> {
  const fileName = `${dataset}/manifest.json`;
  const bytes = await fetchBytes(dataUrl(baseUrl, fileName), undefined, fetchImpl, undefined, MANIFEST_MAX_BYTES);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new DataError(fileName, `${fileName} is not valid JSON.`);
  }
  return validateManifest(json, dataset, fileName);
}

/**
 * Loads the manifest, then the test set together with the first training shard (so training can start
 * as soon as the lab is ready), then the other shards one by one. The test set is always delivered first.
 * A shard that fails does not stop the others: `train` resolves with every shard when all arrived, and
 * otherwise rejects, after the rest were delivered, with a DataError that names the missing shards.
 */
export function loadDataset(options: LoadDatasetOptions): DatasetLoad {
  const { baseUrl, dataset, fetchImpl = fetch, onProgress, onTrainShard, moreShards = Promise.resolve() } = options;
  const manifest = loadManifest(baseUrl, dataset, fetchImpl);
  let doneBytes = 0;
  /** Bytes received of each pair still loading (the test set and the first shard load together). */
  const inFlight = new Map<ManifestFilePair, number>();
  /** The phase shown is 'test' until the test set has arrived, even while the first shard loads alongside it. */
  let testArrived = false;
  const phase = (): LoadProgress['phase'] => (testArrived ? 'train' : 'test');
  const loadPair = async (m: Manifest, pair: ManifestFilePair, isTest: boolean): Promise<ImageSet> => {
    const totalBytes = manifestTotalBytes(m);
    let imagesLoaded = 0;
    let labelsLoaded = 0;
    const report = (): void => {
      inFlight.set(pair, Math.min(imagesLoaded + labelsLoaded, pair.bytes));
      const loading = [...inFlight.values()].reduce((sum, bytes) => sum + bytes, 0);
      onProgress?.({ loadedBytes: doneBytes + loading, totalBytes, phase: phase() });
    };
    const url = (file: string): string => dataUrl(baseUrl, `${dataset}/${file}`);
    const sizes = idxSizes(m, pair);
    const [imagesGz, labelsGz] = await Promise.all([
      fetchBytes(url(pair.images), (n) => { imagesLoaded = n; report(); }, fetchImpl, undefined, downloadLimit(sizes.images)),
      fetchBytes(url(pair.labels), (n) => { labelsLoaded = n; report(); }, fetchImpl, undefined, downloadLimit(sizes.labels)),
    ]);
    const set = decodePair(m, pair, await gunzipIfNeeded(imagesGz, pair.images, sizes.images), await gunzipIfNeeded(labelsGz, pair.labels, sizes.labels));
    inFlight.delete(pair);
    doneBytes += pair.bytes;
    if (isTest) testArrived = true;
    const loading = [...inFlight.values()].reduce((sum, bytes) => sum + bytes, 0);
    onProgress?.({ loadedBytes: doneBytes + loading, totalBytes, phase: phase() });
    return set;
  };
  const test = manifest.then((m) => loadPair(m, m.test, true));
  const firstShard = manifest.then((m) => (m.train.shards.length > 0 ? loadPair(m, m.train.shards[0], false) : null));
  firstShard.catch(() => undefined);
  const train = test.then(async () => {
    const m = await manifest;
    const shards: ImageSet[] = [];
    const failures: Array<{ pair: ManifestFilePair; index: number; cause: unknown }> = [];
    for (const [index, pair] of m.train.shards.entries()) {
      try {
        if (index === 1) await moreShards;
        const shard = index === 0 ? await firstShard : await loadPair(m, pair, false);
        if (!shard) continue;
        shards.push(shard);
        onTrainShard?.(shard, index);
      } catch (cause) {
        inFlight.delete(pair);
        failures.push({ pair, index, cause });
      }
    }
    if (failures.length > 0) throw missingShardsError(m, failures, shards);
    return concatSets(shards);
  });
  for (const p of [manifest, test, train]) p.catch(() => undefined);
  return { manifest, test, train };
}

/** One error for the training shards that did not arrive: which, why, and what training uses instead. */
function missingShardsError(m: Manifest, failures: ReadonlyArray<{ pair: ManifestFilePair; index: number; cause: unknown }>, arrived: readonly ImageSet[]): DataError {
  const shards = m.train.shards.length;
  const details = failures.map(({ index, cause }) => `shard ${index + 1} (${describeError(cause)})`).join('; ');
  const images = arrived.reduce((n, set) => n + set.count, 0);
  const fallback = images > 0 ? `Training uses the ${formatCount(images)} images that arrived.` : 'No training images arrived, so training cannot start.';
  return new DataError(failures[0].pair.images, `${failures.length} of ${shards} training shards could not be loaded: ${details}. ${fallback}`);
}

/** Parses and cross-checks one images/labels pair against the manifest. */
export function decodePair(m: Manifest, pair: ManifestFilePair, imageBytes: Uint8Array, labelBytes: Uint8Array): ImageSet {
  const images = parseIdx(imageBytes, pair.images);
  const labels = parseIdx(labelBytes, pair.labels);
  const side = m.imageSide;
  const fail = (file: string, what: string): never => {
    throw new DataError(file, `${file} ${what}.`);
  };
  if (images.dims.length !== 3 || images.dims[1] !== side || images.dims[2] !== side) {
    fail(pair.images, `has shape ${images.dims.join('×')}; expected N×${side}×${side}`);
  }
  if (labels.dims.length !== 1) fail(pair.labels, `has shape ${labels.dims.join('×')}; expected a list of labels`);
  if (images.dims[0] !== pair.count) fail(pair.images, `holds ${formatCount(images.dims[0])} images; the manifest says ${formatCount(pair.count)}`);
  if (labels.dims[0] !== pair.count) fail(pair.labels, `holds ${formatCount(labels.dims[0])} labels; the manifest says ${formatCount(pair.count)}`);
  const classCount = m.classNames.length;
  const bad = labels.data.findIndex((label) => label >= classCount);
  if (bad >= 0) fail(pair.labels, `has label ${labels.data[bad]} at index ${bad}; there are only ${classCount} classes`);
  return { images: images.data, labels: labels.data, count: pair.count };
}

/** Concatenates image sets in order. */
export function concatSets(sets: readonly ImageSet[]): ImageSet {
  return {
    images: concatBytes(sets.map((s) => s.images)),
    labels: concatBytes(sets.map((s) => s.labels)),
    count: sets.reduce((n, s) => n + s.count, 0),
  };
}
