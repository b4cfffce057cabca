/**
 * Vite plugin: makes tfjs-backend-wasm's threaded build survive minification. tfjs starts each pthread
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

/** The glue with `_scriptDir` declared inside the factory; throws when tfjs's glue no longer looks as expected. */
export function selfContainedFactory(glue: string): string {
  if (!OUTER_SCRIPT_DIR.test(glue) || !glue.includes(FACTORY_START)) {
    throw new Error('tfjs-backend-wasm threaded glue changed: check scripts/build/tfjsWasmThreads.ts still applies');
  }
  return glue.replace(OUTER_SCRIPT_DIR, '').replace(FACTORY_START, `${FACTORY_START}\nvar _scriptDir;`);
}

export function tfjsWasmThreads(): Plugin {
  return {
    name: 'vae-lab:tfjs-wasm-threads',
    enforce: 'pre',
    transform(code, id) {
      return GLUE.test(id) ? { code: selfContainedFactory(code), map: null } : null;
    },
  };
}
