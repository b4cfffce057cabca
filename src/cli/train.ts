import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import '../ml/nodeRuntime';
import { exportModel, importModel, readOptimizerState, type ImportedModel } from '../ml/io';
import { modelFilesAt, writeModel } from './modelFiles';
import { runRefusal } from './limits';
import { describeError } from '../ml/describeError';
import { parseCliOptions, USAGE, type CliOptions } from './options';
import { planJob, type TrainingJob } from './plan';
import { loadLocalData, runJob } from './run';

/** Stops with a message on stderr (exit code 2: the command line asked for something that cannot be done). */
function refuse(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

/** The saved model at `path`, or a refusal with the import's reason. */
async function loadSaved(path: string): Promise<ImportedModel> {
  const files = await modelFilesAt(path).catch((error: unknown) => refuse(`Cannot load ${path}: ${describeError(error)}`));
  const result = await importModel(files);
  return result.ok ? result.model : refuse(`Cannot load ${path}: ${result.reason}`);
}

/** Trains with the same ml core as the browser and prints one JSON object per epoch; saves after each with --save. */
async function main(options: CliOptions): Promise<void> {
  const ok = (await tf.setBackend(options.backend)) && tf.getBackend() === options.backend;
  if (!ok) {
    process.stderr.write(`The ${options.backend} backend could not start; falling back to cpu.\n`);
    await tf.setBackend('cpu');
  }
  const resume = options.loadPath ? await loadSaved(options.loadPath) : null;
  let job: TrainingJob;
  try {
    job = planJob(options, resume);
  } catch (error) {
    refuse(`${options.loadPath ? `Cannot continue ${options.loadPath}: ` : ''}${describeError(error)}`);
  }
  const data = await loadLocalData(job.dataset);
  const usedImages = job.trainLimit > 0 ? Math.min(job.trainLimit, data.train.count) : data.train.count;
  const tooLarge = runRefusal({ spec: job.spec, batchSize: job.settings.batchSize, saving: options.savePath !== null, usedImages, datasetImages: data.train.count });
  if (tooLarge) refuse(tooLarge);
  const earlier = resume?.metadata.evaluations;
  const evaluations: unknown[] = Array.isArray(earlier) ? [...earlier] : [];
  const { model, trainer } = await runJob(job, data, async ({ line, model, trainer }) => {
    process.stdout.write(`${JSON.stringify(line)}\n`);
    if (!options.savePath) return;
    evaluations.push(line);
    const { step, samplesSeen, trainingSettings: training } = trainer;
    const artifacts = await exportModel(model, { dataset: job.dataset, training, step, samplesSeen, optimizer: await readOptimizerState(trainer), evaluations });
    await writeModel(options.savePath, artifacts);
  });
  trainer.dispose();
  model.dispose();
}

if (process.argv.includes('--help')) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
let options: CliOptions;
try {
  options = parseCliOptions(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`${describeError(error)}\n\n${USAGE}\n`);
  process.exit(2);
}
main(options).catch((error: unknown) => {
  process.stderr.write(`${describeError(error)}\n`);
  process.exit(1);
});
