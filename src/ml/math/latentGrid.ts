import { normalQuantile } from './normal';

/**
 * Coordinates of a decoded grid over a 2-D latent space (Kingma & Welling 2014, fig. 4). Axes are
 * ascending Float64Arrays; the grid's points are laid out like a picture, row 0 at the top.
 */

/** Φ⁻¹((i + ½)/n) for i = 0 … n − 1 → [n]: the centres of n equal-probability cells of the prior N(0, 1). */
export function priorQuantileAxis(n: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => normalQuantile((i + 0.5) / n));
}

/** The p-quantile (0 ≤ p ≤ 1) of ascending `sorted` values, interpolating linearly between order statistics. */
function quantileOfSorted(sorted: Float64Array, p: number): number {
  const position = p * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
}

/**
 * n points for an axis over data without a prior (an AE's codes) → [n], ascending. The span is the
 * 1st to 99th percentile of the finite `values` (so a few outliers do not shrink the picture), widened
 * by `padding` × that span on each side; the points are the centres of n equal cells of that span,
 * like priorQuantileAxis's cells of probability. A zero span (all values equal) is widened to 1.
 * Throws when no value is finite.
 */
export function rangeAxis(values: ArrayLike<number>, n: number, padding = 0.1): Float64Array {
  const sorted = Float64Array.from(Array.from(values).filter(Number.isFinite)).sort();
  if (sorted.length === 0) throw new RangeError('rangeAxis needs at least one finite value');
  const low = quantileOfSorted(sorted, 0.01);
  const high = quantileOfSorted(sorted, 0.99);
  const span = high > low ? high - low : 1;
  const start = (low + high) / 2 - span * (0.5 + padding);
  const cell = (span * (1 + 2 * padding)) / n;
  return Float64Array.from({ length: n }, (_, i) => start + (i + 0.5) * cell);
}

/**
 * Latent points of the grid → Float32Array [ys.length · xs.length, 2], row-major like an image: row r has
 * y = ys[ys.length − 1 − r] (y decreases down the rows, so row 0 is the top) and column c has x = xs[c].
 */
export function gridPoints(xs: ArrayLike<number>, ys: ArrayLike<number>): Float32Array {
  const columns = xs.length;
  const rows = ys.length;
  const out = new Float32Array(rows * columns * 2);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      out[2 * (r * columns + c)] = xs[c];
      out[2 * (r * columns + c) + 1] = ys[rows - 1 - r];
    }
  }
  return out;
}

/**
 * Index of the ascending coordinate nearest to v, or −1 beyond the axis's ends. Cell i reaches halfway
 * to its neighbours; the end cells reach as far outward as inward (a single point's cell is v ± ½).
 * Ties on a boundary go to the higher index.
 */
function nearestIndex(axis: ArrayLike<number>, v: number): number {
  const n = axis.length;
  if (n === 0 || Number.isNaN(v)) return -1;
  const firstHalf = n > 1 ? (axis[1] - axis[0]) / 2 : 0.5;
  const lastHalf = n > 1 ? (axis[n - 1] - axis[n - 2]) / 2 : 0.5;
  if (v < axis[0] - firstHalf || v > axis[n - 1] + lastHalf) return -1;
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (v >= (axis[mid] + axis[mid + 1]) / 2) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Grid cell {row, column} (as laid out by gridPoints) whose point is nearest to (x, y); null off the grid. */
export function gridCellOf(x: number, y: number, xs: ArrayLike<number>, ys: ArrayLike<number>): { row: number; column: number } | null {
  const column = nearestIndex(xs, x);
  const yIndex = nearestIndex(ys, y);
  if (column < 0 || yIndex < 0) return null;
  return { row: ys.length - 1 - yIndex, column };
}
