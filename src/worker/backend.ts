/**
 * The training worker's compute backend. tfjs-core holds the ops; each backend's code is its own chunk,
 * imported only when the worker tries that backend, so a machine without a GPU downloads wasm alone.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { fastest, probeWebGl, probeWebGpu, timeCurrentBackend, type GpuSupport, type WebGlSupport } from './backendProbe';
import { watchDevice, type DeviceWatch } from './deviceLoss';
import type { BackendChoice, BackendName } from './protocol';

export interface BackendSelection {
  backend: BackendName;
  reason: string;
  /** Tells when the backend's GPU device is lost (never for wasm and cpu). */
  device: DeviceWatch;
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

/** "wasm" or "wasm (2 threads, Adam in SIMD)". */
function named(name: BackendName, note: string): string {
  return note ? `${name} (${note})` : name;
}

/**
 * On a hardware GPU: times each candidate that starts (a few training-shaped steps each, see
 * `timeCurrentBackend`) and keeps the fastest. Null when none could be timed.
 */
async function fastestByProbe(candidates: readonly BackendName[]): Promise<Omit<BackendSelection, 'device'> | null> {
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
  const selected = await pickBackend(choice);
  return { ...selected, device: watchDevice(selected.backend) };
}

async function pickBackend(choice: BackendChoice): Promise<Omit<BackendSelection, 'device'>> {
  if (choice !== 'auto') {
    const note = await tryBackend(choice, true);
    if (note !== null) return { backend: choice, reason: `${named(choice, note)} chosen in the Backend menu` };
  }
  // wasm is a candidate in every case below: its code downloads while the GPU APIs are probed.
  if (choice !== 'wasm') void load('wasm').catch(() => undefined);
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

/** How long a restarted GPU backend's first read may take before it counts as not working. */
const RESTART_CHECK_MS = 10_000;
/** Waits before each attempt to start a lost GPU backend again (the browser restarts its GPU process meanwhile). */
const RESTART_WAITS_MS = [0, 1000, 3000];

/** True when the current backend computes 1 + 1 within RESTART_CHECK_MS. */
async function computes(): Promise<boolean> {
  const sum = tf.tidy(() => tf.add(tf.scalar(1), tf.scalar(1)));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), RESTART_CHECK_MS)));
  try {
    const value = await Promise.race([sum.data(), timeout]);
    return value !== null && value[0] === 2;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
    sum.dispose();
  }
}

/**
 * A backend for a worker whose `lost` backend lost its GPU device (dispose the tensors on it first): `lost` again on a
 * new device (tfjs keeps one instance per name, so it is removed and its factory registered anew; the kernels stay
 * registered), tried a few times while the browser restarts its GPU process; else wasm; else cpu.
 */
export async function restartBackend(lost: BackendName): Promise<BackendSelection> {
  const factory = tf.findBackendFactory(lost);
  const softwareWebGl = lost === 'webgl' && tf.env().getBool('SOFTWARE_WEBGL_ENABLED');
  for (const waitMs of RESTART_WAITS_MS) {
    if (!factory) break;
    await new Promise((resolve) => setTimeout(resolve, waitMs));
    try {
      if (tf.findBackendFactory(lost)) tf.removeBackend(lost);
      tf.registerBackend(lost, factory);
    } catch {
      break;
    }
    const note = await tryBackend(lost, softwareWebGl);
    if (note !== null && (await computes())) {
      return { backend: lost, reason: `${named(lost, note)} again, on a new GPU context (the previous one was lost)`, device: watchDevice(lost) };
    }
  }
  const wasm = await tryBackend('wasm');
  if (wasm !== null) return { backend: 'wasm', reason: `${lost} lost its GPU and could not start again: using ${named('wasm', wasm)}`, device: watchDevice('wasm') };
  if ((await tryBackend('cpu')) !== null) return { backend: 'cpu', reason: `${lost} lost its GPU and wasm could not start: using the plain JavaScript cpu backend (slow)`, device: watchDevice('cpu') };
  throw new Error(`The ${lost} backend lost its GPU and no other backend could start.`);
}
