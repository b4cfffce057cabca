import { describe, expect, it } from 'vitest';
import { anotherProbe, defaultProbeSelection, randomPair } from './probes';

describe('probe defaults', () => {
  it('picks the first 3 and the first 8 as endpoints', () => {
    const labels = Uint8Array.from([7, 3, 8, 3, 8]);
    expect(defaultProbeSelection(labels)).toEqual({ elboIndex: 0, interpolationA: 1, interpolationB: 2 });
  });

  it('falls back to the first two digits when a label is missing', () => {
    expect(defaultProbeSelection(Uint8Array.from([1, 2, 8]))).toMatchObject({ interpolationA: 0, interpolationB: 2 });
    expect(defaultProbeSelection(Uint8Array.from([3, 3]))).toMatchObject({ interpolationA: 0, interpolationB: 1 });
  });

  it('never repeats the current digit and reaches every other one', () => {
    const seen = new Set<number>();
    for (let k = 0; k < 4; k++) seen.add(anotherProbe(2, 5, k / 4));
    expect([...seen].sort()).toEqual([0, 1, 3, 4]);
    expect(anotherProbe(0, 1, 0.5)).toBe(0);
  });
});

describe('randomPair', () => {
  it('picks endpoints of different classes', () => {
    const labels = Uint8Array.from([5, 5, 5, 2]);
    expect(randomPair(labels, () => 0)).toEqual([0, 3]);
    expect(randomPair(labels, () => 0.99)).toEqual([3, 2]);
  });

  it('still returns two different digits when every label is the same', () => {
    const [a, b] = randomPair(Uint8Array.from([4, 4]), () => 0.7);
    expect(a).not.toBe(b);
  });
});
