import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { fastest, timeCurrentBackend } from './backendProbe';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('fastest', () => {
  it('picks the fewest milliseconds per step, the earlier one on a tie, and skips non-finite timings', () => {
    expect(fastest([['webgpu', 3], ['webgl', 2], ['wasm', 5]])).toBe('webgl');
    expect(fastest([['webgl', 2], ['wasm', 2]])).toBe('webgl');
    expect(fastest([['webgpu', Number.NaN], ['webgl', Number.POSITIVE_INFINITY], ['wasm', 9]])).toBe('wasm');
    expect(fastest([])).toBeNull();
  });
});

describe('timeCurrentBackend', () => {
  it('returns a positive, finite time per step and leaves no tensors behind', async () => {
    const before = tf.memory().numTensors;
    const ms = await timeCurrentBackend();
    expect(Number.isFinite(ms)).toBe(true);
    expect(ms).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(before);
  });
});
