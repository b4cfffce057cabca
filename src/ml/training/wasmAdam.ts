/**
 * The SIMD Adam kernel (adam.wat) over tfjs-wasm's own heap, so FusedAdam updates four weights per instruction
 * where its JavaScript loop updates one. The kernel imports tfjs's WebAssembly.Memory: tfjs-wasm's single-threaded
 * builds export it (the Emscripten module's `asm.memory`); the threaded build creates it in JavaScript and keeps it
 * private, so `captureWasmMemories` (called before tfjs-wasm starts) records the memories this realm creates.
 * Without SIMD, or when the memory cannot be found, `simdAdam` returns null and FusedAdam keeps its loop.
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

const NativeMemory = WebAssembly.Memory;
const created: Array<WeakRef<WebAssembly.Memory>> = [];

/** Records every WebAssembly.Memory made in this realm from now on (weakly); idempotent. Call before tfjs-wasm starts. */
export function captureWasmMemories(): void {
  if (WebAssembly.Memory !== NativeMemory) return;
  class RecordedMemory extends NativeMemory {
    constructor(descriptor: WebAssembly.MemoryDescriptor) {
      super(descriptor);
      created.push(new WeakRef(this));
    }
  }
  (WebAssembly as { Memory: typeof WebAssembly.Memory }).Memory = RecordedMemory;
}

/** tfjs's heap as a WebAssembly.Memory: the one whose buffer its heap views use. */
function heapMemory(backend: BackendWasm): WebAssembly.Memory | null {
  const module = backend.wasm as unknown as { HEAPU8: Uint8Array; asm?: { memory?: unknown } };
  const buffer = module.HEAPU8.buffer;
  const exported = module.asm?.memory;
  const candidates = [exported, ...created.map((memory) => memory.deref())];
  return candidates.find((memory): memory is WebAssembly.Memory => memory instanceof NativeMemory && memory.buffer === buffer) ?? null;
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
