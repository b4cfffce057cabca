import { parseArgs } from 'node:util';

export type CliModel = 'vae';
export type CliDataset = 'mnist' | 'fashion';
export type CliBackend = 'wasm' | 'cpu';

/** Everything one CLI training run needs. */
export interface CliOptions {
  model: CliModel;
  dataset: CliDataset;
  hiddenUnits: number;
  latentDim: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  beta: number;
  seed: number;
  backend: CliBackend;
  /** Use only the first N training images (quick runs and tests); 0 = all. */
  trainLimit: number;
}

export const USAGE = `Usage: npm run train -- [options]
  --model vae            model family
  --dataset mnist        mnist | fashion
  --hidden 400           hidden units
  --latent 20            latent dimension
  --epochs 10            passes over the training set
  --batch 128            batch size
  --lr 1e-3              Adam learning rate
  --beta 1               weight of the KL term
  --seed 1               seed for weights, shuffling and noise
  --backend wasm         wasm | cpu
  --train-limit 0        use only the first N training images (0 = all)`;

/** A positive number, or an error that names the flag. */
function positive(flag: string, text: string, integer: boolean): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new Error(`--${flag} must be a positive ${integer ? 'whole ' : ''}number, got "${text}"`);
  }
  return value;
}

/** One of `allowed`, or an error listing them. */
function oneOf<T extends string>(flag: string, text: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(text)) throw new Error(`--${flag} must be one of ${allowed.join(', ')}, got "${text}"`);
  return text as T;
}

/** Parses argv (without node and script) into options; throws with a readable message. */
export function parseCliOptions(argv: string[]): CliOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      model: { type: 'string', default: 'vae' },
      dataset: { type: 'string', default: 'mnist' },
      hidden: { type: 'string', default: '400' },
      latent: { type: 'string', default: '20' },
      epochs: { type: 'string', default: '10' },
      batch: { type: 'string', default: '128' },
      lr: { type: 'string', default: '1e-3' },
      beta: { type: 'string', default: '1' },
      seed: { type: 'string', default: '1' },
      backend: { type: 'string', default: 'wasm' },
      'train-limit': { type: 'string', default: '0' },
    },
  });
  const beta = Number(values.beta);
  if (!Number.isFinite(beta) || beta < 0) throw new Error(`--beta must be a number ≥ 0, got "${values.beta}"`);
  const trainLimit = Number(values['train-limit']);
  if (!Number.isInteger(trainLimit) || trainLimit < 0) throw new Error(`--train-limit must be a whole number ≥ 0, got "${values['train-limit']}"`);
  return {
    model: oneOf('model', values.model, ['vae'] as const),
    dataset: oneOf('dataset', values.dataset, ['mnist', 'fashion'] as const),
    hiddenUnits: positive('hidden', values.hidden, true),
    latentDim: positive('latent', values.latent, true),
    epochs: positive('epochs', values.epochs, true),
    batchSize: positive('batch', values.batch, true),
    learningRate: positive('lr', values.lr, false),
    beta,
    seed: Number.isInteger(Number(values.seed)) ? Number(values.seed) : 1,
    backend: oneOf('backend', values.backend, ['wasm', 'cpu'] as const),
    trainLimit,
  };
}
