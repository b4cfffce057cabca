/**
 * Trains the checkpoints shipped with the app (public/checkpoints/) with the CLI's core and fixed seeds: every model
 * family on every dataset in the page's default architecture and settings, plus the MNIST variants lessons use.
 * Each is stored uint8-quantised when that moves its test objective (−ELBO for a VAE, rec otherwise) by less than
 * 0.5%, else float16, else float32; manifest.json lists recipes, test numbers, storage and sizes.
 *
 * Run: `npm run checkpoints` (all), or `npm run checkpoints -- --only mnist/vae,fashion/ae` to rebuild some (the
 * manifest keeps the others). Prints each epoch's line and each checkpoint's test terms.
 */
import '../src/ml/nodeRuntime';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeModel } from '../src/cli/modelFiles';
import { loadLocalData, runJob, type RunData } from '../src/cli/run';
import { DATASET_IDS, DATASETS, type DatasetId } from '../src/ml/data/datasets';
import {
  CHECKPOINT_MANIFEST_VERSION,
  createModelFrom,
  exportModel,
  importModel,
  type CheckpointEntry,
  type CheckpointManifest,
  type CheckpointTestScores,
  type ModelArtifacts,
  type StorageDtype,
} from '../src/ml/io';
import { hasKl, MODEL_FAMILIES, MODEL_KINDS, type ModelKind } from '../src/ml/models/family';
import type { LatentModel, ModelSpec } from '../src/ml/models/types';
import { evaluateTestSet } from '../src/ml/training/evaluate';
import type { TrainingSettings } from '../src/ml/training/trainer';
import { MODEL_DEFAULTS, toArchitecture, toHyper } from '../src/state/modelSettings';
import { defaultSettings } from '../src/state/settings';

export const CHECKPOINT_DIR = join(resolve(dirname(fileURLToPath(import.meta.url)), '..'), 'public', 'checkpoints');
/** Epochs per checkpoint: MLP models 5 (about 2 min each here), the conv VQ-VAE 3 (about 4 min). */
const EPOCHS = { mlp: 5, conv: 3 } as const;
/** Seed of ε and of the DAE / MAE corruption in the test evaluation the manifest reports. */
export const EVALUATION_SEED = 1;
/** Largest relative change of the test objective a quantised checkpoint may show. */
const MAX_QUANTISATION_CHANGE = 0.005;
const STORAGE_ORDER: readonly StorageDtype[] = ['uint8', 'float16', 'float32'];

interface Recipe {
  id: string;
  dataset: DatasetId;
  model: ModelKind;
  variant: string | null;
  title: string;
  spec: ModelSpec;
  training: TrainingSettings;
  epochs: number;
}

/** The page's default model and settings for `kind` (what the lab builds when nothing is changed). */
function pageDefault(kind: ModelKind): { spec: ModelSpec; training: TrainingSettings } {
  const settings = MODEL_DEFAULTS[kind];
  const spec: ModelSpec = { kind, ...toArchitecture(settings), seed: defaultSettings().seed, ...(kind === 'vqvae' ? { codebookUpdate: 'ema' as const } : {}) };
  return { spec, training: toHyper(settings) };
}

/** Every checkpoint: each family on each dataset, then the MNIST variants. */
export function recipes(): Recipe[] {
  const recipe = (dataset: DatasetId, model: ModelKind, variant: string | null, title: string, change: (r: Recipe) => void = () => {}): Recipe => {
    const { spec, training } = pageDefault(model);
    const r = { id: `${dataset}/${model}${variant ? `-${variant}` : ''}`, dataset, model, variant, title: `${title} (${DATASETS[dataset].title})`, spec, training, epochs: EPOCHS[spec.network] };
    change(r);
    return r;
  };
  return [
    ...DATASET_IDS.flatMap((dataset) => MODEL_KINDS.map((model) => recipe(dataset, model, null, MODEL_FAMILIES[model].title))),
    recipe('mnist', 'vae', 'beta4', 'β-VAE, β = 4', (r) => (r.training.beta = 4)),
    recipe('mnist', 'vae', 'reconstruction', 'VAE trained on reconstruction only', (r) => (r.training.lossPreset = 'reconstruction')),
    recipe('mnist', 'vae', 'latent16', 'VAE, latent 16', (r) => (r.spec.latentDim = 16)),
    recipe('mnist', 'ae', 'latent16', 'Autoencoder, latent 16', (r) => (r.spec.latentDim = 16)),
  ];
}

/** Test scores over every test image with the manifest's seed, and the objective quantisation must keep. */
export async function testScores(model: LatentModel, data: RunData, training: TrainingSettings): Promise<{ scores: CheckpointTestScores; objective: number }> {
  const { terms, discretisedNll, bitsPerDim } = await evaluateTestSet(model, data.test.images, data.test.count, { corruption: training.corruption, seed: EVALUATION_SEED });
  const negElbo = hasKl(model.spec.kind) ? (terms.rec ?? NaN) + (terms.kl ?? NaN) : undefined;
  return { scores: { terms, ...(negElbo === undefined ? {} : { negElbo }), discretisedNll, bitsPerDim }, objective: negElbo ?? terms.rec ?? NaN };
}

/** Exports, reads back through importModel (as the page will) and scores the copy. */
async function storedAs(model: LatentModel, recipe: Recipe, data: RunData, steps: number, samplesSeen: number, storage: StorageDtype) {
  const extras = { dataset: recipe.dataset, training: recipe.training, step: steps, samplesSeen, storage };
  const artifacts = await exportModel(model, extras);
  const files = [new File([JSON.stringify(artifacts.modelJson)], 'model.json'), new File([artifacts.weightData], 'weights.bin')];
  const result = await importModel(files, { spec: recipe.spec, dataset: recipe.dataset });
  if (!result.ok) throw new Error(`${recipe.id} (${storage}) does not read back: ${result.reason}`);
  const copy = createModelFrom(result.model);
  const scored = await testScores(copy, data, recipe.training);
  copy.dispose();
  const withScores = await exportModel(model, { ...extras, evaluations: [{ testImages: data.test.count, seed: EVALUATION_SEED, ...scored.scores }] });
  return { artifacts: withScores, ...scored };
}

async function buildCheckpoint(recipe: Recipe, data: RunData): Promise<CheckpointEntry> {
  const started = performance.now();
  const job = { spec: recipe.spec, dataset: recipe.dataset, settings: recipe.training, epochs: recipe.epochs, seed: recipe.spec.seed, trainLimit: 0, evalImages: 0, iwaeSamples: 0, resume: null };
  const { model, trainer } = await runJob(job, data, async ({ line }) => void process.stdout.write(`  ${recipe.id} ${JSON.stringify(line)}\n`));
  const trainSeconds = Math.round((performance.now() - started) / 1000);
  const float32 = await testScores(model, data, recipe.training);
  const tried: Partial<Record<StorageDtype, number>> = {};
  let chosen: { storage: StorageDtype; artifacts: ModelArtifacts; scores: CheckpointTestScores; objective: number } | null = null;
  for (const storage of STORAGE_ORDER) {
    const stored = await storedAs(model, recipe, data, trainer.step, trainer.samplesSeen, storage);
    tried[storage] = Math.abs(stored.objective - float32.objective) / Math.abs(float32.objective);
    if (tried[storage] < MAX_QUANTISATION_CHANGE) {
      chosen = { storage, ...stored };
      break;
    }
  }
  if (!chosen) throw new Error(`${recipe.id}: even float32 moved the objective (${JSON.stringify(tried)})`);
  await writeModel(join(CHECKPOINT_DIR, recipe.id), chosen.artifacts);
  const entry: CheckpointEntry = {
    id: recipe.id,
    dataset: recipe.dataset,
    model: recipe.model,
    variant: recipe.variant,
    title: recipe.title,
    path: `${recipe.id}/model.json`,
    recipe: { spec: recipe.spec, training: recipe.training, seed: recipe.spec.seed, trainImages: data.train.count },
    epochs: recipe.epochs,
    steps: trainer.step,
    test: chosen.scores,
    storage: chosen.storage,
    quantisation: { objective: float32.scores.negElbo === undefined ? 'rec' : 'negElbo', float32: float32.objective, stored: chosen.objective, relativeChange: tried[chosen.storage] ?? 0, tried },
    bytes: { modelJson: new TextEncoder().encode(`${JSON.stringify(chosen.artifacts.modelJson)}\n`).byteLength, weights: chosen.artifacts.weightData.byteLength },
    trainSeconds,
  };
  trainer.dispose();
  model.dispose();
  return entry;
}

async function readManifest(): Promise<CheckpointManifest | null> {
  return readFile(join(CHECKPOINT_DIR, 'manifest.json'), 'utf8').then(
    (text) => JSON.parse(text) as CheckpointManifest,
    () => null,
  );
}

/** The manifest on disk with `built` replacing or joining its entries, in recipe order (read just before writing, so parallel runs keep each other's). */
async function writeManifest(built: Map<string, CheckpointEntry>): Promise<number> {
  const order = recipes().map((r) => r.id);
  const entries = new Map((await readManifest())?.checkpoints.map((c) => [c.id, c]) ?? []);
  built.forEach((entry, id) => entries.set(id, entry));
  const checkpoints = [...entries.values()].sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
  const totalBytes = checkpoints.reduce((sum, c) => sum + c.bytes.modelJson + c.bytes.weights, 0);
  const manifest: CheckpointManifest = { version: CHECKPOINT_MANIFEST_VERSION, evaluation: { images: 10_000, seed: EVALUATION_SEED, backend: tf.getBackend() }, totalBytes, checkpoints };
  await writeFile(join(CHECKPOINT_DIR, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return totalBytes;
}

function describeEntry(entry: CheckpointEntry): string {
  const terms = Object.entries(entry.test.terms).map(([name, value]) => `${name} ${value?.toFixed(2)}`);
  const negElbo = entry.test.negElbo === undefined ? [] : [`−ELBO ${entry.test.negElbo.toFixed(2)}`];
  const change = `${(100 * entry.quantisation.relativeChange).toFixed(3)}%`;
  return `${entry.id}: ${[...terms, ...negElbo, `bits/dim ${entry.test.bitsPerDim.toFixed(3)}`].join(', ')}; ${entry.storage} (objective moved ${change}), ${entry.bytes.weights} bytes, ${entry.steps} steps, ${entry.trainSeconds} s`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { only: { type: 'string' } }, strict: true });
  const only = values.only ? new Set(values.only.split(',')) : null;
  const wanted = recipes().filter((r) => !only || only.has(r.id));
  if (only && wanted.length !== only.size) throw new Error(`--only: unknown ids; known: ${recipes().map((r) => r.id).join(', ')}`);
  if (!((await tf.setBackend('wasm')) && tf.getBackend() === 'wasm')) throw new Error('the wasm backend did not start');
  const built = new Map<string, CheckpointEntry>();
  const started = performance.now();
  const data = new Map<DatasetId, RunData>();
  for (const recipe of wanted) {
    if (!data.has(recipe.dataset)) data.set(recipe.dataset, await loadLocalData(recipe.dataset));
    const entry = await buildCheckpoint(recipe, data.get(recipe.dataset) as RunData);
    built.set(entry.id, entry);
    await writeManifest(built);
    process.stdout.write(`${describeEntry(entry)}\n`);
  }
  const totalBytes = await writeManifest(built);
  const count = (await readManifest())?.checkpoints.length ?? 0;
  process.stdout.write(`${wanted.length} checkpoints in ${Math.round((performance.now() - started) / 60_000)} min; all ${count} take ${(totalBytes / 1024 / 1024).toFixed(2)} MiB\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
