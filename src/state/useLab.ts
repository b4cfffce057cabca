/** React binding of the lab: the page's store (see startLab) connected while mounted, the URL kept in sync. */
import { useEffect, useSyncExternalStore } from 'react';
import { markLabStepped, markLabUsable } from '../components/labUsable';
import { labControls } from './labState';
import type { LabState, LabStore } from './labStore';
import { serializeSettings } from './settings';
import { connectLab } from './startLab';

/** The lab's live state; the store (from startLab) is connected while mounted (again after React StrictMode's rehearsal unmount). */
export function useLab(store: LabStore): LabState {
  const state = useSyncExternalStore(store.subscribe, store.getState);

  useEffect(() => {
    if (!store.connected) connectLab(store);
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
