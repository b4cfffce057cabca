/**
 * Times a SIZE × SIZE by SIZE × SIZE float32 matMul on the wasm backend set up exactly as the app's training
 * worker sets it up (src/worker/wasmBackend.ts: the app's .wasm files, one XNNPACK thread per logical core).
 * WARM_UP runs first (module compilation, thread pool start), then RUNS timed runs, each to its result read.
 */
import * as tf from '@tensorflow/tfjs-core';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import '../../../src/worker/wasmBackend';
import type { MatMulEvent } from './messages';

const SIZE = 1024;
const WARM_UP = 3;
const RUNS = 9;

async function measure(): Promise<MatMulEvent> {
  await tf.setBackend('wasm');
  await tf.ready();
  const a = tf.randomUniform([SIZE, SIZE], -1, 1, 'float32', 1);
  const b = tf.randomUniform([SIZE, SIZE], -1, 1, 'float32', 2);
  const runsMs: number[] = [];
  for (let run = 0; run < WARM_UP + RUNS; run++) {
    const started = performance.now();
    const product = tf.matMul(a, b);
    await product.data();
    const elapsed = performance.now() - started;
    product.dispose();
    if (run >= WARM_UP) runsMs.push(elapsed);
  }
  tf.dispose([a, b]);
  return { type: 'done', backend: tf.getBackend(), threads: getThreadsCount(), size: SIZE, runsMs };
}

measure().then(
  (event) => postMessage(event),
  (error: unknown) => postMessage({ type: 'error', message: String(error) } satisfies MatMulEvent),
);
