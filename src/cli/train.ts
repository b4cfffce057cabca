import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import '../ml/nodeRuntime';
import { loadDataset, TrainingPool } from '../ml/data';
import { fileFetch, localDataBaseUrl } from '../ml/data/nodeFetch';
import { createModel } from '../ml/models/createModel';
import { measureCodeUsage } from '../ml/training/codeUsage';
import { evaluateTestSet } from '../ml/training/evaluate';
import { Trainer, type ChunkResult, type TrainingSettings } from '../ml/training/trainer';
import { parseCliOptions, USAGE, type CliOptions } from './options';

const CHUNK_STEPS = 50;

/** The trainer's settings for the command line's options. */
function trainingSettings(options: CliOptions): TrainingSettings {
  const { learningRate, batchSize, beta, betaSchedule, commitmentWeight, restartDeadCodes } = options;
  const corruption = { noiseStd: options.noiseStd, blur: options.blur, maskRatio: options.maskRatio, patchSize: options.patchSize };
  return { learningRate, batchSize, beta, betaSchedule, lossPreset: 'both', commitmentWeight, corruption, restartDeadCodes };
}

/** Trains with the same ml core as the browser and prints one JSON object per epoch. */
async function main(options: CliOptions): Promise<void> {
  const ok = (await tf.setBackend(options.backend)) && tf.getBackend() === options.backend;
  if (!ok) {
    process.stderr.write(`The ${options.backend} backend could not start; falling back to cpu.\n`);
    await tf.setBackend('cpu');
  }
  const load = loadDataset({ baseUrl: localDataBaseUrl(), dataset: options.dataset, fetchImpl: fileFetch });
  const [test, train] = await Promise.all([load.test, load.train]);
  const trainCount = options.trainLimit > 0 ? Math.min(options.trainLimit, train.count) : train.count;
  const pool = new TrainingPool(options.seed);
  pool.add({ images: train.images.subarray(0, trainCount * 784), labels: train.labels.subarray(0, trainCount), count: trainCount });
  const { model: kind, network, likelihood, latentDim, hiddenUnits, codebookSize, codeDim, codebookUpdate, seed } = options;
  const model = createModel({ kind, network, likelihood, latentDim, hiddenUnits, codebookSize, codeDim, codebookUpdate, seed });
  const settings = trainingSettings(options);
  const trainer = new Trainer(model, settings, seed);
  const stepsPerEpoch = Math.ceil(trainCount / options.batchSize);
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    const started = performance.now();
    for (let done = 0; done < stepsPerEpoch; ) {
      const count = Math.min(CHUNK_STEPS, stepsPerEpoch - done);
      const result = await trainer.trainChunk(count, (batchSize) => pool.nextBatch(batchSize));
      if (result.divergence) throw new Error(`Training diverged at step ${result.divergence.badStep} (${divergenceText(result.divergence)}); lower --lr.`);
      done += count;
    }
    const seconds = (performance.now() - started) / 1000;
    const scores = await evaluateTestSet(model, test.images, test.count, { corruption: settings.corruption, seed: seed + epoch });
    const { terms } = scores;
    const line: Record<string, number> = { epoch };
    for (const [name, value] of Object.entries(terms)) line[`test_${name}`] = round(value);
    if (kind === 'vae') line.test_neg_elbo = round((terms.rec ?? 0) + (terms.kl ?? 0));
    line.test_bits_per_dim = round(scores.bitsPerDim);
    const codeUsage = await measureCodeUsage(model, test.images, test.count);
    if (codeUsage) {
      line.test_codes_used = codeUsage.codesUsed;
      line.test_perplexity = round(codeUsage.perplexity);
    }
    line.train_samples_per_s = Math.round((stepsPerEpoch * options.batchSize) / seconds);
    process.stdout.write(`${JSON.stringify(line)}\n`);
  }
  trainer.dispose();
  model.dispose();
}

/** What the bad step's loss did, in words. */
function divergenceText({ reason, loss, limit }: NonNullable<ChunkResult['divergence']>): string {
  return reason === 'nonFinite' ? `loss ${loss}` : `loss ${loss.toExponential(2)} above its recent range, limit ${limit.toExponential(2)}`;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

if (process.argv.includes('--help')) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
let options: CliOptions;
try {
  options = parseCliOptions(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}\n`);
  process.exit(2);
}
main(options).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
