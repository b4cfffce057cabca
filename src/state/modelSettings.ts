/**
 * Each model's own settings (network, likelihood, its hyper-parameters), their defaults per model, the
 * choices the page offers, and the checks that keep impossible combinations out of the worker.
 */
import { IMAGE_SIDE } from '../worker/protocol';
import type { ArchitectureSettings, HyperSettings, LossPreset, ModelKind, NetworkKind } from '../worker/protocol';
import { flag, oneOf, ranged } from './properties';
import type { Property } from './properties';

export type LikelihoodKind = 'bernoulli' | 'gaussian';
export type ScheduleKind = 'constant' | 'warmup' | 'cyclical';

/** One model's settings, flat so each field has one query key. */
export interface ModelSettings {
  network: NetworkKind;
  likelihood: LikelihoodKind;
  /** σ² of the Gaussian likelihood (used when likelihood is gaussian). */
  variance: number;
  latentDim: number;
  hiddenUnits: number;
  codebookSize: number;
  codeDim: number;
  beta: number;
  schedule: ScheduleKind;
  warmupSteps: number;
  cyclePeriod: number;
  lossPreset: LossPreset;
  learningRate: number;
  batchSize: number;
  commitmentWeight: number;
  restartDeadCodes: boolean;
  noiseStd: number;
  blur: boolean;
  maskRatio: number;
  patchSize: number;
}

export type ModelSettingName = keyof ModelSettings;

export const MODEL_KINDS: readonly ModelKind[] = ['ae', 'dae', 'mae', 'vae', 'vqvae'];
export const MODEL_TITLES: Record<ModelKind, string> = {
  ae: 'Autoencoder',
  dae: 'Denoising autoencoder',
  mae: 'Masked autoencoder',
  vae: 'VAE / β-VAE',
  vqvae: 'VQ-VAE',
};
export const NETWORK_KINDS: readonly NetworkKind[] = ['mlp', 'conv'];
export const NETWORK_TITLES: Record<NetworkKind, string> = { mlp: 'MLP', conv: 'Convolutional' };
export const LIKELIHOOD_KINDS: readonly LikelihoodKind[] = ['bernoulli', 'gaussian'];
export const LIKELIHOOD_TITLES: Record<LikelihoodKind, string> = { bernoulli: 'Bernoulli (BCE)', gaussian: 'Gaussian (MSE)' };
export const VARIANCES = [1, 0.5, 0.1, 0.05, 0.01] as const;
export const LEARNING_RATES = [1, 0.1, 0.01, 0.003, 0.001, 0.0003, 0.0001] as const;
/** The over-complete code offered to the plain AE: larger than the 784-pixel image. */
export const OVERCOMPLETE_DIM = 1024;
export const LATENT_DIMS = [2, 8, 16, 32] as const;
const AE_LATENT_DIMS = [...LATENT_DIMS, OVERCOMPLETE_DIM] as const;
export const HIDDEN_WIDTHS = [128, 256, 512, 1024] as const;
export const BATCH_SIZES = [32, 64, 128, 256] as const;
export const CODEBOOK_SIZES = [16, 32, 64, 128, 256, 512] as const;
export const CODE_DIMS = [2, 4, 8, 16, 32] as const;
export const COMMITMENT_WEIGHTS = [0.1, 0.25, 0.5, 1, 2] as const;
export const PATCH_SIZES = [2, 4, 7] as const;
export const SCHEDULE_KINDS: readonly ScheduleKind[] = ['constant', 'warmup', 'cyclical'];
export const LOSS_PRESETS: readonly LossPreset[] = ['reconstruction', 'kl', 'both'];
export const BETA_RANGE = { min: 0, max: 10, step: 0.1 } as const;
export const NOISE_RANGE = { min: 0, max: 1, step: 0.05 } as const;
export const MASK_STEP = 0.05;
/** Encoder vectors per image of the VQ-VAE (a 7×7 grid). */
export const VQ_GRID_VECTORS = 49;
/** Share of each cycle spent ramping β up (cyclical schedule). */
const CYCLE_RAMP_FRACTION = 0.5;

/** Code sizes offered per model (the over-complete one only for the plain AE; none for the VQ-VAE). */
export function latentDimsFor(model: ModelKind): readonly number[] {
  if (model === 'vqvae') return [];
  return model === 'ae' ? AE_LATENT_DIMS : LATENT_DIMS;
}

/** Largest mask ratio on the slider's grid that still leaves a patch visible and is matched exactly. */
export function maxMaskRatio(patchSize: number): number {
  const patches = (IMAGE_SIDE / patchSize) ** 2;
  const limit = Math.min(0.95, (patches - 1) / patches);
  return Number((Math.floor(limit / MASK_STEP + 1e-9) * MASK_STEP).toFixed(2));
}

const BASE: ModelSettings = {
  network: 'mlp',
  likelihood: 'bernoulli',
  variance: 0.1,
  latentDim: 2,
  hiddenUnits: 512,
  codebookSize: 64,
  codeDim: 16,
  beta: 1,
  schedule: 'constant',
  warmupSteps: 1000,
  cyclePeriod: 1000,
  lossPreset: 'both',
  learningRate: 0.001,
  batchSize: 128,
  commitmentWeight: 0.25,
  restartDeadCodes: true,
  noiseStd: 0.5,
  blur: false,
  maskRatio: 0.5,
  patchSize: 4,
};

/** Defaults per model: MLP everywhere but the VQ-VAE, which is convolutional with a smaller batch. */
export const MODEL_DEFAULTS: Record<ModelKind, ModelSettings> = {
  ae: BASE,
  dae: BASE,
  mae: BASE,
  vae: BASE,
  vqvae: { ...BASE, network: 'conv', batchSize: 64 },
};

/** The per-model table: every field's query key; the URL carries the active model's values. */
export const MODEL_PROPERTIES: { [K in ModelSettingName]: Property<ModelSettings[K]> } = {
  network: oneOf<NetworkKind>('net', NETWORK_KINDS),
  likelihood: oneOf<LikelihoodKind>('lik', LIKELIHOOD_KINDS),
  variance: oneOf<number>('var', VARIANCES),
  latentDim: oneOf<number>('latent', AE_LATENT_DIMS),
  hiddenUnits: oneOf<number>('hidden', HIDDEN_WIDTHS),
  codebookSize: oneOf<number>('K', CODEBOOK_SIZES),
  codeDim: oneOf<number>('D', CODE_DIMS),
  beta: ranged('beta', BETA_RANGE.min, BETA_RANGE.max, BETA_RANGE.step),
  schedule: oneOf<ScheduleKind>('sched', SCHEDULE_KINDS),
  warmupSteps: ranged('warm', 1, 100_000, 1),
  cyclePeriod: ranged('cycle', 2, 100_000, 1),
  lossPreset: oneOf<LossPreset>('preset', LOSS_PRESETS),
  learningRate: oneOf<number>('lr', LEARNING_RATES),
  batchSize: oneOf<number>('batch', BATCH_SIZES),
  commitmentWeight: oneOf<number>('bc', COMMITMENT_WEIGHTS),
  restartDeadCodes: flag('restarts'),
  noiseStd: ranged('noise', NOISE_RANGE.min, NOISE_RANGE.max, NOISE_RANGE.step),
  blur: flag('blur'),
  maskRatio: ranged('mask', MASK_STEP, 0.95, MASK_STEP),
  patchSize: oneOf<number>('patch', PATCH_SIZES),
};

export const MODEL_SETTING_NAMES = Object.keys(MODEL_PROPERTIES) as ModelSettingName[];

/** Fields whose change means fresh weights for that model. */
export const ARCHITECTURE_FIELDS = ['network', 'likelihood', 'variance', 'latentDim', 'hiddenUnits', 'codebookSize', 'codeDim'] as const;
export type ArchitectureField = (typeof ARCHITECTURE_FIELDS)[number];
export type HyperPatch = Partial<Omit<ModelSettings, ArchitectureField>>;

/**
 * Brings a model's settings back inside what that model can train: a latent size it offers, a mask
 * ratio that leaves a patch visible. Returns the settings and a note per change.
 */
export function validateModelSettings(model: ModelKind, settings: ModelSettings): { settings: ModelSettings; notes: string[] } {
  const notes: string[] = [];
  const fixed = { ...settings };
  const dims = latentDimsFor(model);
  if (dims.length > 0 && !dims.includes(fixed.latentDim)) {
    notes.push(`latent=${fixed.latentDim} is not offered for ${MODEL_TITLES[model]}; using ${MODEL_DEFAULTS[model].latentDim}`);
    fixed.latentDim = MODEL_DEFAULTS[model].latentDim;
  }
  const maxRatio = maxMaskRatio(fixed.patchSize);
  if (fixed.maskRatio > maxRatio) {
    notes.push(`mask=${fixed.maskRatio} would hide every ${fixed.patchSize}-pixel patch; using ${maxRatio}`);
    fixed.maskRatio = maxRatio;
  }
  return { settings: fixed, notes };
}

export function toArchitecture(settings: ModelSettings): ArchitectureSettings {
  const { network, latentDim, hiddenUnits, codebookSize, codeDim } = settings;
  const likelihood = settings.likelihood === 'gaussian' ? { kind: 'gaussian' as const, variance: settings.variance } : { kind: 'bernoulli' as const };
  return { network, likelihood, latentDim, hiddenUnits, codebookSize, codeDim };
}

export function toHyper(settings: ModelSettings): HyperSettings {
  const { beta, lossPreset, learningRate, batchSize, commitmentWeight, restartDeadCodes, noiseStd, blur, maskRatio, patchSize } = settings;
  const betaSchedule =
    settings.schedule === 'warmup'
      ? { kind: 'warmup' as const, steps: settings.warmupSteps }
      : settings.schedule === 'cyclical'
        ? { kind: 'cyclical' as const, period: settings.cyclePeriod, rampFraction: CYCLE_RAMP_FRACTION }
        : { kind: 'constant' as const };
  const corruption = { noiseStd, blur, maskRatio, patchSize };
  return { beta, betaSchedule, lossPreset, learningRate, batchSize, commitmentWeight, restartDeadCodes, corruption };
}
