import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DataError } from './errors';
import { gunzipIfNeeded, isGzip } from './gzip';

const PAYLOAD = Uint8Array.from({ length: 5000 }, (_, i) => (i * 37) % 256);

describe('gunzipIfNeeded', () => {
  it('inflates bytes compressed by node:zlib', async () => {
    const gz = new Uint8Array(gzipSync(PAYLOAD, { level: 9 }));
    expect(isGzip(gz)).toBe(true);
    expect(await gunzipIfNeeded(gz)).toEqual(PAYLOAD);
  });

  it('passes already-inflated bytes through unchanged', async () => {
    expect(isGzip(PAYLOAD)).toBe(false);
    expect(await gunzipIfNeeded(PAYLOAD)).toBe(PAYLOAD);
  });

  it('turns a corrupt gzip stream into a DataError naming the file', async () => {
    const gz = new Uint8Array(gzipSync(PAYLOAD));
    const corrupt = gz.slice();
    corrupt.fill(0xff, 10, 40);
    await expect(gunzipIfNeeded(corrupt, 'train-images-0.idx.gz')).rejects.toThrow(DataError);
    await expect(gunzipIfNeeded(corrupt, 'train-images-0.idx.gz')).rejects.toThrow(/train-images-0\.idx\.gz is corrupt/);
  });

  it('turns a truncated gzip stream into a DataError', async () => {
    const gz = new Uint8Array(gzipSync(PAYLOAD));
    await expect(gunzipIfNeeded(gz.subarray(0, gz.length - 20), 'x.gz')).rejects.toThrow(/x\.gz is corrupt/);
  });
});
