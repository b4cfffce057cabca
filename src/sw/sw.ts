/**
 * The lab's service worker (Workbox, built by vite-plugin-pwa's injectManifest). It keeps the lab
 * working offline and gives it the security headers a static host may not send:
 * - the app shell (HTML, every JS chunk, CSS, the .wasm binaries, fonts, icons) is precached;
 * - data/** and checkpoints/** are cached as they are fetched, in a cache named after their content;
 * - pages come from the network when it answers within 3 s, else from the precache, so nobody is
 *   stranded on an old build while online;
 * - every response gets COOP/COEP and the CSP where the host did not send them (the coi-serviceworker
 *   approach: cross-origin isolation, hence wasm threads, on any static host).
 */
import { CacheableResponsePlugin } from 'workbox-cacheable-response';
import { clientsClaim, type WorkboxPlugin } from 'workbox-core';
import { addPlugins, cleanupOutdatedCaches, matchPrecache, precacheAndRoute, type PrecacheEntry } from 'workbox-precaching';
import { NavigationRoute, registerRoute, setDefaultHandler } from 'workbox-routing';
import { CacheFirst, NetworkOnly } from 'workbox-strategies';
import { SECURITY_HEADERS } from './policy';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<PrecacheEntry | string> };

/** Files served as they are (public/data, public/checkpoints), listed at build time (vite.config.ts). */
declare const __VAE_LAB_FILES__: { version: string; urls: string[] };

const FILES_CACHE_PREFIX = 'vae-lab-files-';
/** A new data set or checkpoint changes the version, so its files are never mixed with old ones. */
const FILES_CACHE = `${FILES_CACHE_PREFIX}${__VAE_LAB_FILES__.version}`;
const NAVIGATION_TIMEOUT_SECONDS = 3;

/** Adds the security headers the response lacks (a host's own values win); opaque responses pass as they are. */
function withSecurityHeaders(response: Response): Response {
  if (response.type === 'opaque' || response.type === 'opaqueredirect') return response;
  const missing = Object.entries(SECURITY_HEADERS).filter(([name]) => !response.headers.has(name));
  if (missing.length === 0) return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of missing) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

const securityHeaders: WorkboxPlugin = {
  handlerWillRespond: async ({ response }) => withSecurityHeaders(response),
};

/** URL relative to the service worker's scope (the site's folder, whatever sub-path it is served under). */
function inScope(path: string): string {
  return new URL(path, self.registration.scope).href;
}

/**
 * Before the service worker existed (the first visit), the page fetched its data without it. Those
 * files are still in the HTTP cache: copy them into the files cache without touching the network.
 */
async function adoptHttpCachedFiles(): Promise<void> {
  const cache = await caches.open(FILES_CACHE);
  await Promise.all(
    __VAE_LAB_FILES__.urls.map(async (path) => {
      const url = inScope(path);
      if (await cache.match(url)) return;
      const response = await fetch(url, { cache: 'only-if-cached', mode: 'same-origin' }).catch(() => null);
      if (response?.status === 200) await cache.put(url, response);
    }),
  );
}

/** The trained models the lecture path opens (MNIST's VAE and autoencoder), cached ahead so a lecture works offline. */
const WARM_FILES = /^checkpoints\/(manifest\.json|mnist\/(vae|ae)\/)/;

/** Downloads the WARM_FILES not cached yet (about 1.6 MB), after the visit's own downloads (the worker installs late). */
async function warmLectureFiles(): Promise<void> {
  const cache = await caches.open(FILES_CACHE);
  for (const path of __VAE_LAB_FILES__.urls.filter((url) => WARM_FILES.test(url))) {
    const url = inScope(path);
    if (await cache.match(url)) continue;
    const response = await fetch(url).catch(() => null);
    if (response?.status === 200) await cache.put(url, response);
  }
}

/** Drops the files caches of older data sets and checkpoints. */
async function dropOldFileCaches(): Promise<void> {
  const names = await caches.keys();
  await Promise.all(names.filter((name) => name.startsWith(FILES_CACHE_PREFIX) && name !== FILES_CACHE).map((name) => caches.delete(name)));
}

/**
 * A new build's worker waits until no tab runs the old one (the old tabs may still load chunks of their
 * own build), then takes over; pages it did not load yet become controlled at once (clientsClaim).
 */
clientsClaim();
cleanupOutdatedCaches();
self.addEventListener('activate', (event) => event.waitUntil(Promise.all([dropOldFileCaches(), adoptHttpCachedFiles().then(warmLectureFiles)])));

// Navigations first: the precache's own route would answer them from the cache, old build or not.
const network = new NetworkOnly({ networkTimeoutSeconds: NAVIGATION_TIMEOUT_SECONDS, plugins: [securityHeaders] });
registerRoute(
  new NavigationRoute(async (options) => {
    try {
      return await network.handle(options);
    } catch (error) {
      const shell = await matchPrecache('index.html');
      if (shell) return withSecurityHeaders(shell);
      throw error;
    }
  }),
);

addPlugins([securityHeaders]);
precacheAndRoute(self.__WB_MANIFEST);

const filesStrategy = new CacheFirst({
  cacheName: FILES_CACHE,
  plugins: [new CacheableResponsePlugin({ statuses: [200] }), securityHeaders],
});
registerRoute(
  ({ url }) => url.href.startsWith(inScope('data/')) || url.href.startsWith(inScope('checkpoints/')),
  async (options) => {
    try {
      return await filesStrategy.handle(options);
    } catch (error) {
      // Offline and not in the files cache yet: the HTTP cache may still hold it from the first visit.
      const cached = await fetch(options.request, { cache: 'only-if-cached', mode: 'same-origin' }).catch(() => null);
      if (cached?.status === 200) return withSecurityHeaders(cached);
      throw error;
    }
  },
);

setDefaultHandler(new NetworkOnly({ plugins: [securityHeaders] }));
