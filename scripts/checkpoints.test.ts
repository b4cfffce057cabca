import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { modelFilesAt } from '../src/cli/modelFiles';
import { loadDataset, type DatasetId, type ImageSet } from '../src/ml/data';
import { fileFetch, localDataBaseUrl } from '../src/ml/data/nodeFetch';
import { createModelFrom, importModel, readCheckpointManifest, type CheckpointEntry } from '../src/ml/io';
import { evaluateTestSet } from '../src/ml/training/evaluate';
import { MODEL_DEFAULTS, toArchitecture } from '../src/state/modelSettings';
import { CHECKPOINT_DIR, recipes } from './checkpoints';

/*
 * The committed checkpoints against their manifest: every checkpoint opens through importModel (as the page opens
 * it) and, evaluated here on the full test set from public/data with the manifest's seed, gives the manifest's
 * test numbers (same seeds and backend, so they agree to rounding).
 */

const manifest = readCheckpointManifest(JSON.parse(await readFile(join(CHECKPOINT_DIR, 'manifest.json'), 'utf8')));
const testSets = new Map<DatasetId, Promise<ImageSet>>();
const testSet = (dataset: DatasetId) => {
  if (!testSets.has(dataset)) testSets.set(dataset, loadDataset({ baseUrl: localDataBaseUrl(), dataset, fetchImpl: fileFetch }).test);
  return testSets.get(dataset) as Promise<ImageSet>;
};

beforeAll(async () => {
  await tf.setBackend('wasm');
  expect(tf.getBackend()).toBe('wasm');
});

/** |measured − reported| within 1e-4 relative (plus 1e-4 absolute for values near 0). */
function expectClose(measured: number | undefined, reported: number | undefined): void {
  expect(measured).toBeDefined();
  expect(Math.abs((measured ?? NaN) - (reported ?? NaN))).toBeLessThanOrEqual(1e-4 * Math.abs(reported ?? NaN) + 1e-4);
}

describe('public/checkpoints/manifest.json', () => {
  it('lists every recipe of scripts/checkpoints.ts, in order, with that recipe', () => {
    const expected = recipes();
    expect(manifest.checkpoints.map((c) => c.id)).toEqual(expected.map((r) => r.id));
    manifest.checkpoints.forEach((entry, i) => expect(entry.recipe).toMatchObject({ spec: expected[i].spec, training: expected[i].training }));
  });

  it('states each checkpoint’s size and the total as the files on disk have them', async () => {
    let total = 0;
    for (const entry of manifest.checkpoints) {
      const folder = join(CHECKPOINT_DIR, entry.id);
      const [json, weights] = await Promise.all(['model.json', 'weights.bin'].map((name) => stat(join(folder, name))));
      expect([json.size, weights.size]).toEqual([entry.bytes.modelJson, entry.bytes.weights]);
      total += json.size + weights.size;
    }
    expect(manifest.totalBytes).toBe(total);
  });

  it('each family’s checkpoint has the page’s default architecture (the page can open it into its default model)', () => {
    for (const entry of manifest.checkpoints.filter((c) => c.variant === null)) {
      const page = toArchitecture(MODEL_DEFAULTS[entry.model]);
      expect(entry.recipe.spec).toMatchObject({ kind: entry.model, ...page });
    }
  });
});

describe.each(manifest.checkpoints.map((entry): [string, CheckpointEntry] => [entry.id, entry]))('checkpoint %s', (_, entry) => {
  it('opens as the page opens it and scores the manifest’s test numbers on the full test set', async () => {
    const result = await importModel(await modelFilesAt(join(CHECKPOINT_DIR, entry.id)), { spec: entry.recipe.spec, dataset: entry.dataset });
    if (!result.ok) throw new Error(result.reason);
    expect(result.model.storage).toBe(entry.storage);
    expect(result.model.optimizer).toBeNull();
    const model = createModelFrom(result.model);
    const test = await testSet(entry.dataset);
    expect(test.count).toBe(manifest.evaluation.images);
    const scores = await evaluateTestSet(model, test.images, test.count, { corruption: entry.recipe.training.corruption, seed: manifest.evaluation.seed });
    model.dispose();
    for (const name of model.termNames) expectClose(scores.terms[name], entry.test.terms[name]);
    if (entry.test.negElbo !== undefined) expectClose((scores.terms.rec ?? NaN) + (scores.terms.kl ?? NaN), entry.test.negElbo);
    expectClose(scores.bitsPerDim, entry.test.bitsPerDim);
    expect(entry.quantisation.relativeChange).toBeLessThan(0.005);
  }, 300_000);
});
