/**
 * Noticing that the GPU under the tfjs backend is gone (a driver reset, the browser's GPU process crashed). A GPU
 * read then never settles (tfjs-webgl polls a fence that never signals), so GPU work is raced against the loss.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendName } from './protocol';

/** Watches the device the current backend runs on. */
export interface DeviceWatch {
  /** Aborts, with what happened in words as its reason, once the device is lost; never for wasm and cpu. */
  signal: AbortSignal;
  /** True once the device is known lost (WebGL knows before its event is dispatched). */
  isLost(): boolean;
  /** False for a device that cannot be lost (wasm, cpu): no CPU copies are needed then. */
  canBeLost: boolean;
}

/** The error GPU work rejects with when its device was lost. */
export class DeviceLostError extends Error {
  override name = 'DeviceLostError';
}

/** A device that is never lost (wasm, cpu). */
export function neverLost(): DeviceWatch {
  return { signal: new AbortController().signal, isLost: () => false, canBeLost: false };
}

/** A watch whose device is lost when the caller says (`lose(reason)`): tests, and the watchers below. */
export function controlledWatch(isLost?: () => boolean): DeviceWatch & { lose(reason: string): void } {
  const controller = new AbortController();
  return {
    signal: controller.signal,
    isLost: () => controller.signal.aborted || (isLost?.() ?? false),
    canBeLost: true,
    lose: (reason) => controller.abort(reason),
  };
}

interface WebGlBackendLike {
  gpgpu?: { gl?: WebGLRenderingContext | WebGL2RenderingContext };
}

interface WebGpuBackendLike {
  device?: { lost?: Promise<{ message?: string }> };
}

/** Watches the current tfjs backend's device: WebGL's context (its canvas's 'webglcontextlost'), WebGPU's `device.lost`. */
export function watchDevice(backend: BackendName): DeviceWatch {
  if (backend === 'webgl') {
    const gl = (tf.backend() as WebGlBackendLike).gpgpu?.gl;
    if (gl) {
      const watch = controlledWatch(() => gl.isContextLost());
      gl.canvas.addEventListener('webglcontextlost', () => watch.lose('the WebGL context was lost'), { once: true });
      if (gl.isContextLost()) watch.lose('the WebGL context was lost');
      return watch;
    }
  }
  if (backend === 'webgpu') {
    const deviceLost = (tf.backend() as WebGpuBackendLike).device?.lost;
    if (deviceLost) {
      const watch = controlledWatch();
      void deviceLost.then((info) => watch.lose(`the WebGPU device was lost${info.message ? ` (${info.message})` : ''}`));
      return watch;
    }
  }
  return neverLost();
}

/**
 * Settles with `work`, or rejects with a DeviceLostError once `watch`'s device is lost (at once when it already is).
 * An error `work` throws after the loss (tfjs failing on a dead context) becomes a DeviceLostError too.
 */
export function raceDevice<T>(watch: DeviceWatch, work: Promise<T>): Promise<T> {
  const { signal } = watch;
  const lostError = () => new DeviceLostError(typeof signal.reason === 'string' ? signal.reason : 'the GPU device was lost');
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(lostError());
  }
  return new Promise<T>((resolve, reject) => {
    const onLost = () => reject(lostError());
    signal.addEventListener('abort', onLost, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onLost);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onLost);
        reject(watch.isLost() && !(error instanceof DeviceLostError) ? lostError() : error);
      },
    );
  });
}
