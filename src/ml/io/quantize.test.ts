import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { WeightEntry } from './format';
import { decodeValues, encodeValues, float16Bits, float16Value, quantizeUint8 } from './quantize';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** tfjs's own reader on our bytes: what any tfjs tool would load. */
function tfjsDecode(bytes: Uint8Array, entry: WeightEntry): Float32Array {
  const tensors = tf.io.decodeWeights(bytes.slice().buffer, [entry]);
  const values = tensors[entry.name].dataSync() as Float32Array;
  tf.dispose(Object.values(tensors));
  return values;
}

describe('float16Bits (IEEE half precision, hand-worked bit patterns)', () => {
  it.each([
    [1, 0x3c00],
    [-2, 0xc000],
    [0.5, 0x3800],
    [0.1, 0x2e66],
    [65504, 0x7bff],
    [2 ** -14, 0x0400],
    [2 ** -24, 0x0001],
    [3 * 2 ** -26, 0x0001],
    [-0, 0x8000],
    [1e6, 0x7c00],
    [-Infinity, 0xfc00],
  ])('%f → %i', (value, bits) => {
    expect(float16Bits(value)).toBe(bits);
  });

  it('rounds ties to even: 1 + 2⁻¹¹ → 1, 1 + 3·2⁻¹¹ → 1 + 2⁻⁹, 2⁻²⁵ → 0, 65520 → ∞', () => {
    expect(float16Bits(1 + 2 ** -11)).toBe(0x3c00);
    expect(float16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02);
    expect(float16Bits(2 ** -25)).toBe(0);
    expect(float16Bits(65520)).toBe(0x7c00);
  });

  it('keeps NaN a NaN and reads its bit patterns back', () => {
    expect(Number.isNaN(float16Value(float16Bits(NaN)))).toBe(true);
    expect([0x3c00, 0xc000, 0x2e66, 0x0001, 0x7bff].map(float16Value)).toEqual([1, -2, 0.0999755859375, 2 ** -24, 65504]);
  });
});

describe('quantizeUint8 (affine, min nudged so 0 is a code)', () => {
  it('[-1, 0, 1, 2]: scale 3/255, codes 0, 85, 170, 255', () => {
    const { codes, scale, min } = quantizeUint8(Float32Array.from([-1, 0, 1, 2]));
    expect(scale).toBeCloseTo(3 / 255, 12);
    expect(min).toBeCloseTo(-1, 12);
    expect(Array.from(codes)).toEqual([0, 85, 170, 255]);
  });

  it('[-0.3, 1]: zero point round(0.3 / (1.3/255)) = 59, min = −59·scale, 0 decodes to exactly 0', () => {
    const low = Math.fround(-0.3);
    const { codes, scale, min } = quantizeUint8(Float32Array.from([low, 0, 1]));
    expect(scale).toBeCloseTo((1 - low) / 255, 12);
    expect(min).toBeCloseTo((-59 * (1 - low)) / 255, 12);
    expect(Array.from(codes)).toEqual([0, 59, 255]);
    expect(59 * scale + min).toBe(0);
  });

  it('a range without 0 keeps its min; equal values get scale 1 and code 0', () => {
    expect(quantizeUint8(Float32Array.from([1, 3])).min).toBeCloseTo(1, 7);
    expect(quantizeUint8(Float32Array.from([0.25, 0.25]))).toEqual({ codes: new Uint8Array(2), scale: 1, min: 0.25 });
  });
});

describe('encodeValues / decodeValues against tfjs’s decodeWeights', () => {
  const values = Float32Array.from({ length: 101 }, (_, i) => Math.sin(i * 1.7) * (i % 7) - 0.4);
  const entry = (quantization?: WeightEntry['quantization']): WeightEntry => ({ name: 'w', shape: [101], dtype: 'float32', ...(quantization ? { quantization } : {}) });

  it('float32: 4 bytes per value, exact', () => {
    const { bytes, quantization } = encodeValues(values, 'float32');
    expect(quantization).toBeUndefined();
    expect(bytes.byteLength).toBe(404);
    expect(tfjsDecode(bytes, entry())).toEqual(values);
    expect(decodeValues(bytes, entry())).toEqual(values);
  });

  it('float16: 2 bytes per value, within half a unit in the last place (relative 2⁻¹¹)', () => {
    const { bytes, quantization } = encodeValues(values, 'float16');
    expect(bytes.byteLength).toBe(202);
    const fromTfjs = tfjsDecode(bytes, entry(quantization));
    expect(decodeValues(bytes, entry(quantization))).toEqual(fromTfjs);
    values.forEach((value, i) => expect(Math.abs(fromTfjs[i] - value)).toBeLessThanOrEqual(Math.abs(value) * 2 ** -11 + 2 ** -25));
  });

  it('uint8: 1 byte per value, within half a step (scale / 2)', () => {
    const { bytes, quantization } = encodeValues(values, 'uint8');
    expect(bytes.byteLength).toBe(101);
    const fromTfjs = tfjsDecode(bytes, entry(quantization));
    expect(decodeValues(bytes, entry(quantization))).toEqual(fromTfjs);
    const scale = quantization?.dtype === 'uint8' ? quantization.scale : NaN;
    values.forEach((value, i) => expect(Math.abs(fromTfjs[i] - value)).toBeLessThanOrEqual(scale / 2 + 1e-6));
  });

  it('decodes float32 at an odd byte offset (after a uint8 weight)', () => {
    const bytes = new Uint8Array(5);
    bytes.set(encodeValues(Float32Array.from([1.5]), 'float32').bytes, 1);
    expect(decodeValues(bytes.subarray(1), { name: 'b', shape: [1], dtype: 'float32' })).toEqual(Float32Array.from([1.5]));
  });
});
