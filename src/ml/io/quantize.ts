/**
 * Weight storage as tfjs's weight quantisation defines it (tfjs-core io, and the converter's quantization.py):
 * float32 as is; float16 as IEEE half-precision bits; uint8 as an affine code q with value = q · scale + min,
 * min nudged so 0 is exactly representable when the range spans it. Plain typed arrays, no tfjs.
 */
import type { StorageDtype, WeightEntry, WeightQuantization } from './format';

const floatView = new Float32Array(1);
const bitsView = new Uint32Array(floatView.buffer);

/** IEEE 754 half-precision bits of `value`, rounded to nearest, ties to even; overflow → ±∞, NaN stays NaN. */
export function float16Bits(value: number): number {
  floatView[0] = value;
  const bits = bitsView[0];
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  const mantissa = bits & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0);
  const halfExponent = exponent - 127 + 15;
  if (halfExponent >= 0x1f) return sign | 0x7c00;
  if (halfExponent <= 0) {
    // Subnormal half: units of 2^-24; shifts beyond 24 bits round to zero.
    const shift = 14 - halfExponent;
    if (shift > 24) return sign;
    const full = mantissa | 0x800000;
    return sign | roundShifted(full, shift);
  }
  return sign | ((halfExponent << 10) + roundShifted(mantissa, 13));
}

/** value >> shift rounded to nearest, ties to even (a carry may spill into the exponent, as it should). */
function roundShifted(value: number, shift: number): number {
  const kept = value >>> shift;
  const rest = value - kept * 2 ** shift;
  const half = 2 ** (shift - 1);
  return rest > half || (rest === half && (kept & 1) === 1) ? kept + 1 : kept;
}

/** The number half-precision `bits` stand for. */
export function float16Value(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >>> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa ? NaN : sign * Infinity;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

/**
 * uint8 codes of `values` with value ≈ code · scale + min: scale = (max − min) / 255; when min ≤ 0 ≤ max, min moves
 * to −round(−min / scale) · scale so that 0 is a code. All-equal values: scale 1 and every code 0.
 */
export function quantizeUint8(values: Float32Array): { codes: Uint8Array; scale: number; min: number } {
  let [low, high] = [Infinity, -Infinity];
  for (const value of values) [low, high] = [Math.min(low, value), Math.max(high, value)];
  if (values.length === 0 || low === high) return { codes: new Uint8Array(values.length), scale: 1, min: values.length ? low : 0 };
  const scale = (high - low) / 255;
  const min = low <= 0 && high >= 0 ? -Math.round(-low / scale) * scale : low;
  const max = min + 255 * scale;
  const codes = Uint8Array.from(values, (value) => Math.round((Math.min(Math.max(value, min), max) - min) / scale));
  return { codes, scale, min };
}

/** `values` stored as `dtype` → its bytes (little-endian) and the manifest's quantization (none for float32). */
export function encodeValues(values: Float32Array, dtype: StorageDtype): { bytes: Uint8Array; quantization?: WeightQuantization } {
  switch (dtype) {
    case 'float32':
      return { bytes: new Uint8Array(Float32Array.from(values).buffer) };
    case 'float16':
      return { bytes: new Uint8Array(Uint16Array.from(values, float16Bits).buffer), quantization: { dtype: 'float16' } };
    case 'uint8': {
      const { codes, scale, min } = quantizeUint8(values);
      return { bytes: codes, quantization: { dtype: 'uint8', scale, min } };
    }
    default: {
      const unknown: never = dtype;
      throw new Error(`unknown storage dtype '${String(unknown)}'`);
    }
  }
}

/** The float32 values of one manifest entry from exactly its bytes (any alignment). */
export function decodeValues(bytes: Uint8Array, entry: WeightEntry): Float32Array {
  const aligned = bytes.slice().buffer;
  const { quantization } = entry;
  if (!quantization) return new Float32Array(aligned);
  if (quantization.dtype === 'float16') return Float32Array.from(new Uint16Array(aligned), float16Value);
  const { scale, min } = quantization;
  return Float32Array.from(new Uint8Array(aligned), (code) => code * scale + min);
}
