/**
 * The last session, kept in this browser: the active run as a .vaelab file (weights, Adam, step, curves, settings),
 * written about every 30 s of training and when the page is hidden, offered back when the page opens again and
 * restored after the worker had to be restarted. One slot: each autosave replaces the previous one.
 */
import { createStore, get, set, type UseStore } from 'idb-keyval';
import type { DatasetName, ModelKind } from '../worker/protocol';

/** Training time between autosaves. */
export const AUTOSAVE_INTERVAL_MS = 30_000;

/** What the "Restore your last session" offer names. */
export interface AutosaveInfo {
  savedAt: number;
  dataset: DatasetName;
  model: ModelKind;
  step: number;
}

/** The offer as shown: the autosave and how long ago it was made when the page opened ("3 min ago"). */
export interface LastSession extends AutosaveInfo {
  ago: string;
}

export interface AutosaveSlot {
  read(): Promise<{ info: AutosaveInfo; bytes: Uint8Array<ArrayBuffer> } | null>;
  write(info: AutosaveInfo, bytes: Uint8Array<ArrayBuffer>): Promise<void>;
}

const KEY = 'last-session';

/** The IndexedDB slot (through idb-keyval); a value of the wrong shape reads as no autosave. */
export function browserAutosaveSlot(): AutosaveSlot {
  let store: UseStore | null = null;
  const open = () => (store ??= createStore('vae-lab-autosave', 'sessions'));
  return {
    async read() {
      const value: unknown = await get(KEY, open());
      if (typeof value !== 'object' || value === null) return null;
      const { info, bytes } = value as { info?: Partial<AutosaveInfo>; bytes?: unknown };
      if (!info || typeof info.savedAt !== 'number' || typeof info.step !== 'number' || !(bytes instanceof Uint8Array)) return null;
      return { info: info as AutosaveInfo, bytes: bytes as Uint8Array<ArrayBuffer> };
    },
    async write(info, bytes) {
      await set(KEY, { info, bytes }, open());
    },
  };
}

/** "just now", "3 min ago", "2 h ago", "4 days ago" for the restore offer. */
export function timeAgo(savedAt: number, now: number): string {
  const minutes = Math.floor((now - savedAt) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} days ago`;
}
