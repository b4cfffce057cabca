/**
 * Where a training step of the conv models goes, kernel by kernel, on the wasm backend in Node (single-threaded
 * SIMD, like the browser worker without cross-origin isolation). Run: `npm run bench:conv:profile [-- vqvae|vae]
 * [--kernels 30]`. Prints per model the Trainer's wall time per step (no profiling) and a table of kernel time by
 * phase and kernel group (tests/bench/convProfile.ts); `bench:conv -- --profile` does the same in Chromium.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { parseArgs } from 'node:util';
import { createModel } from '../../src/ml/models/createModel';
import { Trainer } from '../../src/ml/training/trainer';
import { CONV_BENCH_MODELS, type ConvBenchModel, trainingSettingsFor } from './convModels';
import { formatProfile, profileTraining } from './convProfile';
import { mnistImages } from './mnistNode';

const PROFILED_STEPS = 20;
const IMAGE_COUNT = 20_000;

async function wallMsPerStep(which: ConvBenchModel, batchAt: (k: number) => Float32Array): Promise<number> {
  const { spec } = CONV_BENCH_MODELS[which];
  const model = createModel(spec);
  const trainer = new Trainer(model, trainingSettingsFor(which), spec.seed);
  let served = 0;
  await trainer.trainChunk(5, () => batchAt(served++));
  const perStep: number[] = [];
  for (let round = 0; round < 5; round++) {
    const started = performance.now();
    await trainer.trainChunk(10, () => batchAt(served++));
    perStep.push((performance.now() - started) / 10);
  }
  trainer.dispose();
  model.dispose();
  return perStep.sort((a, b) => a - b)[2];
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { kernels: { type: 'string', default: '0' } } });
const requested = positionals.filter((arg): arg is ConvBenchModel => arg in CONV_BENCH_MODELS);
if (!(await tf.setBackend('wasm')) || tf.getBackend() !== 'wasm') throw new Error('the wasm backend did not start');
const images = mnistImages(IMAGE_COUNT);
for (const which of requested.length > 0 ? requested : (Object.keys(CONV_BENCH_MODELS) as ConvBenchModel[])) {
  const { spec, batchSize } = CONV_BENCH_MODELS[which];
  const perPass = Math.floor(IMAGE_COUNT / batchSize);
  const batchAt = (k: number) => images.subarray((k % perPass) * batchSize * 784, ((k % perPass) + 1) * batchSize * 784);
  const wall = await wallMsPerStep(which, batchAt);
  const model = createModel(spec);
  const rows = await profileTraining(model, trainingSettingsFor(which), batchAt, PROFILED_STEPS);
  model.dispose();
  process.stdout.write(`\n${which} (batch ${batchSize}): Trainer ${wall.toFixed(1)} ms/step = ${Math.round((1000 * batchSize) / wall)} samples/s; ${formatProfile(rows, Number(values.kernels))}\n`);
}
