import { logLikelihoodAt, type DecoderBudget, type LatentPosteriorProblem } from './problem';
import { logSumExp } from './statistics';

/** An axis-aligned box in a 2-D latent space. */
export interface Box {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/**
 * log p(x|z) on an n × n grid of z spanning `box` (corners included): z = (xs[ix], ys[iy]) is point iy·n + ix,
 * xs[ix] = x0 + ix·(x1 − x0)/(n − 1). With n odd, the points with even ix and iy form the same box's grid at twice
 * the spacing, which is how quadrature error is estimated without extra decoder evaluations.
 */
export interface LogLikelihoodGrid {
  box: Box;
  n: number;
  xs: Float64Array;
  ys: Float64Array;
  /** log p(x|z) in nats, row-major [n, n]. */
  logLikelihood: Float64Array;
}

function axis(lo: number, hi: number, n: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => lo + (i * (hi - lo)) / (n - 1));
}

/**
 * Evaluates log p(x|z) on the n × n grid over `box`. If `coarse` is the same box at (n + 1) / 2 points per axis, its
 * values are reused, so only the n² − ((n + 1)/2)² new points cost a decoder evaluation.
 * Returns the grid and how many decoder evaluations it took.
 */
export async function evaluateGrid(
  problem: LatentPosteriorProblem,
  box: Box,
  n: number,
  budget: DecoderBudget,
  coarse?: LogLikelihoodGrid,
): Promise<{ grid: LogLikelihoodGrid; evaluations: number }> {
  const xs = axis(box.x0, box.x1, n);
  const ys = axis(box.y0, box.y1, n);
  const values = new Float64Array(n * n);
  const nested = coarse !== undefined && coarse.box === box && 2 * (coarse.n - 1) === n - 1;
  const pending: number[] = [];
  for (let iy = 0; iy < n; iy++) {
    for (let ix = 0; ix < n; ix++) {
      if (nested && iy % 2 === 0 && ix % 2 === 0) values[iy * n + ix] = coarse.logLikelihood[(iy / 2) * coarse.n + ix / 2];
      else pending.push(iy * n + ix);
    }
  }
  const z = new Float32Array(pending.length * 2);
  pending.forEach((index, k) => {
    z[2 * k] = xs[index % n];
    z[2 * k + 1] = ys[Math.floor(index / n)];
  });
  const computed = await logLikelihoodAt(problem, z, budget);
  pending.forEach((index, k) => (values[index] = computed[k]));
  return { grid: { box, n, xs, ys, logLikelihood: values }, evaluations: pending.length };
}

/** log p(x|z) + log N(z; 0, I) at every grid point, row-major [n, n] (nats). */
export function logJointOf(grid: LogLikelihoodGrid): Float64Array {
  const { n, xs, ys, logLikelihood } = grid;
  const logNorm = Math.log(2 * Math.PI);
  return Float64Array.from(logLikelihood, (value, i) => value - 0.5 * (xs[i % n] ** 2 + ys[Math.floor(i / n)] ** 2) - logNorm);
}

/** Indices of the points on the stride-s sub-grid (s = 1: all; s = 2: even ix and iy). */
function subgrid(n: number, stride: number): number[] {
  const indices: number[] = [];
  for (let iy = 0; iy < n; iy += stride) for (let ix = 0; ix < n; ix += stride) indices.push(iy * n + ix);
  return indices;
}

/**
 * log ∫ exp(f(z)) dz over the box by the rectangle rule on the stride-s sub-grid: log Σ exp(f) + log(cell area).
 * Equal to the trapezoid rule when f is negligible on the border; converges spectrally for smooth, decaying f.
 */
export function logIntegral(grid: LogLikelihoodGrid, logValues: Float64Array, stride = 1): number {
  const { n, box } = grid;
  const cells = (n - 1) / stride;
  const cellArea = ((box.x1 - box.x0) / cells) * ((box.y1 - box.y0) / cells);
  return logSumExp(subgrid(n, stride).map((i) => logValues[i])) + Math.log(cellArea);
}

/** Σ w·f / Σ w over the stride-s sub-grid with weights w = exp(logWeights): a self-normalised quadrature of E_w[f]. */
export function weightedMean(grid: LogLikelihoodGrid, logWeights: Float64Array, values: Float64Array, stride = 1): number {
  const indices = subgrid(grid.n, stride);
  const logNormaliser = logSumExp(indices.map((i) => logWeights[i]));
  return indices.reduce((sum, i) => sum + Math.exp(logWeights[i] - logNormaliser) * values[i], 0);
}

/** Index bounds (inclusive) of the points whose value exceeds `floor`, or null if none does. */
export function significantIndices(grid: LogLikelihoodGrid, logValues: Float64Array, floor: number) {
  const { n } = grid;
  let [ixMin, ixMax, iyMin, iyMax] = [n, -1, n, -1];
  logValues.forEach((value, i) => {
    if (!(value > floor)) return;
    const [ix, iy] = [i % n, Math.floor(i / n)];
    [ixMin, ixMax, iyMin, iyMax] = [Math.min(ixMin, ix), Math.max(ixMax, ix), Math.min(iyMin, iy), Math.max(iyMax, iy)];
  });
  return ixMax < 0 ? null : { ixMin, ixMax, iyMin, iyMax };
}
