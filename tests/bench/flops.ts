/**
 * The share of the machine's floating-point rate that the app's training reaches: a 1024 × 1024 by 1024 × 1024
 * float32 matMul on wasm, set up as the app's worker sets it up (tests/bench/flops), gives the rate the backend
 * achieves here (median of 9 timed runs after 3 warm-up runs); the default VAE's FLOP per image
 * (src/ml/math/trainingFlops.ts) times the app's samples/s gives the rate training reaches.
 */
import type { Page } from 'playwright-core';
import { weightLayout } from '../../src/ml/io/layout';
import { trainingFlopsPerSample, type DenseLayer } from '../../src/ml/math/trainingFlops';
import type { ModelSpec } from '../../src/ml/models/types';
import { round } from './measure';
import { median } from './platform';
import type { MatMulEvent, StepTiming } from './flops/messages';

/** The dense layers of an MLP spec in order; the first encoder layer reads the data. */
function denseLayers(spec: ModelSpec): DenseLayer[] {
  return weightLayout(spec)
    .filter((slot) => slot.shape.length === 2)
    .map(({ name, shape: [fanIn, fanOut] }) => ({ fanIn, fanOut, inputIsData: name === 'encoder/dense0/kernel' }));
}

/** Opens the matrix-product page and returns its timed runs. */
export async function measureMatMul(page: Page, url: string): Promise<Extract<MatMulEvent, { type: 'done' }>> {
  await page.goto(url);
  const handle = await page.waitForFunction(() => document.getElementById('status')?.dataset.result ?? null, null, { timeout: 120_000, polling: 200 });
  const event = JSON.parse((await handle.jsonValue()) as string) as MatMulEvent;
  if (event.type === 'error') throw new Error(`matMul page: ${event.message}`);
  return event;
}

/** The training step timed alone in the matMul page's worker (no page, snapshots or views): its samples/s, GFLOP/s and share. */
function stepFigures(step: StepTiming, perSample: { required: number; conventional: number }, matMulGflops: number) {
  const stepMs = median(step.chunkStepMs);
  const samplesPerSecond = (step.batchSize * 1000) / stepMs;
  const gflops = (flops: number) => (flops * samplesPerSecond) / 1e9;
  return {
    method: `the app's Trainer on the page's default run, ${step.chunkStepMs.length} chunks of ${step.stepsPerChunk} steps (after ${step.warmUpChunks} warm-up chunks), median per-step time`,
    adam: step.adam,
    stepMs: round(stepMs, 2),
    chunkStepMs: step.chunkStepMs.map((ms) => round(ms, 2)),
    samplesPerSecond: round(samplesPerSecond),
    gflops: { required: round(gflops(perSample.required), 2), conventional: round(gflops(perSample.conventional), 2) },
    shareOfMatMulRate: { required: round(gflops(perSample.required) / matMulGflops, 3), conventional: round(gflops(perSample.conventional) / matMulGflops, 3) },
  };
}

/** The figures: matMul GFLOP/s, the VAE's FLOP per image, training GFLOP/s at `samplesPerSecond`, and the share. */
export function flopsFigures(matMul: Extract<MatMulEvent, { type: 'done' }>, spec: ModelSpec, batchSize: number, samplesPerSecond: number) {
  const matMulFlops = 2 * matMul.size ** 3;
  const medianMs = median(matMul.runsMs);
  const matMulGflops = matMulFlops / (medianMs / 1000) / 1e9;
  const perSample = trainingFlopsPerSample(denseLayers(spec));
  const trainingGflops = (flops: number) => (flops * samplesPerSecond) / 1e9;
  return {
    method:
      'matMul: 2·1024³ FLOP over the median of 9 timed runs (after 3 warm-up runs) on wasm with the app’s thread count; training: the app’s samples/s × matrix-product FLOP per image (forward 2·MACs; backward kernel gradients and the gradients of every input but the data; “conventional” = 3 × forward)',
    matMul: { backend: matMul.backend, threads: matMul.threads, size: matMul.size, medianMs: round(medianMs, 2), runsMs: matMul.runsMs.map((ms) => round(ms, 2)), gflops: round(matMulGflops, 2) },
    model: { ...spec, batchSize, mflopPerSample: { forward: round(perSample.forward / 1e6, 3), required: round(perSample.required / 1e6, 3), conventional: round(perSample.conventional / 1e6, 3) } },
    mflopPerBatch: { required: round((perSample.required * batchSize) / 1e6, 1), conventional: round((perSample.conventional * batchSize) / 1e6, 1) },
    appSamplesPerSecond: samplesPerSecond,
    trainingGflops: { required: round(trainingGflops(perSample.required), 2), conventional: round(trainingGflops(perSample.conventional), 2) },
    shareOfMatMulRate: { required: round(trainingGflops(perSample.required) / matMulGflops, 3), conventional: round(trainingGflops(perSample.conventional) / matMulGflops, 3) },
    trainingStepAlone: stepFigures(matMul.step, perSample, matMulGflops),
  };
}
