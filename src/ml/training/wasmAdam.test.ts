import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { afterAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../math/random';
import { ADAM_TEST_HYPER as HYPER, adamReferenceStep as reference } from './testing';
import { simdAdam, type AdamKernel } from './wasmAdam';

afterAll(async () => {
  await tf.setBackend('cpu');
});

/**
 * Runs `steps` steps of `kernel` on `count` weights laid out in `memory` (w, m, v updated in place; a fresh gradient
 * each step) and checks every value against the float64 reference.
 */
function checkAgainstReference(kernel: AdamKernel, memory: WebAssembly.Memory, base: number, count: number, steps: number) {
  const random = mulberry32(count);
  const [w, g, m, v] = [0, 1, 2, 3].map((k) => new Float32Array(memory.buffer, base + k * count * 4, count));
  w.forEach((_, i) => (w[i] = random() - 0.5));
  const start = Float32Array.from(w);
  m.fill(0);
  v.fill(0);
  const expected = Array.from(w, (value) => ({ w: value, m: 0, v: 0 }));
  for (let t = 1; t <= steps; t++) {
    g.forEach((_, i) => (g[i] = (random() - 0.5) * 4));
    const [pw, pg, pm, pv] = [w, g, m, v].map((array) => array.byteOffset);
    kernel(pw, pg, pm, pv, pw, pm, pv, count, HYPER.beta1, HYPER.beta2, 1 - HYPER.beta1, 1 - HYPER.beta2, HYPER.learningRate, HYPER.epsilon, 1 / (1 - HYPER.beta1 ** t), 1 / (1 - HYPER.beta2 ** t));
    expected.forEach((e, i) => Object.assign(e, reference(e.w, g[i], e.m, e.v, t)));
  }
  // float32 against float64: m sums terms of ±0.2 that largely cancel, so it gets an absolute tolerance of 5e-6.
  expected.forEach((e, i) => {
    expect(w[i]).toBeCloseTo(e.w, 5);
    expect(m[i]).toBeCloseTo(e.m, 5);
    expect(v[i]).toBeCloseTo(e.v, 6);
  });
  // Each step moves a weight by up to about the learning rate: a kernel that wrote nothing would fail here too.
  expect(Math.max(...w.map((value, i) => Math.abs(value - start[i])))).toBeGreaterThan(HYPER.learningRate);
}

describe('simdAdam', () => {
  it('runs on Node’s wasm backend (its exported memory) and matches PyTorch’s step, SIMD lanes and the scalar tail', async () => {
    await tf.setBackend('wasm');
    const backend = tf.backend() as BackendWasm;
    const kernel = simdAdam(backend);
    expect(kernel).not.toBeNull();
    for (const count of [37, 64, 3]) {
      const scratch = tf.zeros([4 * count]);
      const base = backend.getMemoryOffset(scratch.dataId);
      const memory = (backend.wasm as unknown as { asm: { memory: WebAssembly.Memory } }).asm.memory;
      checkAgainstReference(kernel as AdamKernel, memory, base, count, 30);
      scratch.dispose();
    }
  });

  it('runs its shared variant on a module’s shared `wasmMemory` (the threaded build’s heap, as its glue exposes it)', () => {
    const memory = new WebAssembly.Memory({ initial: 2, maximum: 65536, shared: true });
    expect(memory.buffer).toBeInstanceOf(SharedArrayBuffer);
    const backend = { wasm: { wasmMemory: memory } } as unknown as BackendWasm;
    const kernel = simdAdam(backend);
    expect(kernel).not.toBeNull();
    checkAgainstReference(kernel as AdamKernel, memory, 1024, 101, 20);
  });

  it('is null for a module that exposes no memory', () => {
    const backend = { wasm: { HEAPU8: new Uint8Array(new ArrayBuffer(64)) } } as unknown as BackendWasm;
    expect(simdAdam(backend)).toBeNull();
  });
});
