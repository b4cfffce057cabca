/**
 * How a panel opens an analysis view: while its element is on screen (or forced open), the worker computes
 * the view for the active run; the panel reads the latest result. Views off screen cost nothing.
 */
import { createContext, useContext, useEffect, useState, useSyncExternalStore, type RefObject } from 'react';
import type { ViewKind, ViewRequests, ViewResult } from '../worker/protocol';
import { activeRecord } from './labState';
import type { LabStore } from './labStore';

/** The lab's store, for panels that open views (App provides it). */
export const LabStoreContext = createContext<LabStore | null>(null);

export function useLabStore(): LabStore {
  const store = useContext(LabStoreContext);
  if (!store) throw new Error('useLabStore needs a LabStoreContext provider');
  return store;
}

/** True while `ref`'s element is within one screen of the viewport. */
export function useOnScreen(ref: RefObject<Element | null>): boolean {
  const [onScreen, setOnScreen] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (!element || typeof IntersectionObserver === 'undefined') {
      setOnScreen(true);
      return;
    }
    const observer = new IntersectionObserver(([entry]) => setOnScreen(entry.isIntersecting), { rootMargin: '50% 0px' });
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return onScreen;
}

/**
 * Opens view `kind` with `request` while `open` (null request: closed) and returns its latest result for
 * the active run, or null before the first one arrives.
 */
export function useView<K extends ViewKind>(kind: K, request: NonNullable<ViewRequests[K]> | null, open: boolean): ViewResult<K> | null {
  const store = useLabStore();
  const [owner] = useState(() => Symbol(kind));
  const requestKey = request === null ? null : JSON.stringify(request);
  useEffect(() => {
    if (!open || requestKey === null) return;
    store.openView(kind, JSON.parse(requestKey) as NonNullable<ViewRequests[K]>, owner);
    return () => store.closeView(kind, owner);
  }, [store, kind, owner, open, requestKey]);
  return useSyncExternalStore(store.subscribe, () => (activeRecord(store.getState()).views[kind] ?? null) as ViewResult<K> | null);
}
