/**
 * Checks for untrusted model files: the metadata (spec, dataset, training settings, counters, optimizer) and
 * whether a saved architecture is the one expected. Refusals are ModelFileErrors whose message is the reason.
 */
import { isDatasetId } from '../data/datasets';
import { validateModelSpec } from '../models/createModel';
import { DEFAULT_CODEBOOK_UPDATE, type Likelihood, type ModelSpec } from '../models/types';
import { CODEBOOK_SCALE } from '../models/vqvae';
import { validateSchedule, type BetaSchedule, type LossPreset } from '../training/schedules';
import type { TrainingSettings } from '../training/trainer';
import { FORMAT_VERSION, LIMITS, type ModelMetadata, type SavedOptimizer } from './format';

/** A model file the lab will not open; `message` says why, for the user. */
export class ModelFileError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'ModelFileError';
  }
}

export function refuse(reason: string): never {
  throw new ModelFileError(reason);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `value` as a number that passes `ok`, or a refusal naming `field`. */
function numberWhere(value: unknown, field: string, ok: (n: number) => boolean, wanted: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || !ok(value)) refuse(`${field} must be ${wanted}, got ${JSON.stringify(value) ?? 'nothing'}`);
  return value;
}
const wholeAtLeast = (value: unknown, field: string, min: number) => numberWhere(value, field, (n) => Number.isInteger(n) && n >= min, `a whole number ≥ ${min}`);
const atLeast = (value: unknown, field: string, min: number) => numberWhere(value, field, (n) => n >= min, `a number ≥ ${min}`);
function flag(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') refuse(`${field} must be true or false, got ${JSON.stringify(value) ?? 'nothing'}`);
  return value;
}
function oneOf<T extends string>(value: unknown, field: string, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) refuse(`${field} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value) ?? 'nothing'}`);
  return value as T;
}

/** A ModelSpec with only its known fields, validated as createModel would. */
export function readSpec(value: unknown): ModelSpec {
  if (!isRecord(value)) refuse('The model file has no model spec (userDefinedMetadata.spec).');
  if (!isRecord(value.likelihood)) refuse('spec.likelihood must be an object such as {"kind": "bernoulli"}');
  const { kind, network, latentDim, hiddenUnits, codebookSize, codeDim, codebookUpdate, seed } = value;
  const likelihood = { ...value.likelihood } as Likelihood;
  const spec = { kind, network, likelihood, latentDim, hiddenUnits, codebookSize, codeDim, seed, ...(codebookUpdate === undefined ? {} : { codebookUpdate }) } as ModelSpec;
  try {
    validateModelSpec(spec);
  } catch (error) {
    refuse(`Invalid model spec: ${error instanceof Error ? error.message : String(error)}`);
  }
  return spec;
}

function readSchedule(value: unknown): BetaSchedule {
  if (!isRecord(value)) refuse('training.betaSchedule must be an object such as {"kind": "constant"}');
  try {
    validateSchedule(value as unknown as BetaSchedule);
  } catch (error) {
    refuse(`training.betaSchedule: ${error instanceof Error ? error.message : String(error)}`);
  }
  return structuredClone(value) as unknown as BetaSchedule;
}

/** TrainingSettings with every field checked (a resumed run trains with them). */
export function readTrainingSettings(value: unknown): TrainingSettings {
  if (!isRecord(value)) refuse('The model file has no training settings (userDefinedMetadata.training).');
  const corruption = isRecord(value.corruption) ? value.corruption : refuse('training.corruption must be an object');
  return {
    learningRate: numberWhere(value.learningRate, 'training.learningRate', (n) => n > 0, 'a number > 0'),
    batchSize: wholeAtLeast(value.batchSize, 'training.batchSize', 1),
    beta: atLeast(value.beta, 'training.beta', 0),
    betaSchedule: readSchedule(value.betaSchedule),
    lossPreset: oneOf<LossPreset>(value.lossPreset, 'training.lossPreset', ['both', 'reconstruction', 'kl']),
    commitmentWeight: atLeast(value.commitmentWeight, 'training.commitmentWeight', 0),
    corruption: {
      noiseStd: atLeast(corruption.noiseStd, 'training.corruption.noiseStd', 0),
      blur: flag(corruption.blur, 'training.corruption.blur'),
      maskRatio: numberWhere(corruption.maskRatio, 'training.corruption.maskRatio', (n) => n >= 0 && n < 1, 'a number in [0, 1)'),
      patchSize: numberWhere(corruption.patchSize, 'training.corruption.patchSize', (n) => [1, 2, 4, 7, 14, 28].includes(n), 'a divisor of 28'),
    },
    restartDeadCodes: flag(value.restartDeadCodes, 'training.restartDeadCodes'),
  };
}

function readOptimizer(value: unknown): SavedOptimizer | undefined {
  if (value === undefined) return undefined;
  if (!isRecord(value)) refuse('optimizer must be an object');
  const unit = (n: number) => n > 0 && n < 1;
  return {
    kind: oneOf(value.kind, 'optimizer.kind', ['adam'] as const),
    iterations: wholeAtLeast(value.iterations, 'optimizer.iterations', 0),
    beta1: numberWhere(value.beta1, 'optimizer.beta1', unit, 'in (0, 1)'),
    beta2: numberWhere(value.beta2, 'optimizer.beta2', unit, 'in (0, 1)'),
    epsilon: numberWhere(value.epsilon, 'optimizer.epsilon', (n) => n > 0, 'a number > 0'),
  };
}

/** UTF-8 bytes of `value` as JSON (0 when absent). */
export function jsonBytes(value: unknown): number {
  return value === undefined ? 0 : new TextEncoder().encode(JSON.stringify(value)).byteLength;
}

/** The checked `userDefinedMetadata`, or a refusal that names the first bad field. */
export function readMetadata(value: unknown): ModelMetadata {
  if (!isRecord(value)) refuse('The model file has no userDefinedMetadata: it was not written by VAE Lab.');
  if (value.formatVersion !== FORMAT_VERSION)
    refuse(`The model file has format version ${JSON.stringify(value.formatVersion) ?? '(none)'}; this lab reads version ${FORMAT_VERSION}.`);
  const spec = readSpec(value.spec);
  if (!isDatasetId(value.dataset)) refuse(`Unknown dataset ${JSON.stringify(value.dataset) ?? '(none)'}: expected mnist or fashion.`);
  const passThrough = jsonBytes(value.curves) + jsonBytes(value.evaluations);
  if (passThrough > LIMITS.passThroughBytes)
    refuse(`The model file's curves and evaluations take ${formatBytes(passThrough)}; the limit is ${formatBytes(LIMITS.passThroughBytes)}.`);
  if (spec.kind === 'vqvae' && value.codebookScale !== CODEBOOK_SCALE)
    refuse(`The file stores its codebook divided by ${JSON.stringify(value.codebookScale) ?? '(nothing)'}; this lab stores it divided by ${CODEBOOK_SCALE}.`);
  const optimizer = readOptimizer(value.optimizer);
  return {
    formatVersion: FORMAT_VERSION,
    spec,
    dataset: value.dataset,
    training: readTrainingSettings(value.training),
    step: wholeAtLeast(value.step, 'step', 0),
    samplesSeen: wholeAtLeast(value.samplesSeen, 'samplesSeen', 0),
    ...(optimizer ? { optimizer } : {}),
    ...(spec.kind === 'vqvae' ? { codebookScale: CODEBOOK_SCALE } : {}),
    ...(value.curves === undefined ? {} : { curves: value.curves }),
    ...(value.evaluations === undefined ? {} : { evaluations: value.evaluations }),
  };
}

/** The fields that fix a model's weights and what it computes (not its seed), as [name, value] for `spec.kind`. */
function architectureFields(spec: ModelSpec): Array<[string, unknown]> {
  const { likelihood } = spec;
  const fields: Array<[string, unknown]> = [['kind', spec.kind], ['likelihood', likelihood.kind]];
  if (likelihood.kind === 'gaussian') fields.push(['likelihood variance', likelihood.variance]);
  if (spec.kind === 'vqvae') {
    fields.push(['codebookSize', spec.codebookSize], ['codeDim', spec.codeDim], ['codebookUpdate', spec.codebookUpdate ?? DEFAULT_CODEBOOK_UPDATE]);
  } else {
    fields.push(['network', spec.network], ['latentDim', spec.latentDim]);
    if (spec.network === 'mlp') fields.push(['hiddenUnits', spec.hiddenUnits]);
  }
  return fields;
}

/** Null when `saved` has the architecture of `expected`; else which field differs and both values (`expectedBy` names the other side). */
export function architectureMismatch(saved: ModelSpec, expected: ModelSpec, expectedBy = "the current model's"): string | null {
  const wanted = new Map(architectureFields(expected));
  for (const [field, value] of architectureFields(saved)) {
    if (wanted.get(field) !== value)
      return `The file holds another architecture: its ${field} is ${String(value)}, ${expectedBy} is ${String(wanted.get(field) ?? '(not set)')}.`;
  }
  return null;
}

/** 3_400_000 → "3.2 MiB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
