/** Creates the page's store and starts its training worker: no React, so the page's first module can run it. */
import { createTrainer } from '../worker/client';
import { LabStore } from './labStore';
import { parseSettings } from './settings';

/** Starts the store's training worker, which fetches the datasets from data/ next to the page. */
export function connectLab(store: LabStore): void {
  store.connect(createTrainer, new URL('data/', document.baseURI).href);
}

/**
 * The page's store, reading its settings from the query string and publishing on animation frames, with its worker
 * already started: the worker loads its backend and the data while the page downloads and draws the lab.
 */
export function startLab(): LabStore {
  const { settings, notes } = parseSettings(window.location.search);
  const store = new LabStore(settings, notes, (callback) => requestAnimationFrame(callback));
  connectLab(store);
  return store;
}
