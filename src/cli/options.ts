import { parseArgs } from 'node:util';
import { DATASET_IDS, type DatasetId } from '../ml/data/datasets';
import { MODEL_FAMILIES, MODEL_KINDS, NETWORK_KINDS } from '../ml/models/family';
import { DEFAULT_CODEBOOK_UPDATE, type CodebookUpdate, type Likelihood, type ModelKind, type NetworkKind } from '../ml/models/types';
import type { BetaSchedule, LossPreset } from '../ml/training/schedules';

export type CliBackend = 'wasm' | 'cpu';

/** Everything one CLI training run needs. */
export interface CliOptions {
  model: ModelKind;
  dataset: DatasetId;
  network: NetworkKind;
  likelihood: Likelihood;
  hiddenUnits: number;
  latentDim: number;
  codebookSize: number;
  codeDim: number;
  codebookUpdate: CodebookUpdate;
  epochs: number;
  batchSize: number;
  learningRate: number;
  beta: number;
  betaSchedule: BetaSchedule;
  lossPreset: LossPreset;
  commitmentWeight: number;
  noiseStd: number;
  blur: boolean;
  maskRatio: number;
  patchSize: number;
  restartDeadCodes: boolean;
  seed: number;
  backend: CliBackend;
  /** Use only the first N training images (quick runs and tests); 0 = all. */
  trainLimit: number;
  /** Evaluate on the first N test images; 0 = all. */
  evalImages: number;
  /** IWAE samples per test image for test_nll_iwae (VAE only); 0 = off. */
  iwaeSamples: number;
  /** Write the model after every epoch: a folder (model.json + weights.bin) or a .vaelab file. */
  savePath: string | null;
  /** Continue from a saved model: a folder with model.json + weights.bin, or a .vaelab file. */
  loadPath: string | null;
  /** The flags written on the command line (without --), to tell a choice from a default. */
  given: ReadonlySet<string>;
}

export const USAGE = `Usage: npm run train -- [options]
  --model vae              ae | dae | mae | vae | vqvae
  --dataset mnist          mnist | fashion
  --network mlp            mlp | conv (vqvae is always conv)
  --likelihood bernoulli   bernoulli | cbernoulli (continuous Bernoulli) | gaussian (then --variance 0.1)
  --hidden 400             MLP hidden units
  --latent 20              code size (ae/dae/mae/vae; may exceed 784 for an over-complete ae)
  --codebook-size 64       vqvae: number of codes K
  --code-dim 16            vqvae: code dimension D
  ${`--codebook-update ${DEFAULT_CODEBOOK_UPDATE}`.padEnd(24)} vqvae: ema (moving averages of assigned vectors) | gradient (Adam)
  --commitment 0.25        vqvae: commitment weight β_c
  --no-restarts            vqvae: do not restart dead codes
  --noise-std 0.5          dae: Gaussian noise σ (add --blur for a 3×3 blur)
  --mask-ratio 0.5         mae: share of patches hidden (--patch-size 4)
  --beta 1                 KL weight (vae)
  --beta-schedule constant constant | warmup | cyclical (--schedule-steps 2000)
  --loss-preset both       both | reconstruction (rec only) | kl (KL only), vae
  --epochs 10  --batch 128  --lr 1e-3  --seed 1
  --backend wasm           wasm | cpu
  --train-limit 0          use only the first N training images (0 = all)
  --eval-images 0          evaluate on the first N test images (0 = all)
  --iwae 0                 vae: add test_nll_iwae, −log p(x) by importance sampling with K samples per image
  --save DIR               after every epoch write the model (with Adam's state) to DIR/model.json + weights.bin,
                           or to one file if DIR ends in .vaelab
  --load DIR               continue from a saved model (folder or .vaelab file): its architecture, dataset and
                           settings unless flags say otherwise; flags that change the architecture are refused`;

/** A number within [min, max] (integers only when asked), or an error that names the flag. */
function numberIn(flag: string, text: string, min: number, max: number, integer = false, exclusiveMin = false): number {
  const value = Number(text);
  const tooSmall = exclusiveMin ? value <= min : value < min;
  if (!Number.isFinite(value) || tooSmall || value > max || (integer && !Number.isInteger(value))) {
    const kind = integer ? 'whole number' : 'number';
    throw new Error(`--${flag} must be a ${kind} ${exclusiveMin ? `> ${min}` : `≥ ${min}`}${Number.isFinite(max) ? ` and ≤ ${max}` : ''}, got "${text}"`);
  }
  return value;
}

/** One of `allowed`, or an error listing them. */
function oneOf<T extends string>(flag: string, text: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(text)) throw new Error(`--${flag} must be one of ${allowed.join(', ')}, got "${text}"`);
  return text as T;
}

const FLAGS = {
  model: { type: 'string', default: 'vae' },
  dataset: { type: 'string', default: 'mnist' },
  network: { type: 'string' },
  likelihood: { type: 'string', default: 'bernoulli' },
  variance: { type: 'string', default: '0.1' },
  hidden: { type: 'string', default: '400' },
  latent: { type: 'string', default: '20' },
  'codebook-size': { type: 'string', default: '64' },
  'code-dim': { type: 'string', default: '16' },
  'codebook-update': { type: 'string', default: DEFAULT_CODEBOOK_UPDATE },
  commitment: { type: 'string', default: '0.25' },
  'no-restarts': { type: 'boolean', default: false },
  'noise-std': { type: 'string', default: '0.5' },
  blur: { type: 'boolean', default: false },
  'mask-ratio': { type: 'string', default: '0.5' },
  'patch-size': { type: 'string', default: '4' },
  epochs: { type: 'string', default: '10' },
  batch: { type: 'string', default: '128' },
  lr: { type: 'string', default: '1e-3' },
  beta: { type: 'string', default: '1' },
  'beta-schedule': { type: 'string', default: 'constant' },
  'schedule-steps': { type: 'string', default: '2000' },
  seed: { type: 'string', default: '1' },
  backend: { type: 'string', default: 'wasm' },
  'train-limit': { type: 'string', default: '0' },
  'loss-preset': { type: 'string', default: 'both' },
  'eval-images': { type: 'string', default: '0' },
  iwae: { type: 'string', default: '0' },
  save: { type: 'string' },
  load: { type: 'string' },
} as const;

/** The β schedule named on the command line. */
function scheduleFrom(kind: string, stepsText: string): BetaSchedule {
  const name = oneOf('beta-schedule', kind, ['constant', 'warmup', 'cyclical'] as const);
  const steps = numberIn('schedule-steps', stepsText, 1, Infinity, true);
  if (name === 'warmup') return { kind: 'warmup', steps };
  if (name === 'cyclical') return { kind: 'cyclical', period: steps, rampFraction: 0.5 };
  return { kind: 'constant' };
}

/** The likelihood named on the command line (`cbernoulli` is the continuous Bernoulli). */
function likelihoodFrom(kind: 'bernoulli' | 'cbernoulli' | 'gaussian', varianceText: string): Likelihood {
  if (kind === 'gaussian') return { kind: 'gaussian', variance: numberIn('variance', varianceText, 0, Infinity, false, true) };
  return kind === 'cbernoulli' ? { kind: 'continuousBernoulli' } : { kind: 'bernoulli' };
}

/** Parses argv (without node and script) into options; throws with a readable message. */
export function parseCliOptions(argv: string[]): CliOptions {
  const { values, tokens } = parseArgs({ args: argv, strict: true, options: FLAGS, tokens: true });
  const given = new Set(tokens.flatMap((token) => (token.kind === 'option' ? [token.name] : [])));
  const model = oneOf('model', values.model, MODEL_KINDS);
  const likelihoodKind = oneOf('likelihood', values.likelihood, ['bernoulli', 'cbernoulli', 'gaussian'] as const);
  const family = MODEL_FAMILIES[model];
  const network = family.latent === 'codebook' ? family.defaultNetwork : oneOf('network', values.network ?? family.defaultNetwork, NETWORK_KINDS);
  return {
    model,
    dataset: oneOf('dataset', values.dataset, DATASET_IDS),
    network,
    likelihood: likelihoodFrom(likelihoodKind, values.variance),
    hiddenUnits: numberIn('hidden', values.hidden, 1, Infinity, true),
    latentDim: numberIn('latent', values.latent, 1, 4096, true),
    codebookSize: numberIn('codebook-size', values['codebook-size'], 2, 4096, true),
    codeDim: numberIn('code-dim', values['code-dim'], 1, 256, true),
    codebookUpdate: oneOf('codebook-update', values['codebook-update'], ['ema', 'gradient'] as const),
    commitmentWeight: numberIn('commitment', values.commitment, 0, Infinity),
    restartDeadCodes: !values['no-restarts'],
    noiseStd: numberIn('noise-std', values['noise-std'], 0, 10),
    blur: values.blur,
    maskRatio: numberIn('mask-ratio', values['mask-ratio'], 0, 0.95),
    patchSize: Number(oneOf('patch-size', values['patch-size'], ['2', '4', '7'] as const)),
    epochs: numberIn('epochs', values.epochs, 1, 10_000, true),
    batchSize: numberIn('batch', values.batch, 1, Infinity, true),
    learningRate: numberIn('lr', values.lr, 0, 10, false, true),
    beta: numberIn('beta', values.beta, 0, Infinity),
    betaSchedule: scheduleFrom(values['beta-schedule'], values['schedule-steps']),
    lossPreset: oneOf('loss-preset', values['loss-preset'], ['both', 'reconstruction', 'kl'] as const),
    seed: numberIn('seed', values.seed, 0, 2 ** 31, true),
    backend: oneOf('backend', values.backend, ['wasm', 'cpu'] as const),
    trainLimit: numberIn('train-limit', values['train-limit'], 0, Infinity, true),
    evalImages: numberIn('eval-images', values['eval-images'], 0, Infinity, true),
    iwaeSamples: numberIn('iwae', values.iwae, 0, 100_000, true),
    savePath: values.save ?? null,
    loadPath: values.load ?? null,
    given,
  };
}
