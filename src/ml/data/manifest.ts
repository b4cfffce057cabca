import { DataError } from './errors';

import type { DatasetId } from './datasets';
import { IMAGE_SIDE } from './geometry';

/** One images file + labels file pair; `bytes` = both gzip file sizes summed. */
export interface ManifestFilePair {
  images: string;
  labels: string;
  count: number;
  bytes: number;
  /** SHA-256 of each file (hex), so the data script can tell a corrupt file from a good one of the same size. */
  sha256?: { images: string; labels: string };
}

/** public/data/<name>/manifest.json: what the files hold and how the split was made. */
export interface Manifest {
  name: DatasetId;
  title: string;
  classNames: string[];
  imageSide: number;
  test: ManifestFilePair;
  train: { count: number; shards: ManifestFilePair[] };
  split: string;
}

/** Every file name a manifest lists (test pair first, then shards in order). */
export function manifestFiles(manifest: Manifest): string[] {
  const pairs = [manifest.test, ...manifest.train.shards];
  return pairs.flatMap((p) => [p.images, p.labels]);
}

/** Compressed bytes of every file the manifest lists. */
export function manifestTotalBytes(manifest: Manifest): number {
  return manifest.test.bytes + manifest.train.shards.reduce((n, s) => n + s.bytes, 0);
}

/** Limits a manifest must keep, so a hostile one cannot make the lab allocate without bound (MNIST: 60,000 + 10,000 images, 10 classes). */
export const MANIFEST_LIMITS = { imagesPerFile: 100_000, trainImages: 1_000_000, shards: 100, classes: 100, nameLength: 60 };

/** Checks parsed JSON has the Manifest shape for `name` within MANIFEST_LIMITS; throws DataError naming the problem. */
export function validateManifest(json: unknown, name: DatasetId, fileName = `${name}/manifest.json`): Manifest {
  const fail = (what: string): never => {
    throw new DataError(fileName, `${fileName} is invalid: ${what}.`);
  };
  const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
  const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
  const isFileName = (v: unknown): v is string => typeof v === 'string' && /^[\w.-]{1,80}$/.test(v) && !v.startsWith('.');
  const checkPair = (v: unknown, where: string): void => {
    if (!isRecord(v)) fail(`${where} is missing`);
    const p = v as Record<string, unknown>;
    if (!isFileName(p.images) || !isFileName(p.labels)) fail(`${where} lacks plain file names`);
    if (!isCount(p.count) || !isCount(p.bytes)) fail(`${where} lacks count/bytes`);
    if ((p.count as number) > MANIFEST_LIMITS.imagesPerFile) fail(`${where} claims ${String(p.count)} images, more than the ${MANIFEST_LIMITS.imagesPerFile} a file may hold`);
  };
  if (!isRecord(json)) return fail('not a JSON object');
  if (json.name !== name) fail(`name is ${JSON.stringify(json.name)}, expected "${name}"`);
  if (typeof json.title !== 'string') fail('title is missing');
  const classNames = json.classNames;
  if (
    !Array.isArray(classNames) ||
    classNames.length === 0 ||
    classNames.length > MANIFEST_LIMITS.classes ||
    classNames.some((c) => typeof c !== 'string' || c.length > MANIFEST_LIMITS.nameLength)
  ) {
    fail(`classNames must be a list of 1–${MANIFEST_LIMITS.classes} names of at most ${MANIFEST_LIMITS.nameLength} characters`);
  }
  if (typeof json.title === 'string' && json.title.length > MANIFEST_LIMITS.nameLength) fail('title is too long');
  if (json.imageSide !== IMAGE_SIDE) fail(`imageSide is ${String(json.imageSide)}, expected ${IMAGE_SIDE}`);
  checkPair(json.test, 'test');
  const train = json.train;
  if (!isRecord(train) || !isCount(train.count) || !Array.isArray(train.shards) || train.shards.length === 0) {
    return fail('train must have a count and a non-empty list of shards');
  }
  if (train.shards.length > MANIFEST_LIMITS.shards) fail(`train lists ${train.shards.length} shards, more than ${MANIFEST_LIMITS.shards}`);
  if (train.count > MANIFEST_LIMITS.trainImages) fail(`train claims ${train.count} images, more than ${MANIFEST_LIMITS.trainImages}`);
  train.shards.forEach((s, i) => checkPair(s, `train shard ${i}`));
  const shardSum = (train.shards as ManifestFilePair[]).reduce((n, s) => n + s.count, 0);
  if (shardSum !== train.count) fail(`train shards hold ${shardSum} images but train.count is ${train.count}`);
  if (typeof json.split !== 'string') fail('split description is missing');
  return json as unknown as Manifest;
}
