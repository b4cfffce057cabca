/** Float64 references for the loss tests (test code only). */

/** log(1 + eˣ) in float64 without overflow. */
export const softplus = (x: number) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));

/** log Σ_{k=0}^{255} λ^{k/255}(1−λ)^{1−k/255} by brute force in float64, as a log-sum-exp over the 256 levels. */
export function bruteForceLogZ(logit: number): number {
  const logLambda = -softplus(-logit);
  const logOneMinus = -softplus(logit);
  const terms = Array.from({ length: 256 }, (_, k) => (k / 255) * logLambda + (1 - k / 255) * logOneMinus);
  const largest = Math.max(...terms);
  return largest + Math.log(terms.reduce((sum, t) => sum + Math.exp(t - largest), 0));
}
