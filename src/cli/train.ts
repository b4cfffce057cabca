import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { loadDataset, TrainingPool } from '../ml/data';
import { fileFetch, localDataBaseUrl } from '../ml/data/nodeFetch';
import { MlpVae } from '../ml/models/vae';
import { evaluateTestSet } from '../ml/training/evaluate';
import { Trainer } from '../ml/training/trainer';
import { parseCliOptions, USAGE, type CliOptions } from './options';

const CHUNK_STEPS = 50;

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
  const model = new MlpVae({ inputSize: 784, hiddenUnits: options.hiddenUnits, latentDim: options.latentDim, seed: options.seed });
  const trainer = new Trainer(model, { beta: options.beta, learningRate: options.learningRate, batchSize: options.batchSize }, options.seed);
  const stepsPerEpoch = Math.ceil(trainCount / options.batchSize);
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    const started = performance.now();
    for (let done = 0; done < stepsPerEpoch; ) {
      const count = Math.min(CHUNK_STEPS, stepsPerEpoch - done);
      const result = await trainer.trainChunk(count, (batchSize) => pool.nextBatch(batchSize));
      if (result.divergence) throw new Error(`Training diverged at step ${result.divergence.badStep} (loss NaN or ∞); lower --lr.`);
      done += count;
    }
    const seconds = (performance.now() - started) / 1000;
    const terms = await evaluateTestSet(model, test.images, test.count, { seed: options.seed + epoch });
    const line = {
      epoch,
      test_neg_elbo: round(terms.negElboNats),
      test_rec: round(terms.recNats),
      test_kl: round(terms.klNats),
      train_samples_per_s: Math.round((stepsPerEpoch * options.batchSize) / seconds),
    };
    process.stdout.write(`${JSON.stringify(line)}\n`);
  }
  trainer.dispose();
  model.dispose();
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
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
