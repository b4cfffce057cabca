import { normalCdf, normalQuantile } from './normal';

/** Paths between two latent codes a and b (Float32Arrays of one length d); the point at t ∈ [0, 1] is a [d] array. */

/** How to travel from a to b: a straight line, a great circle about the origin, or a straight line in Φ-space. */
export type InterpolationKind = 'linear' | 'slerp' | 'quantile';

/** Below this angle (radians) between a and b, or this close to π, slerp falls back to lerp. */
const DEGENERATE_ANGLE = 1e-6;

function checkArguments(a: Float32Array, b: Float32Array, t: number): void {
  if (a.length !== b.length) throw new RangeError(`codes of different lengths (${a.length} and ${b.length})`);
  if (!(t >= 0 && t <= 1)) throw new RangeError(`t = ${t} is outside [0, 1]`);
}

/** (1 − t)·a + t·b → [d]; exactly a at t = 0 and b at t = 1. */
export function lerp(a: Float32Array, b: Float32Array, t: number): Float32Array {
  checkArguments(a, b, t);
  return a.map((ai, i) => (1 - t) * ai + t * b[i]);
}

/** Angle between a and b in radians by Kahan's 2·atan2(|â − b̂|, |â + b̂|), accurate near 0 and π; NaN if either is 0. */
function angleBetween(a: Float32Array, b: Float32Array): number {
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < a.length; i++) {
    normA += a[i] * a[i];
    normB += b[i] * b[i];
  }
  normA = Math.sqrt(normA);
  normB = Math.sqrt(normB);
  let difference = 0;
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    difference += (a[i] / normA - b[i] / normB) ** 2;
    sum += (a[i] / normA + b[i] / normB) ** 2;
  }
  return 2 * Math.atan2(Math.sqrt(difference), Math.sqrt(sum));
}

/**
 * Spherical interpolation about the origin → [d]: sin((1 − t)Ω)/sin Ω · a + sin(tΩ)/sin Ω · b with Ω the
 * angle between a and b. The direction turns at a constant rate; the norm equals |a| = |b| throughout when the
 * two norms agree, and otherwise follows the formula (it bulges like 1/cos(Ω/2) as Ω nears π). When Ω is
 * within 1e-6 of 0, or a or b is zero, this is lerp. When Ω is within 1e-6 of π (antiparallel codes)
 * no great circle is singled out and this is also lerp, whose path passes near the origin.
 */
export function slerp(a: Float32Array, b: Float32Array, t: number): Float32Array {
  checkArguments(a, b, t);
  const omega = angleBetween(a, b);
  if (!(omega > DEGENERATE_ANGLE && omega < Math.PI - DEGENERATE_ANGLE)) return lerp(a, b, t);
  const sinOmega = Math.sin(omega);
  const weightA = Math.sin((1 - t) * omega) / sinOmega;
  const weightB = Math.sin(t * omega) / sinOmega;
  return a.map((ai, i) => weightA * ai + weightB * b[i]);
}

/**
 * The straight path in the prior's quantile space → [d]: per dimension u = (1 − t)·Φ(a_i) + t·Φ(b_i), mapped
 * back by Φ⁻¹, so each coordinate moves by equal steps of prior probability. The upper tail is handled as
 * 1 − u = (1 − t)·Φ(−a_i) + t·Φ(−b_i), so codes up to |z| ≈ 37 in either tail keep full precision; beyond
 * that Φ underflows and coordinates between such codes are ±∞. Exactly a at t = 0 and b at t = 1.
 */
export function quantilePath(a: Float32Array, b: Float32Array, t: number): Float32Array {
  checkArguments(a, b, t);
  if (t === 0) return Float32Array.from(a);
  if (t === 1) return Float32Array.from(b);
  return a.map((ai, i) => {
    const lower = (1 - t) * normalCdf(ai) + t * normalCdf(b[i]);
    const upper = (1 - t) * normalCdf(-ai) + t * normalCdf(-b[i]);
    return lower <= upper ? normalQuantile(lower) : -normalQuantile(upper);
  });
}

const PATHS: Record<InterpolationKind, (a: Float32Array, b: Float32Array, t: number) => Float32Array> = {
  linear: lerp,
  slerp,
  quantile: quantilePath,
};

/** `frames` evenly spaced points from a (t = 0) to b (t = 1) → Float32Array [frames × d]; one frame is a alone. */
export function pathPoints(kind: InterpolationKind, a: Float32Array, b: Float32Array, frames: number): Float32Array {
  if (!Number.isInteger(frames) || frames < 1) throw new RangeError(`frames = ${frames} must be a positive integer`);
  const path = PATHS[kind];
  const out = new Float32Array(frames * a.length);
  for (let k = 0; k < frames; k++) out.set(path(a, b, frames === 1 ? 0 : k / (frames - 1)), k * a.length);
  return out;
}
