/**
 * Saving and opening models in the worker: the active run as one .vaelab file, and saved files (or a shipped
 * checkpoint) read and checked into a held model the page can then adopt. Reading never touches the current run.
 */
import { describeError } from '../ml/describeError';
import { DATASETS } from '../ml/data/datasets';
import { MODEL_FAMILIES } from '../ml/models/family';
import { exportModel, importModel, MODEL_JSON_FILE, packModelFile, readCheckpointManifest, readOptimizerState, WEIGHTS_FILE, type ImportedModel, type ModelFileInput } from '../ml/io';
import type { CheckpointWanted, ExportModelResult, OpenModelResult } from './protocol';
import type { Run } from './runs';

/** Largest file a checkpoint download may be (its weights are a few MB; this guards against a wrong URL). */
const CHECKPOINT_MAX_BYTES = 64 * 1024 * 1024;

/** The run as a .vaelab file with Adam's state and the page's curves; a refusal (e.g. NaN weights) says why. */
export async function exportRun(run: Run, pageData: { curves: unknown; evaluations: unknown }): Promise<ExportModelResult> {
  try {
    const optimizer = await readOptimizerState(run.trainer);
    const artifacts = await exportModel(run.model, {
      dataset: run.config.dataset,
      training: run.config.hyper,
      step: run.trainer.step,
      samplesSeen: run.trainer.samplesSeen,
      optimizer,
      curves: pageData.curves,
      evaluations: pageData.evaluations,
    });
    return { ok: true, bytes: packModelFile(artifacts), dataset: run.config.dataset, model: run.config.model, step: run.trainer.step };
  } catch (error) {
    return { ok: false, reason: `The model could not be saved: ${describeError(error)}` };
  }
}

/** What the page needs to know of a checked model file to adopt it (see OpenedModel). */
export function describeOpened(imported: ImportedModel, token: number): OpenModelResult {
  const { kind, seed, ...architecture } = imported.spec;
  const { dataset, training, step, samplesSeen, curves, evaluations } = imported.metadata;
  return {
    ok: true,
    token,
    dataset,
    model: kind,
    architecture,
    hyper: training,
    seed,
    step,
    samplesSeen,
    storage: imported.storage,
    hasOptimizer: imported.optimizer !== null,
    curves: curves ?? null,
    evaluations: evaluations ?? null,
  };
}

/** Reads files into a checked model, or the reason they were refused. */
export async function readModelFiles(files: readonly ModelFileInput[]): Promise<{ ok: true; imported: ImportedModel } | { ok: false; reason: string }> {
  const result = await importModel(files);
  return result.ok ? { ok: true, imported: result.model } : result;
}

/** Largest checkpoint manifest read. */
const MANIFEST_MAX_BYTES = 256 * 1024;

async function download(url: string, what: string, maxBytes: number, fetchImpl: typeof fetch, signal?: AbortSignal): Promise<ArrayBuffer> {
  const response = await fetchImpl(url, { signal });
  if (!response.ok) throw new Error(`${what} could not be downloaded (HTTP ${response.status}).`);
  const tooLarge = () => new Error(`${what} is larger than ${(maxBytes / 1024 / 1024).toFixed(2)} MiB.`);
  if (Number(response.headers.get('content-length') ?? 0) > maxBytes) {
    await response.body?.cancel();
    throw tooLarge();
  }
  const bytes = await response.arrayBuffer();
  if (bytes.byteLength > maxBytes) throw tooLarge();
  return bytes;
}

/**
 * Finds the wanted checkpoint in `<checkpointsUrl>/manifest.json` and downloads its model.json and weights.bin as
 * files to open; throws with a sentence for the page when none is shipped or a download fails.
 */
export async function fetchCheckpointFiles(checkpointsUrl: string, wanted: CheckpointWanted, signal?: AbortSignal, fetchImpl: typeof fetch = fetch): Promise<File[]> {
  const base = checkpointsUrl.endsWith('/') ? checkpointsUrl : `${checkpointsUrl}/`;
  const manifestBytes = await download(new URL('manifest.json', base).href, 'The list of trained models', MANIFEST_MAX_BYTES, fetchImpl, signal);
  const manifest = readCheckpointManifest(JSON.parse(new TextDecoder().decode(manifestBytes)));
  const entry = manifest.checkpoints.find((c) => c.dataset === wanted.dataset && c.model === wanted.model && c.variant === wanted.variant);
  if (!entry) {
    const variant = wanted.variant ? ` (${wanted.variant})` : '';
    throw new Error(`No trained ${MODEL_FAMILIES[wanted.model].title}${variant} on ${DATASETS[wanted.dataset].title} is shipped with the lab.`);
  }
  const modelJsonUrl = new URL(entry.path, base);
  return Promise.all(
    [MODEL_JSON_FILE, WEIGHTS_FILE].map(async (name) => new File([await download(new URL(name, modelJsonUrl).href, `The trained model's ${name}`, CHECKPOINT_MAX_BYTES, fetchImpl, signal)], name)),
  );
}
