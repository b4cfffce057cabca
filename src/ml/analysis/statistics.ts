/** Plain-number helpers the estimators share (float64 on the host). */

/** log Σ exp(v_i) over values[start, end), stable: the largest term is factored out. −∞ for an empty range. */
export function logSumExp(values: ArrayLike<number>, start = 0, end = values.length): number {
  let max = -Infinity;
  for (let i = start; i < end; i++) if (values[i] > max) max = values[i];
  if (max === -Infinity || !Number.isFinite(max)) return max;
  let sum = 0;
  for (let i = start; i < end; i++) sum += Math.exp(values[i] - max);
  return max + Math.log(sum);
}

/** Sample mean, unbiased variance and standard error of the mean √(variance / n). */
export interface SampleSummary {
  mean: number;
  variance: number;
  standardError: number;
  count: number;
}

/** Two-pass mean and variance (n − 1 denominator; variance 0 for a single value). */
export function summarize(values: ArrayLike<number>): SampleSummary {
  const count = values.length;
  if (count === 0) throw new Error('summarize needs at least one value');
  let mean = 0;
  for (let i = 0; i < count; i++) mean += values[i];
  mean /= count;
  let squares = 0;
  for (let i = 0; i < count; i++) squares += (values[i] - mean) ** 2;
  const variance = count > 1 ? squares / (count - 1) : 0;
  return { mean, variance, standardError: Math.sqrt(variance / count), count };
}

/**
 * `count` draws of ε ∈ ℝ^dim (row-major) whose sample moments are exactly those of N(0, I): antithetic pairs (ε, −ε)
 * make the mean 0, then whitening by the Cholesky factor of (1/count) Σ εεᵀ makes the second moment I. An average
 * over them is exact for any polynomial of degree ≤ 3 in ε (e.g. a linear-Gaussian log-likelihood). count is even
 * and at least 2·dim.
 */
export function momentMatchedNormals(count: number, dim: number, normals: (count: number) => Float32Array): Float32Array {
  if (count % 2 !== 0 || count < 2 * dim) throw new Error(`moment matching needs an even count ≥ 2·dim = ${2 * dim}, got ${count}`);
  const half = normals((count / 2) * dim);
  const second = Array.from({ length: dim }, (_, j) =>
    Array.from({ length: dim }, (_, k) => {
      let sum = 0;
      for (let i = 0; i < count / 2; i++) sum += half[i * dim + j] * half[i * dim + k];
      return sum / (count / 2);
    }),
  );
  const lower = choleskyFactor(second);
  const out = new Float32Array(count * dim);
  const row = new Float64Array(dim);
  for (let i = 0; i < count / 2; i++) {
    for (let j = 0; j < dim; j++) {
      let value = half[i * dim + j];
      for (let k = 0; k < j; k++) value -= lower[j][k] * row[k];
      row[j] = value / lower[j][j];
    }
    for (let j = 0; j < dim; j++) [out[2 * i * dim + j], out[(2 * i + 1) * dim + j]] = [row[j], -row[j]];
  }
  return out;
}

/** Lower-triangular L with L·Lᵀ = A for a symmetric positive definite A. */
function choleskyFactor(a: number[][]): number[][] {
  const lower = a.map(() => new Array<number>(a.length).fill(0));
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i][j];
      for (let k = 0; k < j; k++) sum -= lower[i][k] * lower[j][k];
      if (i === j && !(sum > 0)) throw new Error('moment matching: the draws span fewer than dim directions');
      lower[i][j] = i === j ? Math.sqrt(sum) : sum / lower[j][j];
    }
  }
  return lower;
}
