/**
 * The training worker's compute backend. tfjs-core holds the ops; each backend's code is its own chunk,
 * imported only when the worker tries that backend, so a machine without a GPU downloads wasm alone.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { fastest, probeWebGl, probeWebGpu, timeCurrentBackend, type GpuSupport, type WebGlSupport } from './backendProbe';
import type { BackendChoice, BackendName } from './protocol';

export interface BackendSelection {
  backend: BackendName;
  reason: string;
}

/** Imports a backend's code (which registers it with tfjs); resolves to a note on how it runs. */
const LOADERS: Record<BackendName, () => Promise<() => string>> = {
  wasm: () => import('./wasmBackend').then((module) => module.describeWasm),
  webgpu: () => import('@tensorflow/tfjs-backend-webgpu').then(() => () => ''),
  webgl: () => import('@tensorflow/tfjs-backend-webgl').then(() => () => ''),
  cpu: () => import('@tensorflow/tfjs-backend-cpu').then(() => () => ''),
};

const loaded = new Map<BackendName, Promise<() => string>>();

/** Each backend's code is imported once; a failed import (offline, say) is tried again next time. */
function load(name: BackendName): Promise<() => string> {
  let loading = loaded.get(name);
  if (!loading) {
    loading = LOADERS[name]();
    loading.catch(() => loaded.delete(name));
    loaded.set(name, loading);
  }
  return loading;
}

/**
 * Switches tfjs to `name`; null when it cannot start there, else a note such as "2 threads". WebGL
 * accepts a software-rendered context only when `softwareWebGl` (the flag exists once its code is loaded).
 */
async function tryBackend(name: BackendName, softwareWebGl = false): Promise<string | null> {
  try {
    const describe = await load(name);
    if (name === 'webgl') tf.env().set('SOFTWARE_WEBGL_ENABLED', softwareWebGl);
    const ok = await tf.setBackend(name);
    await tf.ready();
    if (!ok || tf.getBackend() !== name) return null;
    if (name === 'webgl' && !tf.env().getBool('WEBGL_RENDER_FLOAT32_CAPABLE')) return null;
    return describe();
  } catch {
    return null;
  }
}

/** "wasm" or "wasm (2 threads)". */
function named(name: BackendName, note: string): string {
  return note ? `${name} (${note})` : name;
}

/**
 * On a hardware GPU: times each candidate that starts (a few training-shaped steps each, see
 * `timeCurrentBackend`) and keeps the fastest. Null when none could be timed.
 */
async function fastestByProbe(candidates: readonly BackendName[]): Promise<BackendSelection | null> {
  const timings: Array<[BackendName, number]> = [];
  for (const name of candidates) {
    if ((await tryBackend(name)) === null) continue;
    try {
      timings.push([name, await timeCurrentBackend()]);
    } catch {
      // A backend that cannot run the probe's ops cannot train either: it is not a candidate.
    }
  }
  const best = fastest(timings);
  if (best === null) return null;
  const note = await tryBackend(best);
  if (note === null) return null;
  const measured = timings.map(([name, ms]) => `${name} ${ms.toFixed(1)} ms`).join(', ');
  return { backend: best, reason: `${named(best, note)} was the fastest in a start-up probe on this GPU (per step: ${measured})` };
}

/** Why the GPU backends were passed over, for the status bar. */
function whyNoGpu(webGpu: GpuSupport, webGl: WebGlSupport): string {
  if (webGl === 'safari-worker') return 'WebGL in a worker is unreliable in Safari';
  if (webGpu === 'none' && webGl === 'none') return 'neither WebGPU nor WebGL is available in a worker here';
  if (webGpu !== 'hardware' && webGl !== 'hardware') return 'the GPU APIs here are software-rendered, so wasm (CPU SIMD) is faster';
  return 'no GPU backend could start or run the probe';
}

/**
 * Picks the backend: the user's choice when it starts; else, on a hardware GPU (WebGPU or WebGL), the
 * fastest of webgpu / webgl / wasm in a short timed probe; else wasm; else cpu. Software renderers
 * (SwiftShader, llvmpipe) never get a GPU backend unless asked for. Runs before any tensor exists.
 */
export async function selectBackend(choice: BackendChoice): Promise<BackendSelection> {
  if (choice !== 'auto') {
    const note = await tryBackend(choice, true);
    if (note !== null) return { backend: choice, reason: `${named(choice, note)} chosen in the Backend menu` };
  }
  const [webGpu, webGl] = await Promise.all([probeWebGpu(), probeWebGl()]);
  if (choice === 'auto' && (webGpu === 'hardware' || webGl === 'hardware')) {
    const candidates: BackendName[] = [...(webGpu === 'hardware' ? ['webgpu' as const] : []), ...(webGl === 'hardware' ? ['webgl' as const] : []), 'wasm'];
    const picked = await fastestByProbe(candidates);
    if (picked) return picked;
  }
  const prefix = choice === 'auto' ? '' : `${choice} could not start; `;
  if (choice !== 'wasm') {
    const note = await tryBackend('wasm');
    if (note !== null) return { backend: 'wasm', reason: `${prefix}${whyNoGpu(webGpu, webGl)}: using ${named('wasm', note)}` };
  }
  if ((await tryBackend('cpu')) !== null) {
    return { backend: 'cpu', reason: `${prefix}wasm could not start: using the plain JavaScript cpu backend (slow)` };
  }
  throw new Error('No tfjs backend could start in this browser.');
}
