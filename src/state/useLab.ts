/** React binding of the lab: one store per page, one worker per mount, the URL kept in sync. */
import { useEffect, useState, useSyncExternalStore } from 'react';
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

/** The lab's live state and the store whose methods are the actions. */
export function useLab(): { state: LabState; store: LabStore } {
  const [store] = useState(createStore);
  const state = useSyncExternalStore(store.subscribe, store.getState);

  useEffect(() => {
    store.connect(createTrainer, new URL('data/', document.baseURI).href);
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

  return { state, store };
}
