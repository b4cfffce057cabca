import { describe, expect, it } from 'vitest';
import { DataError } from './errors';
import { encodeIdx, parseIdx } from './idx';

/** A hand-written 2×2×2 image IDX file: magic 00 00 08 03, dims 2,2,2, then 8 pixels. */
const HAND_WRITTEN = Uint8Array.from([0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 2, 1, 2, 3, 4, 5, 6, 7, 255]);

describe('parseIdx', () => {
  it('reads a hand-written file', () => {
    const { dims, data } = parseIdx(HAND_WRITTEN, 'x.idx');
    expect(dims).toEqual([2, 2, 2]);
    expect(Array.from(data)).toEqual([1, 2, 3, 4, 5, 6, 7, 255]);
  });

  it('encodeIdx writes exactly the hand-written bytes and round-trips labels', () => {
    expect(Array.from(encodeIdx([2, 2, 2], Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 255])))).toEqual(Array.from(HAND_WRITTEN));
    const labels = Uint8Array.from([7, 2, 1, 0, 4]);
    const encoded = encodeIdx([5], labels);
    expect(Array.from(encoded.subarray(0, 8))).toEqual([0, 0, 8, 1, 0, 0, 0, 5]);
    expect(parseIdx(encoded, 'l.idx')).toEqual({ dims: [5], data: labels });
  });

  it('rejects a truncated file naming the file and the sizes', () => {
    const encoded = encodeIdx([10000, 28, 28], new Uint8Array(10000 * 784));
    const cut = encoded.subarray(0, 16 + 1234);
    expect(() => parseIdx(cut, 'test-images.idx.gz')).toThrow(DataError);
    expect(() => parseIdx(cut, 'test-images.idx.gz')).toThrow(
      'test-images.idx.gz is truncated: expected 7,840,000 bytes of image data, got 1,234.',
    );
  });

  it('rejects a header cut short', () => {
    expect(() => parseIdx(HAND_WRITTEN.subarray(0, 10), 'a.idx')).toThrow(/a\.idx is truncated: expected a 16-byte header/);
    expect(() => parseIdx(HAND_WRITTEN.subarray(0, 2), 'a.idx')).toThrow(/a\.idx is too short/);
  });

  it('rejects bad magic, a non-byte type and trailing garbage', () => {
    const html = new TextEncoder().encode('<!doctype html><html>');
    expect(() => parseIdx(html, 'b.idx')).toThrow(/b\.idx is not an IDX file \(bad magic number 3c 21 64 6f\)/);
    const floats = HAND_WRITTEN.slice();
    floats[2] = 0x0d;
    expect(() => parseIdx(floats, 'c.idx')).toThrow(/c\.idx has IDX data type 0xd/);
    const padded = new Uint8Array(HAND_WRITTEN.length + 3);
    padded.set(HAND_WRITTEN);
    expect(() => parseIdx(padded, 'd.idx')).toThrow(/d\.idx has 3 bytes of trailing garbage/);
  });
});
