/** React binding of the lab: one store per page, its worker started before the first render, the URL kept in sync. */
import { useEffect, useSyncExternalStore } from 'react';
import { markLabStepped, markLabUsable } from '../components/labUsable';
import { createTrainer } from '../worker/client';
import { labControls } from './labState';
import { LabStore } from './labStore';
import type { LabState } from './labStore';
import { parseSettings, serializeSettings } from './settings';

/** Creates the store from the page's query string, publishing on animation frames. */
function createStore(): LabStore {
  const { settings, notes } = parseSettings(window.location.search);
  return new LabStore(settings, notes, (callback) => requestAnimationFrame(callback));
}

const dataBaseUrl = () => new URL('data/', document.baseURI).href;

/**
 * The page's store with its worker already started, so the worker loads its backend and the data while React draws
 * the page (the lab's first render takes most of a second on a 2-core laptop).
 */
export function startLab(): LabStore {
  const store = createStore();
  store.connect(createTrainer, dataBaseUrl());
  return store;
}

/** The lab's live state; the store (from startLab) is connected while mounted (again after React StrictMode's rehearsal unmount). */
export function useLab(store: LabStore): LabState {
  const state = useSyncExternalStore(store.subscribe, store.getState);

  useEffect(() => {
    if (!store.connected) store.connect(createTrainer, dataBaseUrl());
    const onVisibility = () => store.setVisible(document.visibilityState === 'visible');
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      document.removeEventListener('visibilitychange', onVisibility);
      store.disconnect();
    };
  }, [store]);

  const { canTrain, step } = labControls(state);
  useEffect(() => {
    if (canTrain) markLabUsable();
    if (step > 0) markLabStepped();
  }, [canTrain, step]);

  useEffect(() => {
    const { pathname, search, hash } = window.location;
    const query = serializeSettings(state.settings, search);
    if (query !== search) window.history.replaceState(window.history.state, '', `${pathname}${query}${hash}`);
  }, [state.settings]);

  return state;
}
