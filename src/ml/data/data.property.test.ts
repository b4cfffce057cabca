/**
 * The data loader fuzzed: whatever bytes or JSON arrive, the IDX parser, the manifest check, the pair
 * decoder and the inflater either return something consistent or throw a DataError naming the file, never
 * another error, and nothing inflates or downloads beyond the size the manifest allows.
 */
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodePair, idxSizes } from './dataset';
import { DataError } from './errors';
import { fetchBytes } from './fetchBytes';
import { gunzipIfNeeded } from './gzip';
import { encodeIdx, parseIdx } from './idx';
import { validateManifest, type Manifest } from './manifest';

/** Runs `action` and reports what happened: a value, or a DataError; any other throw fails the property. */
function outcome<T>(action: () => T): { value: T } | { error: DataError } {
  try {
    return { value: action() };
  } catch (error) {
    if (error instanceof DataError) return { error };
    throw error;
  }
}

async function outcomeAsync<T>(action: () => Promise<T>): Promise<{ value: T } | { error: DataError }> {
  try {
    return { value: await action() };
  } catch (error) {
    if (error instanceof DataError) return { error };
    throw error;
  }
}

const VALID_MANIFEST: Manifest = {
  name: 'mnist',
  title: 'MNIST',
  classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  imageSide: 28,
  test: { images: 'test-images.idx.gz', labels: 'test-labels.idx.gz', count: 3, bytes: 100 },
  train: { count: 3, shards: [{ images: 'train-0-images.idx.gz', labels: 'train-0-labels.idx.gz', count: 3, bytes: 100 }] },
  split: 'test: the official test set',
};

/** An IDX header (magic, then big-endian dims) with arbitrary dims and a body of arbitrary length. */
const idxBytes = fc
  .tuple(fc.constantFrom(0x08, 0x09, 0x0d), fc.array(fc.nat({ max: 0xffffffff }), { minLength: 0, maxLength: 4 }), fc.uint8Array({ maxLength: 64 }))
  .map(([type, dims, body]) => {
    const header = new Uint8Array(4 + 4 * dims.length);
    header[2] = type;
    header[3] = dims.length;
    const view = new DataView(header.buffer);
    dims.forEach((dim, d) => view.setUint32(4 + 4 * d, dim, false));
    const bytes = new Uint8Array(header.length + body.length);
    bytes.set(header);
    bytes.set(body, header.length);
    return bytes;
  });

describe('data loader (property-based)', () => {
  it('parseIdx: arbitrary bytes give a file whose dims match its data, or a DataError; never a huge allocation', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 80 }), idxBytes), (bytes) => {
        const result = outcome(() => parseIdx(bytes, 'x.idx'));
        if ('value' in result) {
          const product = result.value.dims.reduce((a, b) => a * b, 1);
          expect(result.value.data.length).toBe(product);
          expect(result.value.data.length).toBeLessThanOrEqual(bytes.length);
        } else {
          expect(result.error.message).toMatch(/^x\.idx /);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('validateManifest: any JSON, or a valid manifest with one field replaced, is accepted only within the limits', () => {
    const fields = ['name', 'title', 'classNames', 'imageSide', 'test', 'train', 'split'] as const;
    const mutated = fc.tuple(fc.constantFrom(...fields), fc.jsonValue()).map(([field, value]) => ({ ...VALID_MANIFEST, [field]: value }));
    const hugeCount = fc.integer({ min: 100_001, max: Number.MAX_SAFE_INTEGER }).map((count) => ({ ...VALID_MANIFEST, test: { ...VALID_MANIFEST.test, count } }));
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), mutated, hugeCount), (json) => {
        const result = outcome(() => validateManifest(json, 'mnist'));
        if ('value' in result) {
          const m = result.value;
          const pairs = [m.test, ...m.train.shards];
          for (const pair of pairs) {
            expect(pair.count).toBeLessThanOrEqual(100_000);
            expect(pair.images).toMatch(/^[\w.-]+$/);
          }
          expect(m.classNames.length).toBeGreaterThan(0);
          expect(m.train.shards.reduce((n, s) => n + s.count, 0)).toBe(m.train.count);
        } else {
          expect(result.error.message).toMatch(/^mnist\/manifest\.json is invalid: /);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('decodePair: arbitrary files against a valid manifest give the manifest’s count of valid labels, or a DataError', () => {
    const pair = VALID_MANIFEST.test;
    const realImages = encodeIdx([3, 28, 28], new Uint8Array(3 * 784));
    const labels = fc.oneof(
      fc.uint8Array({ minLength: 3, maxLength: 3 }).map((data) => encodeIdx([3], data)),
      fc.uint8Array({ maxLength: 20 }),
      idxBytes,
    );
    fc.assert(
      fc.property(fc.oneof(fc.constant(realImages), idxBytes), labels, (images, labelBytes) => {
        const result = outcome(() => decodePair(VALID_MANIFEST, pair, images, labelBytes));
        if ('value' in result) {
          expect(result.value.count).toBe(3);
          expect(result.value.images.length).toBe(3 * 784);
          for (const label of result.value.labels) expect(label).toBeLessThan(10);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('gunzip: arbitrary bytes after a gzip header inflate or give a DataError; a gzip bomb stops at the limit', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 200 }), async (tail) => {
        const bytes = new Uint8Array(2 + tail.length);
        bytes.set([0x1f, 0x8b]);
        bytes.set(tail, 2);
        const result = await outcomeAsync(() => gunzipIfNeeded(bytes, 'x.gz', 10_000));
        if ('value' in result) expect(result.value.length).toBeLessThanOrEqual(10_000);
      }),
      { numRuns: 300 },
    );
    // 64 MB of zeros compress to about 64 KB; the limit for a 3-image file is 16 + 3·784 bytes.
    const bomb = new Uint8Array(gzipSync(new Uint8Array(64 * 1024 * 1024)));
    expect(bomb.length).toBeLessThan(100_000);
    const limit = idxSizes(VALID_MANIFEST, VALID_MANIFEST.test).images;
    expect(limit).toBe(16 + 3 * 28 * 28);
    await expect(gunzipIfNeeded(bomb, 'test-images.idx.gz', limit)).rejects.toThrow(/test-images\.idx\.gz inflates to more than the 2,368 bytes/);
  });

  it('fetchBytes: a body longer than the limit is stopped with a DataError, whether or not its length is declared', async () => {
    const body = new Uint8Array(5000);
    const declared: typeof fetch = async () => new Response(body, { headers: { 'content-length': '5000' } });
    const streamed: typeof fetch = async () =>
      new Response(
        new ReadableStream({
          pull(controller) {
            controller.enqueue(new Uint8Array(1000));
          },
        }),
      );
    await expect(fetchBytes('http://x/data/a.idx.gz', undefined, declared, undefined, 4096)).rejects.toThrow(/a\.idx\.gz is larger than the 4,096 bytes/);
    // An endless body: without the limit this would never finish.
    await expect(fetchBytes('http://x/data/b.idx.gz', undefined, streamed, undefined, 4096)).rejects.toThrow(/b\.idx\.gz is larger than the 4,096 bytes/);
    expect(await fetchBytes('http://x/data/c.idx.gz', undefined, declared, undefined, 5000)).toHaveLength(5000);
  });
});
