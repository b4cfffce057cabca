/**
 * One benchmark variant (on wasm unless asked otherwise): the app's model trained by its Trainer in adaptive
 * chunks (as the lab's session does: ~120 ms per chunk, one read per chunk), or the plain tfjs-layers baseline
 * with a read per step. Both take the same MNIST batches in the same order. The `src/` imports are swapped for
 * an older commit's in the "before" build (tests/bench/convBuild.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { createModel } from '../../../src/ml/models/createModel';
import { Trainer } from '../../../src/ml/training/trainer';
import { CONV_BENCH_MODELS, type ConvBenchModel, trainingSettingsFor } from '../convModels';
import { profileTraining, profileWholeSteps } from '../convProfile';
import { createPlainConv } from '../plainConv';
import { registerWasmConv2dFilterGradient } from '../wasmFilterGradientShim';
import type { ConvBenchReply, ConvBenchRequest, ConvRun } from './messages';

const PIXELS = 784;
/** The lab's session aims for chunks of about this long (src/worker/session.ts). */
const TARGET_CHUNK_MS = 120;

interface Runner {
  run(seconds: number): Promise<ConvRun>;
  /** Profiles a fresh copy of the model, so the timed one trains on undisturbed. */
  profile(steps: number): Promise<ConvBenchReply>;
}

function post(reply: ConvBenchReply): void {
  postMessage(reply);
}

/** Cycles through the images batch by batch → a view of batchSize × 784 floats. */
function batches(images: Float32Array, batchSize: number): () => Float32Array {
  const perPass = Math.floor(images.length / PIXELS / batchSize);
  let next = 0;
  return () => {
    const start = (next++ % perPass) * batchSize * PIXELS;
    return images.subarray(start, start + batchSize * PIXELS);
  };
}

function appRunner(model: ConvBenchModel, images: Float32Array): Runner {
  const { spec, batchSize } = CONV_BENCH_MODELS[model];
  const trainer = new Trainer(createModel(spec), trainingSettingsFor(model), spec.seed);
  const nextBatch = batches(images, batchSize);
  let chunkSize = 1;
  const run = async (seconds: number): Promise<ConvRun> => {
    const started = performance.now();
    let steps = 0;
    let lastLoss = Number.NaN;
    while (performance.now() - started < seconds * 1000) {
      const chunkStarted = performance.now();
      const result = await trainer.trainChunk(chunkSize, nextBatch);
      if (result.divergence) throw new Error(`the app's ${model} diverged at step ${result.divergence.badStep}`);
      steps += result.steps.length;
      lastLoss = result.values.reduce((sum, values) => sum + values[values.length - 1], 0);
      const elapsed = performance.now() - chunkStarted;
      chunkSize = Math.max(1, Math.min(64, Math.round((chunkSize * TARGET_CHUNK_MS) / Math.max(1, elapsed))));
    }
    return { steps, samples: steps * batchSize, ms: performance.now() - started, lastLoss };
  };
  const profile = async (steps: number): Promise<ConvBenchReply> => {
    const copy = createModel(spec);
    const rows = await profileTraining(copy, trainingSettingsFor(model), batches(images, batchSize), steps);
    copy.dispose();
    return { type: 'profiled', rows };
  };
  return { run, profile };
}

function plainRunner(model: ConvBenchModel, images: Float32Array): Runner {
  const { batchSize } = CONV_BENCH_MODELS[model];
  registerWasmConv2dFilterGradient();
  const plain = createPlainConv(model, batchSize);
  const nextBatch = batches(images, batchSize);
  const run = async (seconds: number): Promise<ConvRun> => {
    const started = performance.now();
    let steps = 0;
    let lastLoss = Number.NaN;
    while (performance.now() - started < seconds * 1000) {
      lastLoss = plain.step(nextBatch());
      steps++;
    }
    return { steps, samples: steps * batchSize, ms: performance.now() - started, lastLoss };
  };
  const profile = async (steps: number): Promise<ConvBenchReply> => {
    const copy = createPlainConv(model, batchSize);
    const rows = await profileWholeSteps(() => copy.step(nextBatch()), steps);
    copy.dispose();
    return { type: 'profiled', rows };
  };
  return { run, profile };
}

async function start(request: Extract<ConvBenchRequest, { type: 'start' }>): Promise<Runner> {
  setWasmPaths({
    'tfjs-backend-wasm.wasm': wasmUrl,
    'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
    'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimdUrl,
  });
  if (request.backend === 'webgl') tf.env().set('SOFTWARE_WEBGL_ENABLED', true);
  if (!(await tf.setBackend(request.backend)) || tf.getBackend() !== request.backend) throw new Error(`the ${request.backend} backend did not start`);
  const response = await fetch(request.dataUrl);
  if (!response.ok) throw new Error(`${request.dataUrl}: HTTP ${response.status}`);
  const images = Float32Array.from(new Uint8Array(await response.arrayBuffer()), (value) => value / 255);
  const runner = request.variant === 'app' ? appRunner(request.model, images) : plainRunner(request.model, images);
  const wasmThreads = request.backend === 'wasm' ? getThreadsCount() : null;
  post({ type: 'ready', backend: tf.getBackend(), wasmThreads, crossOriginIsolated: self.crossOriginIsolated });
  return runner;
}

let runner: Promise<Runner> | null = null;
onmessage = (event: MessageEvent<ConvBenchRequest>) => {
  const request = event.data;
  const fail = (error: unknown) => post({ type: 'error', message: String(error) });
  switch (request.type) {
    case 'start':
      runner = start(request);
      runner.catch(fail);
      break;
    case 'run':
      if (!runner) return fail('run before start');
      runner.then((r) => r.run(request.seconds)).then((result) => post({ type: 'ran', ...result }), fail);
      break;
    case 'profile':
      if (!runner) return fail('profile before start');
      runner.then((r) => r.profile(request.steps)).then(post, fail);
      break;
    default: {
      const unknown: never = request;
      fail(`unknown request ${JSON.stringify(unknown)}`);
    }
  }
};
