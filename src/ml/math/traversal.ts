/**
 * Latent traversals (Higgins et al. 2017, fig. 7): strips of latent points that vary one dimension across its range
 * while the others stay at a chosen code. Codes are rows × dim row-major Float32Arrays. Plain numbers.
 */
import { columnMoments } from './latentStats';

/** How far a traversal reaches either side: 3 standard deviations of the prior N(0, 1), or of the codes without a prior. */
export const TRAVERSAL_REACH = 3;

/** Dimension indices to show → ascending: every one when dim ≤ max, else the `max` along which the codes vary most. */
export function spreadDimensions(values: Float32Array, rows: number, dim: number, max: number): number[] {
  const all = Array.from({ length: dim }, (_, i) => i);
  if (dim <= max) return all;
  const { variance } = columnMoments(values, rows, dim);
  return all.sort((a, b) => variance[b] - variance[a] || a - b).slice(0, max).sort((a, b) => a - b);
}

/**
 * [low, high] of each dimension in `dims` → [dims.length × 2]: ±3 around 0 with a prior N(0, I); else the codes'
 * mean ± 3 sd along it (sd dividing by rows; a constant dimension gets ±3 around its value).
 */
export function traversalRanges(values: Float32Array, rows: number, dim: number, dims: readonly number[], hasPrior: boolean): Float32Array {
  const out = new Float32Array(dims.length * 2);
  const moments = hasPrior ? null : columnMoments(values, rows, dim);
  dims.forEach((d, k) => {
    const centre = moments ? moments.mean[d] : 0;
    const sd = moments ? Math.sqrt(moments.variance[d]) || 1 : 1;
    out[2 * k] = centre - TRAVERSAL_REACH * sd;
    out[2 * k + 1] = centre + TRAVERSAL_REACH * sd;
  });
  return out;
}

/**
 * The strips' latent points → [dims.length × steps × dim]: strip k holds `point` with dimension dims[k] set to
 * `steps` evenly spaced values from its low to its high end (`ranges` as from traversalRanges).
 */
export function traversalPoints(point: Float32Array, dims: readonly number[], ranges: Float32Array, steps: number): Float32Array {
  if (!Number.isInteger(steps) || steps < 2) throw new RangeError(`a strip needs at least 2 steps (got ${steps})`);
  const dim = point.length;
  const out = new Float32Array(dims.length * steps * dim);
  dims.forEach((d, k) => {
    const [low, high] = [ranges[2 * k], ranges[2 * k + 1]];
    for (let s = 0; s < steps; s++) {
      const offset = (k * steps + s) * dim;
      out.set(point, offset);
      out[offset + d] = low + ((high - low) * s) / (steps - 1);
    }
  });
  return out;
}
