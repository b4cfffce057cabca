/**
 * Where the prior's holes are: the aggregate posterior q(z) = (1/N) Σₙ q(z | xₙ) over the probe digits against the
 * prior p(z) = N(0, I). A VAE's q(z | x) are its Gaussians; an autoencoder's codes are points, so its q(z) is drawn
 * smoothed by a Gaussian kernel (Scott's widths) and its KL to the prior is infinite. Plain numbers.
 */
import { contourSegments, type Segments } from '../math/contours';
import { aggregateKl, aggregateMoments, aggregatePosteriorDensity, columnMoments, gridKl, histogram, massLevels, scottBandwidths } from '../math/latentStats';
import { normalPdf } from '../math/normal';
import { mulberry32, standardNormals } from '../math/random';
import { spreadDimensions } from '../math/traversal';

/** q(z) on a grid over the latent plane (2-D latent). */
export interface PlaneContours {
  /** The grid covers [−span, span]². */
  span: number;
  /** Share of q's mass inside each contour: that of the prior's 1σ and 2σ circles, 1 − e^{−r²/2}. */
  shares: number[];
  /** Outline of q's smallest region holding each share (its highest-density region), as line segments. */
  contours: Segments[];
  /** Share of q's mass the grid caught. */
  mass: number;
}

/** Histograms of z per dimension (latent > 2), on one shared range. */
export interface DimensionHistograms {
  /** The dimensions shown (at most MAX_HISTOGRAMS, those q spreads most along), ascending. */
  dims: number[];
  /** Shared bin edges → [bins + 1]. */
  edges: Float32Array;
  /** Density of each shown dimension's values per bin → [dims.length × bins]. */
  density: Float32Array;
  /** N(0, 1) at each bin centre → [bins]. */
  prior: Float32Array;
  /** Share of each shown dimension's values outside the edges → [dims.length]. */
  outside: Float32Array;
}

export interface AggregatePosteriorSummary {
  /** q(z) from the encoder's Gaussians, or from point codes smoothed by a kernel (no posterior). */
  source: 'posterior' | 'kernel';
  /** The kernel's standard deviation per dimension (kernel source, 2-D only); null otherwise. */
  bandwidth: number[] | null;
  /** Monte Carlo KL(q(z) ‖ N(0, I)) in nats with its standard error; null for point codes (it is infinite). */
  kl: { nats: number; standardError: number; draws: number } | null;
  /** q(z)'s mean and variance per dimension → [dim]. */
  mean: Float32Array;
  variance: Float32Array;
  /** KL(N(mean, Cov q) ‖ N(0, I)) in nats: never above KL(q ‖ p) (a Gaussian has the most entropy for its moments); null above MAX_COVARIANCE_DIM. */
  gaussianKl: number | null;
  plane: PlaneContours | null;
  histograms: DimensionHistograms | null;
}

export interface ProbeCodeSet {
  /** rows × dim: z (AE) or μ (VAE). */
  values: Float32Array;
  /** VAE: ln σ², same layout; null for point codes. */
  logVar: Float32Array | null;
  rows: number;
  dim: number;
}

export const GRID_POINTS = 48;
export const HISTOGRAM_BINS = 24;
export const MAX_HISTOGRAMS = 32;
/** Above this size the full covariance (dim² × rows) costs too much per snapshot. */
const MAX_COVARIANCE_DIM = 64;
/** The Monte Carlo KL costs draws × rows × dim; this caps it. */
const KL_BUDGET = 16e6;
const PRIOR_SHARES = [1 - Math.exp(-0.5), 1 - Math.exp(-2)];

/** The 99.5th percentile of |v|: how far the values reach, ignoring a few strays. */
function reach(values: ArrayLike<number>): number {
  const sorted = Float64Array.from(values, Math.abs).sort();
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(0.995 * sorted.length))];
}

const median = (values: ArrayLike<number>) => Float64Array.from(values).sort()[Math.floor(values.length / 2)] ?? 0;

function plane(values: Float32Array, logVars: Float32Array, rows: number, spread: number): PlaneContours {
  const span = Math.max(2.5, reach(values) + 3 * spread);
  const axis = Float64Array.from({ length: GRID_POINTS }, (_, i) => -span + (2 * span * i) / (GRID_POINTS - 1));
  const density = aggregatePosteriorDensity(values, logVars, rows, axis, axis);
  const levels = massLevels(density, axis, axis, PRIOR_SHARES);
  return { span, shares: PRIOR_SHARES, contours: levels.map((level) => contourSegments(density, axis, axis, level)), mass: gridKl(density, axis, axis).mass };
}

function histograms(samples: Float32Array, rows: number, dim: number): DimensionHistograms {
  const dims = spreadDimensions(samples, rows, dim, MAX_HISTOGRAMS);
  const shown = Float32Array.from({ length: rows * dims.length }, (_, k) => samples[Math.floor(k / dims.length) * dim + dims[k % dims.length]]);
  const high = Math.max(4, Math.ceil(reach(shown)));
  const density = new Float32Array(dims.length * HISTOGRAM_BINS);
  const outside = new Float32Array(dims.length);
  let edges: Float64Array = new Float64Array(0);
  dims.forEach((d, k) => {
    const column = Float32Array.from({ length: rows }, (_, n) => samples[n * dim + d]);
    const result = histogram(column, HISTOGRAM_BINS, -high, high);
    density.set(result.density, k * HISTOGRAM_BINS);
    outside[k] = (result.below + result.above) / rows;
    edges = result.edges;
  });
  const prior = Float32Array.from({ length: HISTOGRAM_BINS }, (_, b) => normalPdf((edges[b] + edges[b + 1]) / 2));
  return { dims, edges: Float32Array.from(edges), density, prior, outside };
}

/** q(z) against N(0, I): the KL estimate, moments, and the 2-D contours or the per-dimension histograms. `seed` fixes the draws. */
export function summarizeAggregatePosterior(codes: ProbeCodeSet, seed: number): AggregatePosteriorSummary {
  const { values, logVar, rows, dim } = codes;
  const uniform = mulberry32(seed);
  const pointLogVar = () => new Float32Array(rows * dim).fill(Number.NEGATIVE_INFINITY);
  const moments = dim <= MAX_COVARIANCE_DIM ? aggregateMoments(values, logVar ?? pointLogVar(), rows, dim) : null;
  // Law of total variance per dimension: the variance of the codes plus the mean posterior variance.
  const spread = columnMoments(values, rows, dim);
  const posteriorVariance = new Float64Array(dim);
  if (logVar) for (let k = 0; k < logVar.length; k++) posteriorVariance[k % dim] += Math.exp(logVar[k]) / rows;
  const variance = Float32Array.from(spread.variance, (v, i) => v + posteriorVariance[i]);
  const draws = Math.max(100, Math.min(500, Math.floor(KL_BUDGET / (rows * dim))));
  const kl = logVar ? aggregateKl(values, logVar, rows, dim, draws, uniform) : null;
  const bandwidth = !logVar && dim === 2 ? Array.from(scottBandwidths(values, rows, dim)) : null;
  let planeContours: PlaneContours | null = null;
  let perDimension: DimensionHistograms | null = null;
  if (dim === 2) {
    const kernelLogVar = bandwidth ? Float32Array.from({ length: rows * 2 }, (_, k) => 2 * Math.log(bandwidth[k % 2] || 1)) : null;
    const widths = logVar ? Float32Array.from(logVar, (v) => Math.exp(0.5 * v)) : Float32Array.from(bandwidth ?? [1, 1]);
    planeContours = plane(values, logVar ?? (kernelLogVar as Float32Array), rows, median(widths));
  } else {
    const epsilon = logVar ? standardNormals(rows * dim, uniform) : null;
    const samples = logVar && epsilon ? Float32Array.from(values, (mu, k) => mu + Math.exp(0.5 * logVar[k]) * epsilon[k]) : values;
    perDimension = histograms(samples, rows, dim);
  }
  return {
    source: logVar ? 'posterior' : 'kernel',
    bandwidth,
    kl: kl ? { nats: kl.kl, standardError: kl.standardError, draws } : null,
    mean: Float32Array.from(spread.mean),
    variance,
    gaussianKl: moments ? moments.klToPrior : null,
    plane: planeContours,
    histograms: perDimension,
  };
}
