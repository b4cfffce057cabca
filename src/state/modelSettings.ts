/**
 * Each model's own settings (network, likelihood, its hyper-parameters), their defaults per model, and
 * the one table that gives every setting its query key, its choices or bounds (which the controls read
 * too), plus the checks that keep impossible combinations out of the worker.
 */
import { MODEL_FAMILIES, MODEL_KINDS, NETWORK_KINDS } from '../ml/models/family';
import { IMAGE_SIDE } from '../worker/protocol';
import type { ArchitectureSettings, HyperSettings, LossPreset, ModelKind, NetworkKind } from '../worker/protocol';
import { flag, oneOf, ranged } from './properties';
import type { Property } from './properties';

export type LikelihoodKind = 'bernoulli' | 'cbernoulli' | 'gaussian';
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

export const NETWORK_TITLES: Record<NetworkKind, string> = { mlp: 'MLP', conv: 'Convolutional' };
export const LIKELIHOOD_TITLES: Record<LikelihoodKind, string> = {
  bernoulli: 'Bernoulli (BCE)',
  cbernoulli: 'Continuous Bernoulli',
  gaussian: 'Gaussian (MSE)',
};
export const SCHEDULE_TITLES: Record<ScheduleKind, string> = { constant: 'Constant', warmup: 'Linear warm-up', cyclical: 'Cyclical' };
/** The over-complete code offered to the plain AE: larger than the 784-pixel image. */
export const OVERCOMPLETE_DIM = 1024;
const LATENT_DIMS = [2, 8, 16, 32] as const;
/** Encoder vectors per image of the VQ-VAE (a 7×7 grid). */
export const VQ_GRID_VECTORS = 49;
/** Share of each cycle spent ramping β up (cyclical schedule). */
const CYCLE_RAMP_FRACTION = 0.5;
const MASK_STEP = 0.05;

/** The per-model table: every field's query key and its choices or bounds; the URL carries the active model's values. */
export const MODEL_PROPERTIES = {
  network: oneOf<NetworkKind>('net', NETWORK_KINDS),
  likelihood: oneOf<LikelihoodKind>('lik', ['bernoulli', 'cbernoulli', 'gaussian']),
  variance: oneOf<number>('var', [1, 0.5, 0.1, 0.05, 0.01]),
  latentDim: oneOf<number>('latent', [...LATENT_DIMS, OVERCOMPLETE_DIM]),
  hiddenUnits: oneOf<number>('hidden', [128, 256, 512, 1024]),
  codebookSize: oneOf<number>('K', [16, 32, 64, 128, 256, 512]),
  codeDim: oneOf<number>('D', [2, 4, 8, 16, 32]),
  beta: ranged('beta', 0, 10, 0.1),
  schedule: oneOf<ScheduleKind>('sched', ['constant', 'warmup', 'cyclical']),
  warmupSteps: ranged('warm', 1, 100_000, 1),
  cyclePeriod: ranged('cycle', 2, 100_000, 1),
  lossPreset: oneOf<LossPreset>('preset', ['reconstruction', 'kl', 'both']),
  learningRate: oneOf<number>('lr', [1, 0.1, 0.01, 0.003, 0.001, 0.0003, 0.0001]),
  batchSize: oneOf<number>('batch', [32, 64, 128, 256]),
  commitmentWeight: oneOf<number>('bc', [0.1, 0.25, 0.5, 1, 2]),
  restartDeadCodes: flag('restarts'),
  noiseStd: ranged('noise', 0, 1, 0.05),
  blur: flag('blur'),
  maskRatio: ranged('mask', MASK_STEP, 0.95, MASK_STEP),
  patchSize: oneOf<number>('patch', [2, 4, 7]),
} satisfies { [K in ModelSettingName]: Property<ModelSettings[K]> };

export const MODEL_SETTING_NAMES = Object.keys(MODEL_PROPERTIES) as ModelSettingName[];

/** Code sizes offered per model (the over-complete one only where the family allows it; none for a codebook). */
export function latentDimsFor(model: ModelKind): readonly number[] {
  const { latent } = MODEL_FAMILIES[model];
  if (latent === 'codebook') return [];
  return latent === 'overcompleteCode' ? MODEL_PROPERTIES.latentDim.options : LATENT_DIMS;
}

/** Largest mask ratio on the slider's grid that still leaves a patch visible and is matched exactly. */
export function maxMaskRatio(patchSize: number): number {
  const patches = (IMAGE_SIDE / patchSize) ** 2;
  const limit = Math.min(MODEL_PROPERTIES.maskRatio.max, (patches - 1) / patches);
  return Number((Math.floor(limit / MASK_STEP + 1e-9) * MASK_STEP).toFixed(2));
}

const BASE: Omit<ModelSettings, 'network'> = {
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

/** Defaults per model: each family's own network; the convolutional VQ-VAE trains on smaller batches. */
export const MODEL_DEFAULTS = Object.fromEntries(
  MODEL_KINDS.map((kind) => {
    const network = MODEL_FAMILIES[kind].defaultNetwork;
    return [kind, { ...BASE, network, batchSize: MODEL_FAMILIES[kind].latent === 'codebook' ? 64 : BASE.batchSize }];
  }),
) as Record<ModelKind, ModelSettings>;

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
    notes.push(`latent=${fixed.latentDim} is not offered for ${MODEL_FAMILIES[model].title}; using ${MODEL_DEFAULTS[model].latentDim}`);
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
  return { network, likelihood: toLikelihood(settings), latentDim, hiddenUnits, codebookSize, codeDim };
}

function toLikelihood({ likelihood, variance }: ModelSettings): ArchitectureSettings['likelihood'] {
  switch (likelihood) {
    case 'gaussian':
      return { kind: 'gaussian', variance };
    case 'cbernoulli':
      return { kind: 'continuousBernoulli' };
    case 'bernoulli':
      return { kind: 'bernoulli' };
  }
}

/** The worker's training settings for a model's page settings: the one conversion between the two. */
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
