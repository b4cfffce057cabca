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
