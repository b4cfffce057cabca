/**
 * Vite plugin for tfjs-backend-wasm's threaded build: it survives minification, and it starts only the pthread
 * workers XNNPACK will use.
 *
 * Minification: tfjs starts each pthread
 * worker from a Blob holding `factory.toString()`, so the factory must not use variables from around
 * it; Emscripten's glue reads `_scriptDir` from its enclosing closure, which the minifier renames (and
 * drops the `typeof` guard of), so every pthread died with "ReferenceError: e is not defined". Inside a
 * module worker `_scriptDir` is undefined anyway (no document.currentScript, no __filename; tfjs passes
 * the script as `mainScriptUrlOrBlob`), so the plugin declares it inside the factory instead.
 */
import type { Plugin } from 'vite';

const GLUE = /tfjs-backend-wasm[\\/]wasm-out[\\/]tfjs-backend-wasm-threaded-simd\.js(\?|$)/;
const OUTER_SCRIPT_DIR = /\n\s*var _scriptDir = [^\n]*\n\s*if \(typeof __filename !== 'undefined'\) _scriptDir = _scriptDir \|\| __filename;/;
const FACTORY_START = 'function(WasmBackendModuleThreadedSimd) {';
const POOL_SIZE = 'var pthreadPoolSize=8;';
/**
 * Pool size: Emscripten's glue starts 8 pthread workers whatever the machine, and the module is not ready until
 * every one has instantiated the wasm (a V8 isolate each: ~0.1 s of CPU apiece, and on a 2-core laptop most of a second
 * before Train). tfjs runs XNNPACK on min(8, hardwareConcurrency / 2) threads, the caller being one of them, so the pool
 * must hold that many minus one: a pthread the pool lacks would hang the backend's start (pthreadpool waits for its
 * threads while the glue's on-demand worker waits for the same event loop to load). At least one keeps the glue's
 * readiness count (it waits for the pool's workers to load) from waiting on none.
 */
const POOL_SIZE_NEEDED =
  'var pthreadPoolSize=Math.max(1,Math.min(8,Math.floor((typeof navigator!=="undefined"&&navigator.hardwareConcurrency||2)/2))-1);';

/** The glue with `_scriptDir` declared inside the factory; throws when tfjs's glue no longer looks as expected. */
export function selfContainedFactory(glue: string): string {
  if (!OUTER_SCRIPT_DIR.test(glue) || !glue.includes(FACTORY_START)) throw glueChanged();
  return glue.replace(OUTER_SCRIPT_DIR, '').replace(FACTORY_START, `${FACTORY_START}\nvar _scriptDir;`);
}

/** The glue with a pthread pool of min(8, hardwareConcurrency / 2) − 1 workers (at least 1) instead of 8; throws when tfjs's glue no longer looks as expected. */
export function poolSizedToThreads(glue: string): string {
  if (glue.split(POOL_SIZE).length !== 2) throw glueChanged();
  return glue.replace(POOL_SIZE, POOL_SIZE_NEEDED);
}

function glueChanged(): Error {
  return new Error('tfjs-backend-wasm threaded glue changed: check scripts/build/tfjsWasmThreads.ts still applies');
}

export function tfjsWasmThreads(): Plugin {
  return {
    name: 'vae-lab:tfjs-wasm-threads',
    enforce: 'pre',
    transform(code, id) {
      return GLUE.test(id) ? { code: poolSizedToThreads(selfContainedFactory(code)), map: null } : null;
    },
  };
}
