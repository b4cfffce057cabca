import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FASHION_TEST_PER_CLASS, isUpToDate, splitFashion, writeDataset } from './prepare-data';

/** `n` images of class `c` whose first pixel is the image's index within its class (mod 256). */
function fakeClass(n: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: 784 }, (_, p) => (p === 0 ? i % 256 : 0)));
}

describe('splitFashion', () => {
  const perClass: unknown[][] = [fakeClass(1005), fakeClass(1003), fakeClass(1010)];
  perClass[0].splice(2, 0, []);
  const { test, train, dropped } = splitFashion(perClass);

  it('takes the first 1,000 valid images per class as test, interleaved by class, and drops malformed ones', () => {
    expect(dropped).toBe(1);
    expect(test.count).toBe(3 * FASHION_TEST_PER_CLASS);
    expect(Array.from(test.labels.subarray(0, 6))).toEqual([0, 1, 2, 0, 1, 2]);
    expect(test.images[3 * 784]).toBe(1);
    expect(test.images[(3 * 999) * 784]).toBe(999 % 256);
  });

  it('keeps the rest as shuffled train with the right per-class counts', () => {
    expect(train.count).toBe(5 + 3 + 10);
    const counts = [0, 0, 0];
    train.labels.forEach((l) => counts[l]++);
    expect(counts).toEqual([5, 3, 10]);
    expect(Array.from(train.labels)).not.toEqual([...Array(5).fill(0), ...Array(3).fill(1), ...Array(10).fill(2)]);
    expect(splitFashion(perClass).train.labels).toEqual(train.labels);
  });
});

describe('writeDataset / isUpToDate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vae-data-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const set = (count: number) => ({ images: new Uint8Array(count * 784), labels: new Uint8Array(count), count });

  it('writes shards and a manifest, and notices a missing, resized or corrupted file', async () => {
    const out = join(dir, 'mnist');
    const manifest = await writeDataset(out, { name: 'mnist', title: 'T', classNames: ['0'], split: 's', test: set(4), train: set(20) });
    expect(manifest.train.shards.map((s) => s.count)).toEqual([3, 4, 3, 3, 4, 3]);
    expect(isUpToDate(out, 'mnist')).toBe(true);
    writeFileSync(join(out, 'train-labels-2.idx.gz'), 'x');
    expect(isUpToDate(out, 'mnist')).toBe(false);
    await writeDataset(out, { name: 'mnist', title: 'T', classNames: ['0'], split: 's', test: set(4), train: set(20) });
    // Corrupt a file without changing its size: only the content hash can tell.
    const file = join(out, 'train-images-3.idx.gz');
    const bytes = readFileSync(file);
    bytes[bytes.length - 5] ^= 0xff;
    writeFileSync(file, bytes);
    expect(isUpToDate(out, 'mnist')).toBe(false);
    await writeDataset(out, { name: 'mnist', title: 'T', classNames: ['0'], split: 's', test: set(4), train: set(20) });
    unlinkSync(join(out, 'test-images.idx.gz'));
    expect(isUpToDate(out, 'mnist')).toBe(false);
    expect(isUpToDate(join(dir, 'absent'), 'mnist')).toBe(false);
  });
});
