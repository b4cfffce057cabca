/**
 * Page side of the service worker (src/sw/sw.ts): registered once the lab has settled (first training
 * step, or a moment after Train is enabled), so its downloads never delay training; the URL is relative,
 * so any sub-path works.
 */
import { Workbox } from 'workbox-window';
import { whenLabSettled } from '../components/labUsable';

/** A first visit reloads itself for cross-origin isolation only this soon after it loaded, and only untouched. */
const RELOAD_WINDOW_MS = 20_000;
/** Registration waits for the first step, or this long after Train is enabled (it downloads ~6 MB). */
const REGISTER_IDLE_MS = 1_500;
const REGISTER_DEADLINE_MS = 30_000;

/** Registers the service worker in production builds; a browser without service workers runs the lab as before. */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const loadedAt = performance.now();
  let touched = false;
  for (const type of ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const) {
    window.addEventListener(type, () => (touched = true), { capture: true, once: true, passive: true });
  }
  const workbox = new Workbox(new URL('sw.js', document.baseURI).href);
  // The first time a service worker controls this page: on a host that sends no COOP/COEP the page is
  // not cross-origin isolated yet; a reload goes through the worker, which adds them (wasm threads).
  workbox.addEventListener('controlling', (event) => {
    if (event.isUpdate || self.crossOriginIsolated || touched) return;
    if (performance.now() - loadedAt < RELOAD_WINDOW_MS) window.location.reload();
  });
  void whenLabSettled(REGISTER_IDLE_MS, REGISTER_DEADLINE_MS)
    .then(() => workbox.register())
    .catch((error: unknown) => console.warn('No service worker: the lab works, but not offline.', error));
}
