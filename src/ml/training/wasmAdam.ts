/**
 * The SIMD Adam kernel (adam.wat) over tfjs-wasm's own heap, so FusedAdam updates four weights per instruction
 * where its JavaScript loop updates one. The kernel imports tfjs's WebAssembly.Memory, which the Emscripten module
 * holds: as `wasmMemory` in the threaded build (which creates it in JavaScript and shares it with its pthreads), as
 * the instance's exported `asm.memory` in the single-threaded ones. Without SIMD, or without that memory,
 * `simdAdam` returns null and FusedAdam keeps its loop.
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { ADAM_WASM_PLAIN, ADAM_WASM_SHARED } from './adamWasm.generated';

/** adam.wat's export: byte offsets of w, g, m, v and the three outputs, the count, then the step's numbers (keep = 1 − β). */
export type AdamKernel = (
  weight: number,
  gradient: number,
  m: number,
  v: number,
  nextWeight: number,
  nextM: number,
  nextV: number,
  count: number,
  beta1: number,
  beta2: number,
  keep1: number,
  keep2: number,
  learningRate: number,
  epsilon: number,
  unbias1: number,
  unbias2: number,
) => void;

/** tfjs's heap as a WebAssembly.Memory, or null when the module does not expose it. */
function heapMemory(backend: BackendWasm): WebAssembly.Memory | null {
  const module = backend.wasm as unknown as { wasmMemory?: unknown; asm?: { memory?: unknown } };
  const memory = module.wasmMemory ?? module.asm?.memory;
  return memory instanceof WebAssembly.Memory ? memory : null;
}

const kernels = new WeakMap<object, AdamKernel | null>();

/** The kernel over `backend`'s heap, made once per tfjs-wasm module; null when this machine or build cannot run it. */
export function simdAdam(backend: BackendWasm): AdamKernel | null {
  const cached = kernels.get(backend.wasm);
  if (cached !== undefined) return cached;
  let kernel: AdamKernel | null = null;
  const memory = heapMemory(backend);
  if (memory) {
    const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
    const bytes = Uint8Array.from(atob(shared ? ADAM_WASM_SHARED : ADAM_WASM_PLAIN), (c) => c.charCodeAt(0));
    try {
      const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
      kernel = instance.exports.adam as AdamKernel;
    } catch {
      // No WebAssembly SIMD here, or the memory's limits differ from the import's: FusedAdam's loop does the work.
      kernel = null;
    }
  }
  kernels.set(backend.wasm, kernel);
  return kernel;
}
