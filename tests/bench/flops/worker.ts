/**
 * Times a SIZE × SIZE by SIZE × SIZE float32 matMul on the wasm backend set up exactly as the app's training
 * worker sets it up (src/worker/wasmBackend.ts: the app's .wasm files, one XNNPACK thread per logical core).
 * WARM_UP runs first (module compilation, thread pool start), then RUNS timed runs, each to its result read.
 * Then times the app's training step alone on the same backend: the page's default run (model and settings) and Trainer,
 * uniform random images (the time does not depend on the pixel values), in chunks as the app trains them.
 */
import * as tf from '@tensorflow/tfjs-core';
import { getThreadsCount, type BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import '../../../src/worker/wasmBackend';
import '../../../src/worker/backend';
import { createModel } from '../../../src/ml/models/createModel';
import { Trainer } from '../../../src/ml/training/trainer';
import { simdAdam } from '../../../src/ml/training/wasmAdam';
import { defaultRun, type MatMulEvent, type StepTiming } from './messages';

const SIZE = 1024;
const WARM_UP = 3;
const RUNS = 9;
const STEPS_PER_CHUNK = 10;
const WARM_UP_CHUNKS = 2;
const TIMED_CHUNKS = 8;
async function timeMatMul(): Promise<number[]> {
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
  return runsMs;
}

async function timeTrainingStep(): Promise<StepTiming> {
  const { spec, hyper } = defaultRun();
  const model = createModel(spec);
  const trainer = new Trainer(model, hyper, 1);
  const pixels = model.inputSize;
  const batches = 64;
  const images = Float32Array.from({ length: batches * hyper.batchSize * pixels }, () => Math.random());
  let served = 0;
  const nextBatch = (size: number) => {
    const k = served++ % batches;
    return images.subarray(k * size * pixels, (k + 1) * size * pixels);
  };
  const chunkStepMs: number[] = [];
  for (let chunk = 0; chunk < WARM_UP_CHUNKS + TIMED_CHUNKS; chunk++) {
    const started = performance.now();
    await trainer.trainChunk(STEPS_PER_CHUNK, nextBatch);
    if (chunk >= WARM_UP_CHUNKS) chunkStepMs.push((performance.now() - started) / STEPS_PER_CHUNK);
  }
  trainer.dispose();
  model.dispose();
  const adam = simdAdam(tf.backend() as BackendWasm) ? 'SIMD kernel' : 'JavaScript loop';
  return { batchSize: hyper.batchSize, adam, stepsPerChunk: STEPS_PER_CHUNK, warmUpChunks: WARM_UP_CHUNKS, chunkStepMs };
}

async function measure(): Promise<MatMulEvent> {
  await tf.setBackend('wasm');
  await tf.ready();
  const runsMs = await timeMatMul();
  const step = await timeTrainingStep();
  return { type: 'done', backend: tf.getBackend(), threads: getThreadsCount(), size: SIZE, runsMs, step };
}

measure().then(
  (event) => postMessage(event),
  (error: unknown) => postMessage({ type: 'error', message: String(error) } satisfies MatMulEvent),
);
