import { normalLogPdf } from './normal';
import { standardNormals } from './random';

/**
 * Statistics of a VAE encoder over test digits. Digit n has the posterior q(z | xₙ) = N(μₙ, diag σₙ²); the
 * inputs are μ and ln σ² as [rows × dim] row-major Float32Arrays. Averages over digits divide by rows.
 */

function checkShape(name: string, values: ArrayLike<number>, rows: number, dim: number): void {
  if (values.length !== rows * dim) throw new RangeError(`${name} has ${values.length} values, not ${rows} × ${dim}`);
}

/** Test-average of KL(q(zᵢ | x) ‖ N(0, 1)) = ½(μᵢ² + σᵢ² − ln σᵢ² − 1) per dimension → Float64Array [dim], nats. */
export function klPerDimension(means: Float32Array, logVars: Float32Array, rows: number, dim: number): Float64Array {
  checkShape('means', means, rows, dim);
  checkShape('logVars', logVars, rows, dim);
  const kl = new Float64Array(dim);
  for (let n = 0; n < rows; n++) {
    for (let i = 0; i < dim; i++) {
      const mu = means[n * dim + i];
      const logVar = logVars[n * dim + i];
      kl[i] += 0.5 * (mu * mu + Math.exp(logVar) - logVar - 1);
    }
  }
  return kl.map((sum) => sum / rows);
}

/** Per-dimension mean and variance over the rows of a [rows × dim] array (two passes, dividing by rows). */
export function columnMoments(values: Float32Array, rows: number, dim: number): { mean: Float64Array; variance: Float64Array } {
  const mean = new Float64Array(dim);
  for (let n = 0; n < rows; n++) for (let i = 0; i < dim; i++) mean[i] += values[n * dim + i] / rows;
  const variance = new Float64Array(dim);
  for (let n = 0; n < rows; n++) for (let i = 0; i < dim; i++) variance[i] += (values[n * dim + i] - mean[i]) ** 2 / rows;
  return { mean, variance };
}

/** Which latent dimensions the encoder uses. */
export interface ActiveUnits {
  /** Cov_x(E_q[zᵢ]): the variance over digits of μᵢ → [dim]. */
  variances: Float64Array;
  active: boolean[];
  count: number;
}

/** Active units (Burda et al. 2015): dimension i is active when the variance over digits of μᵢ exceeds `threshold`. */
export function activeUnits(means: Float32Array, rows: number, dim: number, threshold = 0.01): ActiveUnits {
  checkShape('means', means, rows, dim);
  const { variance } = columnMoments(means, rows, dim);
  const active = Array.from(variance, (v) => v > threshold);
  return { variances: variance, active, count: active.filter(Boolean).length };
}

/**
 * ln q(z) of the aggregate posterior q(z) = (1/rows) Σₙ N(z; μₙ, diag σₙ²) of a 2-D latent space on a grid →
 * Float64Array [ys.length × xs.length]: row j is y = ys[j], column i is x = xs[i] (Plotly's z[j][i] order,
 * not gridPoints' top-down order). Summed by log-sum-exp, so it stays finite where the density underflows.
 */
export function aggregatePosteriorLogDensity(means: Float32Array, logVars: Float32Array, rows: number, xs: ArrayLike<number>, ys: ArrayLike<number>): Float64Array {
  checkShape('means', means, rows, 2);
  checkShape('logVars', logVars, rows, 2);
  const inverseSd = Float64Array.from(logVars, (logVar) => Math.exp(-0.5 * logVar));
  const logWeight = Float64Array.from({ length: rows }, (_, n) => -0.5 * (logVars[2 * n] + logVars[2 * n + 1]) - Math.log(rows));
  const out = new Float64Array(ys.length * xs.length);
  const largest = new Float64Array(xs.length);
  const scaledSum = new Float64Array(xs.length);
  for (let j = 0; j < ys.length; j++) {
    largest.fill(-Infinity);
    scaledSum.fill(0);
    for (let n = 0; n < rows; n++) {
      const yTerm = logWeight[n] + normalLogPdf((ys[j] - means[2 * n + 1]) * inverseSd[2 * n + 1]);
      for (let i = 0; i < xs.length; i++) {
        const term = yTerm + normalLogPdf((xs[i] - means[2 * n]) * inverseSd[2 * n]);
        if (term <= largest[i]) {
          scaledSum[i] += Math.exp(term - largest[i]);
        } else {
          scaledSum[i] = scaledSum[i] * Math.exp(largest[i] - term) + 1;
          largest[i] = term;
        }
      }
    }
    for (let i = 0; i < xs.length; i++) out[j * xs.length + i] = largest[i] + Math.log(scaledSum[i]);
  }
  return out;
}

/** q(z) of the aggregate posterior of a 2-D latent space on a grid → [ys.length × xs.length], per unit area (layout as above). */
export function aggregatePosteriorDensity(means: Float32Array, logVars: Float32Array, rows: number, xs: ArrayLike<number>, ys: ArrayLike<number>): Float64Array {
  return aggregatePosteriorLogDensity(means, logVars, rows, xs, ys).map(Math.exp);
}

/** Trapezoid-rule weights of an ascending axis → [n]: half the spacing on either side of each point. */
function trapezoidWeights(axis: ArrayLike<number>): Float64Array {
  if (axis.length < 2) throw new RangeError('a quadrature axis needs at least two points');
  const n = axis.length;
  return Float64Array.from({ length: n }, (_, i) => ((i + 1 < n ? axis[i + 1] : axis[i]) - (i > 0 ? axis[i - 1] : axis[i])) / 2);
}

/**
 * KL(q ‖ N(0, I)) in nats for a 2-D density q given on a grid (layout of aggregatePosteriorDensity), by the
 * trapezoid rule over the grid, with `mass` = Σ q·ΔA the share of q the grid captured. The estimate only
 * holds when the grid covers q's mass (mass ≈ 1) finely enough to resolve its narrowest component.
 */
export function gridKl(qDensity: ArrayLike<number>, xs: ArrayLike<number>, ys: ArrayLike<number>): { kl: number; mass: number } {
  checkShape('qDensity', qDensity, ys.length, xs.length);
  const wx = trapezoidWeights(xs);
  const wy = trapezoidWeights(ys);
  let kl = 0;
  let mass = 0;
  for (let j = 0; j < ys.length; j++) {
    for (let i = 0; i < xs.length; i++) {
      const q = qDensity[j * xs.length + i];
      if (!(q > 0)) continue;
      const area = wx[i] * wy[j];
      mass += q * area;
      kl += q * (Math.log(q) - normalLogPdf(xs[i]) - normalLogPdf(ys[j])) * area;
    }
  }
  return { kl, mass };
}

/**
 * Density levels of highest-density regions: for each share m of the grid's mass (layout of
 * aggregatePosteriorDensity, trapezoid-rule cells), the level L such that the cells with q ≥ L hold a share m of it.
 * N(0, I) in 2-D holds 1 − e^{−r²/2} within radius r: 39.3% within 1σ, 86.5% within 2σ.
 */
export function massLevels(qDensity: ArrayLike<number>, xs: ArrayLike<number>, ys: ArrayLike<number>, shares: readonly number[]): number[] {
  checkShape('qDensity', qDensity, ys.length, xs.length);
  const wx = trapezoidWeights(xs);
  const wy = trapezoidWeights(ys);
  const cells = Array.from({ length: qDensity.length }, (_, k) => ({ q: qDensity[k], mass: qDensity[k] * wx[k % xs.length] * wy[Math.floor(k / xs.length)] }));
  cells.sort((a, b) => b.q - a.q);
  const total = cells.reduce((sum, cell) => sum + cell.mass, 0);
  return shares.map((share) => {
    let held = 0;
    for (const cell of cells) {
      held += cell.mass;
      if (held >= share * total) return cell.q;
    }
    return cells.at(-1)?.q ?? 0;
  });
}

/** First two moments of the aggregate posterior and how far its moment-matched Gaussian is from the prior. */
export interface AggregateMoments {
  /** E_q[z] = mean of μₙ → [dim]. */
  mean: Float64Array;
  /** Cov_q[z] = Cov(μₙ) + mean of diag σₙ² (law of total variance) → [dim × dim] row-major. */
  covariance: Float64Array;
  /** KL(N(mean, covariance) ‖ N(0, I)) = ½(tr S + mᵀm − dim − ln det S) in nats; ∞ if S is singular. */
  klToPrior: number;
}

/** ln det of a symmetric positive-definite [dim × dim] matrix by Cholesky; −∞ when it is not positive definite. */
function logDeterminant(matrix: Float64Array, dim: number): number {
  const lower = new Float64Array(dim * dim);
  let logDet = 0;
  for (let j = 0; j < dim; j++) {
    let pivot = matrix[j * dim + j];
    for (let k = 0; k < j; k++) pivot -= lower[j * dim + k] ** 2;
    if (!(pivot > 0)) return -Infinity;
    const diagonal = Math.sqrt(pivot);
    lower[j * dim + j] = diagonal;
    logDet += 2 * Math.log(diagonal);
    for (let i = j + 1; i < dim; i++) {
      let sum = matrix[i * dim + j];
      for (let k = 0; k < j; k++) sum -= lower[i * dim + k] * lower[j * dim + k];
      lower[i * dim + j] = sum / diagonal;
    }
  }
  return logDet;
}

/** Mean, covariance and KL-to-prior of the aggregate posterior q(z) = (1/rows) Σₙ N(μₙ, diag σₙ²). */
export function aggregateMoments(means: Float32Array, logVars: Float32Array, rows: number, dim: number): AggregateMoments {
  checkShape('means', means, rows, dim);
  checkShape('logVars', logVars, rows, dim);
  const { mean } = columnMoments(means, rows, dim);
  const covariance = new Float64Array(dim * dim);
  for (let n = 0; n < rows; n++) {
    for (let i = 0; i < dim; i++) {
      const di = means[n * dim + i] - mean[i];
      covariance[i * dim + i] += Math.exp(logVars[n * dim + i]) / rows;
      for (let j = 0; j < dim; j++) covariance[i * dim + j] += (di * (means[n * dim + j] - mean[j])) / rows;
    }
  }
  let trace = 0;
  let meanSquare = 0;
  for (let i = 0; i < dim; i++) {
    trace += covariance[i * dim + i];
    meanSquare += mean[i] * mean[i];
  }
  const klToPrior = 0.5 * (trace + meanSquare - dim - logDeterminant(covariance, dim));
  return { mean, covariance, klToPrior };
}

/** Histogram scaled as a density, to overlay a pdf such as N(0, 1). */
export interface Histogram {
  /** Bin edges → [bins + 1]. */
  edges: Float64Array;
  /** count / (total · bin width) per bin → [bins]; total counts every non-NaN value, in range or not. */
  density: Float64Array;
  /** Values below lo and above hi (not in any bin). */
  below: number;
  above: number;
}

/** Histogram of `values` in `bins` equal bins on [lo, hi] (hi falls in the last bin); NaNs are skipped. */
export function histogram(values: ArrayLike<number>, bins: number, lo: number, hi: number): Histogram {
  if (!Number.isInteger(bins) || bins < 1 || !(hi > lo)) throw new RangeError(`need bins ≥ 1 and lo < hi (got ${bins}, ${lo}, ${hi})`);
  const width = (hi - lo) / bins;
  const counts = new Float64Array(bins);
  let below = 0;
  let above = 0;
  let total = 0;
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    if (Number.isNaN(v)) continue;
    total++;
    if (v < lo) below++;
    else if (v > hi) above++;
    else counts[Math.min(bins - 1, Math.floor((v - lo) / width))]++;
  }
  const edges = Float64Array.from({ length: bins + 1 }, (_, k) => lo + k * width);
  const density = counts.map((count) => (total > 0 ? count / (total * width) : 0));
  return { edges, density, below, above };
}

/**
 * Monte Carlo estimate of KL(q ‖ N(0, I)) in nats for the aggregate posterior q(z) = (1/rows) Σₙ N(μₙ, diag σₙ²):
 * the mean of ln q(z) − ln p(z) over `draws` z ~ q (a digit uniformly, then z = μ + σ·ε), with ln q(z) summed exactly
 * over every digit (log-sum-exp). Returns the estimate and its standard error. Costs draws × rows × dim.
 */
export function aggregateKl(means: Float32Array, logVars: Float32Array, rows: number, dim: number, draws: number, uniform: () => number): { kl: number; standardError: number } {
  checkShape('means', means, rows, dim);
  checkShape('logVars', logVars, rows, dim);
  const inverseSd = Float64Array.from(logVars, (logVar) => Math.exp(-0.5 * logVar));
  const logWeight = Float64Array.from({ length: rows }, (_, n) => {
    let sum = -Math.log(rows);
    for (let i = 0; i < dim; i++) sum -= 0.5 * logVars[n * dim + i];
    return sum;
  });
  const epsilon = standardNormals(draws * dim, uniform);
  const z = new Float64Array(dim);
  const terms = new Float64Array(rows);
  let sum = 0;
  let sumSquares = 0;
  for (let k = 0; k < draws; k++) {
    const source = Math.min(rows - 1, Math.floor(uniform() * rows));
    let logPrior = 0;
    for (let i = 0; i < dim; i++) {
      z[i] = means[source * dim + i] + epsilon[k * dim + i] / inverseSd[source * dim + i];
      logPrior += normalLogPdf(z[i]);
    }
    let largest = -Infinity;
    for (let n = 0; n < rows; n++) {
      let term = logWeight[n];
      for (let i = 0; i < dim; i++) term += normalLogPdf((z[i] - means[n * dim + i]) * inverseSd[n * dim + i]);
      terms[n] = term;
      if (term > largest) largest = term;
    }
    let scaled = 0;
    for (let n = 0; n < rows; n++) scaled += Math.exp(terms[n] - largest);
    const difference = largest + Math.log(scaled) - logPrior;
    sum += difference;
    sumSquares += difference * difference;
  }
  const kl = sum / draws;
  const variance = Math.max(0, sumSquares / draws - kl * kl);
  return { kl, standardError: Math.sqrt(variance / Math.max(1, draws - 1)) };
}

/** Scott's rule widths of a Gaussian kernel density estimate of rows × dim points → [dim]: hᵢ = sd(column i)·rows^(−1/(dim + 4)), sd dividing by rows. */
export function scottBandwidths(values: Float32Array, rows: number, dim: number): Float64Array {
  checkShape('values', values, rows, dim);
  const { variance } = columnMoments(values, rows, dim);
  return variance.map((v) => Math.sqrt(v) * rows ** (-1 / (dim + 4)));
}
