/**
 * The wasm backend, set up the app's way: its .wasm files come from the app's own origin (hashed build
 * assets), and XNNPACK gets one thread per logical core when the page is cross-origin isolated
 * (threads need SharedArrayBuffer). Importing this module registers the backend with tfjs.
 */
import * as tf from '@tensorflow/tfjs-core';
import { getThreadsCount, setThreadsCount, setWasmPaths, type BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import wasmPlainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { simdAdam } from '../ml/training/wasmAdam';

setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlainUrl,
  'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedUrl,
});

const logicalCores = Math.max(1, self.navigator?.hardwareConcurrency ?? 1);
setThreadsCount(logicalCores);
// tfjs 4.22's wasm module caps its thread pool at hardwareConcurrency / 2 (it assumes two hyperthreads
// per core), which leaves a 2-core laptop with one thread. It reads the count while the module
// instantiates (in tf.setBackend('wasm')), so this worker reports twice its cores from here on;
// nothing else in the training worker reads the count.
Object.defineProperty(self.navigator, 'hardwareConcurrency', { value: logicalCores * 2, configurable: true });

/** How the running wasm backend computes, e.g. "2 threads, Adam in SIMD"; call after it initialised. */
export function describeWasm(): string {
  const threads = getThreadsCount();
  const adam = simdAdam(tf.backend() as BackendWasm) ? 'Adam in SIMD' : 'Adam in JavaScript';
  if (threads > 1) return `${threads} threads, ${adam}`;
  return self.crossOriginIsolated ? `1 thread, ${adam}` : `1 thread, ${adam}: the page is not cross-origin isolated`;
}
