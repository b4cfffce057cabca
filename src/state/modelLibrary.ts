/**
 * Models saved in this browser (IndexedDB through idb-keyval): a small record per model for the list, and the
 * .vaelab bytes under the same id in a second store, so listing never reads megabytes of weights.
 */
import { createStore, del, get, getMany, keys, set, type UseStore } from 'idb-keyval';
import { isDatasetId } from '../ml/data/datasets';
import { isModelKind } from '../ml/models/family';
import type { DatasetName, ModelKind } from '../worker/protocol';

/** What the "Open" list shows of a saved model. */
export interface SavedModelInfo {
  id: string;
  name: string;
  /** ms since 1970 (Date.now()) when it was saved. */
  savedAt: number;
  dataset: DatasetName;
  model: ModelKind;
  step: number;
  bytes: number;
}

/** The browser's storage, or why it cannot be used. */
export interface ModelLibrary {
  list(): Promise<SavedModelInfo[]>;
  save(info: Omit<SavedModelInfo, 'id' | 'savedAt' | 'bytes'>, file: Uint8Array<ArrayBuffer>): Promise<SavedModelInfo>;
  read(id: string): Promise<Uint8Array<ArrayBuffer> | null>;
  remove(id: string): Promise<void>;
}

/** A name is trimmed and at most this long. */
export const MODEL_NAME_MAX = 60;

/** A record as this version of the lab writes it (another version's, or a damaged one, is not listed). */
const isInfo = (value: unknown): value is SavedModelInfo => {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const finite = (x: unknown) => typeof x === 'number' && Number.isFinite(x);
  return typeof v.id === 'string' && typeof v.name === 'string' && finite(v.savedAt) && finite(v.step) && finite(v.bytes) && isDatasetId(v.dataset) && isModelKind(v.model);
};

/** One sentence for a storage failure: full, unavailable (private windows of some browsers) or other. */
export function describeStorageError(error: unknown): string {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  if (name === 'QuotaExceededError') return "The browser's storage for this site is full: delete a saved model, or use Download model instead.";
  if (name === 'InvalidStateError' || name === 'SecurityError' || typeof indexedDB === 'undefined')
    return 'This browser does not let the lab store models (IndexedDB is unavailable, as in some private windows): use Download model instead.';
  return `The browser's storage failed: ${error instanceof Error ? error.message : String(error)}. Use Download model instead.`;
}

/** The IndexedDB-backed library (two databases, as idb-keyval keeps one store per database). */
export function browserModelLibrary(): ModelLibrary {
  let stores: { meta: UseStore; files: UseStore } | null = null;
  const open = () => (stores ??= { meta: createStore('vae-lab-models', 'meta'), files: createStore('vae-lab-model-files', 'files') });
  return {
    async list() {
      const { meta } = open();
      const ids = (await keys(meta)).filter((key): key is string => typeof key === 'string');
      const infos = await getMany(ids, meta);
      return infos.filter(isInfo).sort((a, b) => b.savedAt - a.savedAt);
    },
    async save(info, file) {
      const { meta, files } = open();
      const savedAt = Date.now();
      const id = `${savedAt.toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
      const record: SavedModelInfo = { ...info, name: info.name.trim().slice(0, MODEL_NAME_MAX), id, savedAt, bytes: file.byteLength };
      await set(id, file, files);
      try {
        await set(id, record, meta);
      } catch (error) {
        // Without its record the file would never be listed, nor deleted.
        await del(id, files).catch(() => undefined);
        throw error;
      }
      return record;
    },
    async read(id) {
      const bytes: unknown = await get(id, open().files);
      return bytes instanceof Uint8Array ? (bytes as Uint8Array<ArrayBuffer>) : null;
    },
    async remove(id) {
      const { meta, files } = open();
      await del(id, meta);
      await del(id, files);
    },
  };
}

/** A default name: "VAE on MNIST, step 2,345". */
export function defaultModelName(modelTitle: string, datasetTitle: string, step: number): string {
  return `${modelTitle} on ${datasetTitle}, step ${step.toLocaleString('en-US')}`;
}

/** The download's file name: "vae-mnist-step2345.vaelab". */
export function modelFileName(model: ModelKind, dataset: DatasetName, step: number): string {
  return `${model}-${dataset}-step${step}.vaelab`;
}
