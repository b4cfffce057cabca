import type { DatasetId } from '../ml/data/datasets';
import { architectureMismatch, type ImportedModel } from '../ml/io';
import type { ModelSpec } from '../ml/models/types';
import type { TrainingSettings } from '../ml/training/trainer';
import type { CliOptions } from './options';

/** One training run, whether fresh or continued from a saved model. */
export interface TrainingJob {
  spec: ModelSpec;
  dataset: DatasetId;
  settings: TrainingSettings;
  epochs: number;
  /** Seeds the batch order and the trainer's draws (the spec's seed fixed the initial weights). */
  seed: number;
  /** First N training images (0 = all). */
  trainLimit: number;
  /** First N test images (0 = all). */
  evalImages: number;
  /** IWAE samples per test image (0 = off). */
  iwaeSamples: number;
  /** The saved model to continue from, or null for fresh weights. */
  resume: ImportedModel | null;
}

/** The model the command line describes. */
export function specFromOptions(options: CliOptions): ModelSpec {
  const { model: kind, network, likelihood, latentDim, hiddenUnits, codebookSize, codeDim, codebookUpdate, seed } = options;
  return { kind, network, likelihood, latentDim, hiddenUnits, codebookSize, codeDim, codebookUpdate, seed };
}

/** The trainer's settings the command line describes. */
export function settingsFromOptions(options: CliOptions): TrainingSettings {
  const { learningRate, batchSize, beta, betaSchedule, lossPreset, commitmentWeight, restartDeadCodes } = options;
  const corruption = { noiseStd: options.noiseStd, blur: options.blur, maskRatio: options.maskRatio, patchSize: options.patchSize };
  return { learningRate, batchSize, beta, betaSchedule, lossPreset, commitmentWeight, corruption, restartDeadCodes };
}

/** Flags that set a part of the architecture, and the spec field each sets. */
const ARCHITECTURE_FLAGS: ReadonlyArray<[string, keyof ModelSpec]> = [
  ['model', 'kind'], ['network', 'network'], ['likelihood', 'likelihood'], ['variance', 'likelihood'], ['hidden', 'hiddenUnits'],
  ['latent', 'latentDim'], ['codebook-size', 'codebookSize'], ['code-dim', 'codeDim'], ['codebook-update', 'codebookUpdate'],
];

/** Flags that set a training setting: a resumed run keeps the saved value of every setting no flag names. */
const SETTING_FLAGS: ReadonlyArray<[string, (settings: TrainingSettings, from: TrainingSettings) => void]> = [
  ['lr', (s, f) => (s.learningRate = f.learningRate)],
  ['batch', (s, f) => (s.batchSize = f.batchSize)],
  ['beta', (s, f) => (s.beta = f.beta)],
  ['beta-schedule', (s, f) => (s.betaSchedule = f.betaSchedule)],
  ['schedule-steps', (s, f) => (s.betaSchedule = f.betaSchedule)],
  ['loss-preset', (s, f) => (s.lossPreset = f.lossPreset)],
  ['commitment', (s, f) => (s.commitmentWeight = f.commitmentWeight)],
  ['no-restarts', (s, f) => (s.restartDeadCodes = f.restartDeadCodes)],
  ['noise-std', (s, f) => (s.corruption.noiseStd = f.corruption.noiseStd)],
  ['blur', (s, f) => (s.corruption.blur = f.corruption.blur)],
  ['mask-ratio', (s, f) => (s.corruption.maskRatio = f.corruption.maskRatio)],
  ['patch-size', (s, f) => (s.corruption.patchSize = f.corruption.patchSize)],
];

/**
 * The run the options ask for. With a saved model (`--load`): its spec, dataset and settings, settings flags on
 * the command line overriding; architecture flags that disagree with the file are refused with the import
 * validation's reason (architectureMismatch), as is another --dataset. Throws an Error whose message says why.
 */
export function planJob(options: CliOptions, resume: ImportedModel | null): TrainingJob {
  const fromFlags = { spec: specFromOptions(options), settings: settingsFromOptions(options) };
  const { epochs, trainLimit, evalImages, iwaeSamples, given } = options;
  let job: TrainingJob = { ...fromFlags, dataset: options.dataset, epochs, seed: options.seed, trainLimit, evalImages, iwaeSamples, resume };
  if (resume) {
    const saved = resume.metadata;
    const expected: ModelSpec = { ...saved.spec };
    for (const [flag, field] of ARCHITECTURE_FLAGS) if (given.has(flag)) Object.assign(expected, { [field]: fromFlags.spec[field] });
    const mismatch = architectureMismatch(saved.spec, expected, "the command line's");
    if (mismatch) throw new Error(`${mismatch} Leave out the architecture flags to continue the saved model as it is.`);
    if (given.has('dataset') && options.dataset !== saved.dataset)
      throw new Error(`The model was trained on ${saved.dataset}; --dataset ${options.dataset} differs.`);
    const settings = structuredClone(saved.training);
    for (const [flag, apply] of SETTING_FLAGS) if (given.has(flag)) apply(settings, fromFlags.settings);
    job = { ...job, spec: saved.spec, dataset: saved.dataset, settings, seed: given.has('seed') ? options.seed : saved.spec.seed };
  }
  if (iwaeSamples > 0 && job.spec.kind !== 'vae') throw new Error(`--iwae needs a VAE; this run trains a ${job.spec.kind}.`);
  return job;
}
