import * as tf from '@tensorflow/tfjs-core';
import type { LatentModel } from '../models/types';
import { TEST_SETTINGS } from '../training/testing';
import { packModelFile } from './container';
import { exportModel, type ExportExtras } from './export';
import type { ModelArtifacts } from './format';

/** Extras for test exports; override what the test is about. */
export const TEST_EXTRAS: ExportExtras = { dataset: 'mnist', training: TEST_SETTINGS, step: 7, samplesSeen: 224 };

/** model.json and weights.bin as the files a page's picker would hand over. */
export function pairFiles({ modelJson, weightData }: ModelArtifacts, jsonName = 'model.json', weightsName = 'weights.bin'): File[] {
  return [new File([JSON.stringify(modelJson)], jsonName), new File([weightData], weightsName)];
}

/** The single .vaelab file. */
export function singleFile(artifacts: ModelArtifacts, name = 'model.vaelab'): File[] {
  return [new File([packModelFile(artifacts)], name)];
}

/** Exports `model` and hands back a deep copy of model.json for editing, with the weight bytes. */
export async function editableArtifacts(model: LatentModel, extras: Partial<ExportExtras> = {}): Promise<ModelArtifacts> {
  const artifacts = await exportModel(model, { ...TEST_EXTRAS, ...extras });
  return { modelJson: structuredClone(artifacts.modelJson), weightData: artifacts.weightData };
}

/** Random images in [0, 1] → [n, 784] (caller disposes). */
export function randomImages(n: number, seed: number): tf.Tensor2D {
  return tf.randomUniform([n, 784], 0, 1, 'float32', seed) as tf.Tensor2D;
}

/** Every variable's values, for before/after comparisons. */
export function snapshot(model: LatentModel): Float32Array[] {
  return model.namedWeights().map(({ variable }) => variable.dataSync().slice() as Float32Array);
}
