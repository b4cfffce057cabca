/**
 * What the worker can learn about the machine before choosing a backend: whether WebGPU and WebGL
 * run on a hardware GPU, and how fast a backend does a training-shaped piece of work.
 */
import * as tf from '@tensorflow/tfjs-core';

/** A GPU API here: on a hardware GPU, only in software (SwiftShader, llvmpipe …), or not at all. */
export type GpuSupport = 'hardware' | 'software' | 'none';

/** WebGL's support, plus Safari, whose WebGL in a worker (OffscreenCanvas) is unreliable. */
export type WebGlSupport = GpuSupport | 'safari-worker';

/** Names of CPU rasterisers and software adapters (some pass failIfMajorPerformanceCaveat). */
const SOFTWARE_RENDERERS = /swiftshader|llvmpipe|softpipe|lavapipe|software|basic render|microsoft basic/i;

/** What WebGL this worker can get: a hardware context, only a software one, or none. */
export function probeWebGl(): WebGlSupport {
  const userAgent = self.navigator?.userAgent ?? '';
  if (/Safari\//.test(userAgent) && !/Chrome|Chromium|Android/.test(userAgent)) return 'safari-worker';
  if (typeof OffscreenCanvas === 'undefined') return 'none';
  const context = new OffscreenCanvas(1, 1).getContext('webgl2', { failIfMajorPerformanceCaveat: true });
  if (!context) return new OffscreenCanvas(1, 1).getContext('webgl2') ? 'software' : 'none';
  const info = context.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(context.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : context.RENDERER));
  context.getExtension('WEBGL_lose_context')?.loseContext();
  return SOFTWARE_RENDERERS.test(renderer) ? 'software' : 'hardware';
}

/**
 * What WebGPU adapter this worker gets: a fallback or software adapter (Chromium's SwiftShader one
 * behind --enable-unsafe-webgpu, say) counts as software.
 */
export async function probeWebGpu(): Promise<GpuSupport> {
  const gpu = self.navigator?.gpu;
  if (!gpu) return 'none';
  try {
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) return 'none';
    const { info } = adapter;
    const name = `${info.vendor} ${info.architecture} ${info.device} ${info.description}`;
    return info.isFallbackAdapter || SOFTWARE_RENDERERS.test(name) ? 'software' : 'hardware';
  } catch {
    return 'none';
  }
}

/** The probe's shapes: one dense layer of the default model (batch 128, 784 → 512) forward and backward. */
const PROBE_BATCH = 128;
const PROBE_IN = 784;
const PROBE_HIDDEN = 512;
const WARM_UP_STEPS = 2;
/** Stop timing after this long even when fewer than `PROBE_STEPS` steps ran (a slow backend loses anyway). */
const PROBE_BUDGET_MS = 400;
const PROBE_STEPS = 8;

/**
 * Milliseconds per training-shaped step on the current backend: x·W, ReLU, then the two gradient
 * matMuls with explicit transposes, as the app's dense layers run. Warm-up steps (shader compilation,
 * allocations) are not timed; one GPU read ends the timed steps. Leaves no tensors behind.
 */
export async function timeCurrentBackend(): Promise<number> {
  const x = tf.randomUniform([PROBE_BATCH, PROBE_IN]);
  const w = tf.randomNormal([PROBE_IN, PROBE_HIDDEN], 0, 0.05);
  const step = () =>
    tf.tidy(() => {
      const h = tf.relu(tf.matMul(x, w));
      const gradW = tf.matMul(tf.transpose(x), h);
      const gradX = tf.matMul(h, tf.transpose(w));
      return tf.add(tf.sum(gradW), tf.sum(gradX));
    });
  try {
    for (let i = 0; i < WARM_UP_STEPS; i++) {
      const warm = step();
      await warm.data();
      warm.dispose();
    }
    const started = performance.now();
    let steps = 0;
    let last: tf.Tensor | null = null;
    while (steps < PROBE_STEPS && performance.now() - started < PROBE_BUDGET_MS) {
      last?.dispose();
      last = step();
      steps++;
      if (steps % 4 === 0) await last.data();
    }
    await last?.data();
    last?.dispose();
    return (performance.now() - started) / steps;
  } finally {
    tf.dispose([x, w]);
  }
}

/** The backend with the fewest milliseconds per step (ties keep the earlier one); null when none was timed. */
export function fastest<Name extends string>(timings: ReadonlyArray<readonly [Name, number]>): Name | null {
  let best: readonly [Name, number] | null = null;
  for (const timing of timings) {
    if (Number.isFinite(timing[1]) && (best === null || timing[1] < best[1])) best = timing;
  }
  return best?.[0] ?? null;
}
