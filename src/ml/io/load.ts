import * as tf from '@tensorflow/tfjs-core';
import { firstNonFinite } from '../math/finite';
import { createModel } from '../models/createModel';
import type { LatentModel } from '../models/types';
import { Trainer, type TrainingSettings } from '../training/trainer';
import type { ImportedModel } from './decode';
import { restoreOptimizerState } from './optimizer';

/**
 * Copies weights (by name, e.g. from importModel) into a model built from the same spec, all or nothing: every
 * name, size and value is checked before the first variable changes, so a refused load leaves the model as it
 * was. Throws an Error naming the first problem. Load into a fresh model: VQ-VAE training bookkeeping that is
 * not a weight (idle counts, recent encoder outputs) is not part of a file.
 */
export function loadWeightsInto(model: LatentModel, weights: ReadonlyMap<string, Float32Array>): void {
  const named = model.namedWeights();
  for (const { name, variable } of named) {
    const values = weights.get(name);
    if (!values) throw new Error(`loadWeightsInto: no weight '${name}'`);
    if (values.length !== variable.size) throw new Error(`loadWeightsInto: weight '${name}' has ${values.length} values; the model's has ${variable.size} [${variable.shape.join(', ')}]`);
    if (firstNonFinite(values) >= 0) throw new Error(`loadWeightsInto: weight '${name}' is not finite`);
  }
  const known = new Set(named.map(({ name }) => name));
  const unknown = [...weights.keys()].find((name) => !known.has(name));
  if (unknown) throw new Error(`loadWeightsInto: the model has no weight '${unknown}'`);
  tf.tidy(() => named.forEach(({ name, variable }) => variable.assign(tf.tensor(weights.get(name) as Float32Array, variable.shape))));
}

/** A fresh model of the imported spec holding the imported weights (caller disposes). */
export function createModelFrom(imported: ImportedModel): LatentModel {
  const model = createModel(imported.spec);
  try {
    loadWeightsInto(model, imported.weights);
  } catch (error) {
    model.dispose();
    throw error;
  }
  return model;
}

/**
 * A fresh model holding the imported weights and a trainer that continues its run: the saved step and samples
 * seen, `settings` (default: the saved ones) and, when the file has it, Adam's state. `seed` seeds the trainer's
 * draws. Caller disposes both.
 */
export async function resumeFrom(imported: ImportedModel, seed: number, settings: TrainingSettings = imported.metadata.training): Promise<{ model: LatentModel; trainer: Trainer }> {
  const model = createModelFrom(imported);
  const trainer = new Trainer(model, settings, seed);
  trainer.resumeAt(imported.metadata.step, imported.metadata.samplesSeen);
  try {
    if (imported.optimizer) await restoreOptimizerState(trainer, imported.optimizer);
  } catch (error) {
    trainer.dispose();
    model.dispose();
    throw error;
  }
  return { model, trainer };
}
