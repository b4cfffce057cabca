import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { BackendChoice, BackendName } from './protocol';

setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlainUrl,
  'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedUrl,
});

export interface BackendSelection {
  backend: BackendName;
  reason: string;
}

type WebGlSupport = 'hardware' | 'software' | 'none' | 'safari-worker';

/** Renderer names of CPU rasterisers, which pass failIfMajorPerformanceCaveat in some Chromium builds. */
const SOFTWARE_RENDERERS = /swiftshader|llvmpipe|softpipe|software|basic render/i;

/** What WebGL this worker can get: a hardware context, only a software one, or none. */
function probeWebGl(): WebGlSupport {
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

/** Switches tfjs to `name`; false when it cannot start there (setBackend returns false rather than throwing). */
async function tryBackend(name: BackendName): Promise<boolean> {
  try {
    const ok = await tf.setBackend(name);
    await tf.ready();
    if (!ok || tf.getBackend() !== name) return false;
    if (name === 'webgl' && !tf.env().getBool('WEBGL_RENDER_FLOAT32_CAPABLE')) return false;
    return true;
  } catch {
    return false;
  }
}

const WHY_NOT_WEBGL: Record<Exclude<WebGlSupport, 'hardware'>, string> = {
  software: 'WebGL is software-rendered here, so wasm (CPU SIMD) is faster',
  none: 'WebGL is not available in a worker here',
  'safari-worker': 'WebGL in a worker is unreliable in Safari',
};

/**
 * Picks the backend: the user's choice when it starts, else webgl on a real GPU, else wasm, else cpu.
 * Must run before any tensor exists (tfjs flags are read when a backend initialises).
 */
export async function selectBackend(choice: BackendChoice): Promise<BackendSelection> {
  const support = probeWebGl();
  tf.env().set('SOFTWARE_WEBGL_ENABLED', choice === 'webgl');
  if (choice !== 'auto') {
    if (await tryBackend(choice)) return { backend: choice, reason: `${choice} chosen in the Backend menu` };
  }
  const prefix = choice === 'auto' ? '' : `${choice} could not start; `;
  if (choice === 'auto' && support === 'hardware' && (await tryBackend('webgl'))) {
    return { backend: 'webgl', reason: 'WebGL on this GPU is the fastest backend here' };
  }
  const whyNotWebGl = support === 'hardware' ? 'WebGL could not render float32 textures' : WHY_NOT_WEBGL[support];
  if (choice !== 'wasm' && (await tryBackend('wasm'))) return { backend: 'wasm', reason: `${prefix}${whyNotWebGl}: using wasm` };
  if (await tryBackend('cpu')) return { backend: 'cpu', reason: `${prefix}wasm could not start: using the plain JavaScript cpu backend (slow)` };
  throw new Error('No tfjs backend could start in this browser.');
}
