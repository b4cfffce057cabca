import { isModelKind } from './family';
import { Autoencoder } from './ae';
import type { LatentModel, ModelSpec } from './types';
import { Vae } from './vae';
import { VqVae } from './vqvae';

/** A field's value as a message shows it: numbers as written, strings quoted, anything else as JSON (a spec may come from a file). */
function shown(value: unknown): string {
  if (value === undefined) return '(missing)';
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' ? `'${value}'` : (JSON.stringify(value) ?? String(value));
}

function requirePositiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value <= 0) throw new Error(`ModelSpec.${name} must be a positive integer, got ${shown(value)}`);
}

/** Throws an Error naming the first invalid field of `spec`. */
export function validateModelSpec(spec: ModelSpec): void {
  if (!isModelKind(spec.kind)) throw new Error(`ModelSpec.kind: unknown model kind ${shown(spec.kind)}`);
  if (spec.network !== 'mlp' && spec.network !== 'conv') throw new Error(`ModelSpec.network must be 'mlp' or 'conv', got ${shown(spec.network)}`);
  if (spec.kind === 'vqvae') {
    requirePositiveInteger('codebookSize', spec.codebookSize);
    requirePositiveInteger('codeDim', spec.codeDim);
    if (spec.codebookUpdate !== undefined && spec.codebookUpdate !== 'gradient' && spec.codebookUpdate !== 'ema')
      throw new Error(`ModelSpec.codebookUpdate must be 'gradient' or 'ema', got ${shown(spec.codebookUpdate)}`);
  } else {
    requirePositiveInteger('latentDim', spec.latentDim);
    if (spec.network === 'mlp') requirePositiveInteger('hiddenUnits', spec.hiddenUnits);
  }
  if (!Number.isInteger(spec.seed)) throw new Error(`ModelSpec.seed must be an integer, got ${shown(spec.seed)}`);
  const { likelihood } = spec;
  if (likelihood.kind === 'gaussian') {
    if (!(likelihood.variance > 0) || !Number.isFinite(likelihood.variance))
      throw new Error(`ModelSpec.likelihood.variance must be a finite number > 0, got ${shown(likelihood.variance)}`);
  } else if (likelihood.kind !== 'bernoulli' && likelihood.kind !== 'continuousBernoulli') {
    throw new Error(`ModelSpec.likelihood.kind must be 'bernoulli', 'continuousBernoulli' or 'gaussian'`);
  }
}

/** Builds the model family `spec.kind` names, after validating the spec (caller disposes the model). */
export function createModel(spec: ModelSpec): LatentModel {
  validateModelSpec(spec);
  switch (spec.kind) {
    case 'ae':
    case 'dae':
    case 'mae':
      return new Autoencoder({ ...spec, kind: spec.kind });
    case 'vae':
      return new Vae({ ...spec, kind: spec.kind });
    case 'vqvae':
      return new VqVae(spec);
    default: {
      const unknown: never = spec.kind;
      throw new Error(`ModelSpec.kind: unknown model kind '${String(unknown)}'`);
    }
  }
}
