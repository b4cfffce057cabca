import { evaluateGrid, logIntegral, logJointOf, significantIndices, weightedMean, type Box, type LogLikelihoodGrid } from './grid';
import { klToStandardNormal, type DecoderBudget, type LatentPosteriorProblem } from './problem';

export interface TruePosteriorOptions extends DecoderBudget {
  /** Points per axis of each grid, odd (default 63: 3,969 points, one decoder batch). Refining doubles the density. */
  gridSize?: number;
  /** Refine until log p(x) and E_q log p(x|z) each move less than this between spacings 2h and h (nats, default 1e-3). */
  tolerance?: number;
  /** Most decoder evaluations in all (default 60,000; must allow 3·gridSize²). */
  maxEvaluations?: number;
}

/** The exact posterior of a 2-D latent, by quadrature, and how far q(z|x) is from it. All values in nats. */
export interface TruePosterior {
  logPx: number;
  /** |log p(x) at spacing h − at spacing 2h| on the final box: the estimated quadrature error of logPx. */
  logPxError: number;
  /** log p(z|x) on the final grid: logDensity[iy·xs.length + ix] at z = (xs[ix], ys[iy]), for contour plots. */
  grid: { xs: Float32Array; ys: Float32Array; logDensity: Float32Array };
  posteriorMean: [number, number];
  /** [[var z₁, cov], [cov, var z₂]]. */
  posteriorCovariance: [[number, number], [number, number]];
  /** E_q log p(x|z) by quadrature on a grid over μ ± 8σ. */
  expectedLogLikelihood: number;
  /** KL(q ‖ p(z)), analytic. */
  klToPrior: number;
  elbo: number;
  /** |E_q log p(x|z) at spacing h − at spacing 2h|. */
  elboError: number;
  /** KL(q ‖ p(z|x)) = logPx − elbo: never negative beyond quadratureError (clamp for display only). */
  klToPosterior: number;
  /** logPxError + elboError: the estimated error of klToPosterior. */
  quadratureError: number;
  /** The posterior box was settled and both errors are within tolerance before the budget ran out. */
  converged: boolean;
  decoderEvaluations: number;
}

/** q's box reaches 8σ from μ: q's mass outside is below 1e-14. */
const Q_HALF_WIDTH_SIGMAS = 8;
/** The prior's scouting box [−5, 5]²: p(z) mass outside is below 1e-6. */
const PRIOR_HALF_WIDTH = 5;
/** Points whose log joint is within this of the grid's maximum carry the mass (e^−36 ≈ 2e−16). */
const SIGNIFICANCE_NATS = 36;
const MAX_FIT_ROUNDS = 10;
/** A box is re-fitted when the mass spans less than this share of it on an axis (resolution would be wasted). */
const FIT_SHARE = 0.5;

/**
 * The true posterior p(z|x) ∝ p(x|z) p(z) of a 2-D latent by quadrature on uniform grids, adaptively:
 * 1. Scout: a grid over μ ± 8σ (reused for E_q log p(x|z)) and, unless that box already covers it, one over [−5, 5]².
 * 2. Fit: a box around every point within 36 nats of the highest log joint (one cell of margin), then re-fit on its own
 *    grid, growing a side the mass touches and shrinking to the mass when it fills less than half the box.
 * 3. Refine: double the grid density on the fitted box (reusing the old points) until log p(x) changes by less than
 *    `tolerance`; the q grid likewise for E_q log p(x|z).
 * Cost: 3–5 × gridSize² decoder evaluations to scout and fit (11,907–15,876 at 63 on a 1-epoch MNIST VAE with hidden
 * width 512: 0.4–0.6 s on wasm, 15 s on the cpu backend), then (2·gridSize − 1)² − gridSize² per refinement (11,656 at
 * 63; ReLU decoders converge only as h², so expect one), never more than `maxEvaluations`; in batches of `batchSize`.
 * The returned grid has gridSize, 2·gridSize − 1, … points per axis: downsample for display if needed.
 */
export async function truePosterior(problem: LatentPosteriorProblem, options: TruePosteriorOptions = {}): Promise<TruePosterior> {
  const { gridSize: n = 63, tolerance = 1e-3, maxEvaluations = 60_000, ...budget } = options;
  if (problem.dim !== 2) throw new Error(`truePosterior needs a 2-D latent, got ${problem.dim}`);
  if (n < 5 || n % 2 === 0) throw new Error(`gridSize must be odd and at least 5, got ${n}`);
  if (maxEvaluations < 3 * n * n) throw new Error(`maxEvaluations must allow 3·gridSize² = ${3 * n * n} decoder evaluations`);
  let evaluations = 0;
  const evaluate = async (box: Box, size: number, coarse?: LogLikelihoodGrid) => {
    const result = await evaluateGrid(problem, box, size, budget, coarse);
    evaluations += result.evaluations;
    return result.grid;
  };
  const affordable = (points: number) => evaluations + points <= maxEvaluations;

  const sigma = Array.from(problem.logVar, (lv) => Math.exp(0.5 * lv));
  const [mx, my] = problem.mean;
  const qBox = { x0: mx - Q_HALF_WIDTH_SIGMAS * sigma[0], x1: mx + Q_HALF_WIDTH_SIGMAS * sigma[0], y0: my - Q_HALF_WIDTH_SIGMAS * sigma[1], y1: my + Q_HALF_WIDTH_SIGMAS * sigma[1] };
  let qGrid = await evaluate(qBox, n);
  const scouts = [qGrid];
  const priorBox = { x0: -PRIOR_HALF_WIDTH, x1: PRIOR_HALF_WIDTH, y0: -PRIOR_HALF_WIDTH, y1: PRIOR_HALF_WIDTH };
  if (!contains(qBox, priorBox)) scouts.push(await evaluate(priorBox, n));

  const { grid: fittedGrid, fitted } = await fitPosteriorBox(scouts, n, evaluate, affordable);
  let grid = fittedGrid;
  let joint = logJointOf(grid);
  let logPxError = Math.abs(logIntegral(grid, joint) - logIntegral(grid, joint, 2));
  while (fitted && logPxError > tolerance && affordable(newPoints(grid.n))) {
    grid = await evaluate(grid.box, 2 * grid.n - 1, grid);
    joint = logJointOf(grid);
    logPxError = Math.abs(logIntegral(grid, joint) - logIntegral(grid, joint, 2));
  }
  const logPx = logIntegral(grid, joint);

  const qExpectation = (g: LogLikelihoodGrid, stride = 1) => weightedMean(g, logQ(g, problem.mean, sigma), g.logLikelihood, stride);
  let elboError = Math.abs(qExpectation(qGrid) - qExpectation(qGrid, 2));
  while (elboError > tolerance && affordable(newPoints(qGrid.n))) {
    qGrid = await evaluate(qGrid.box, 2 * qGrid.n - 1, qGrid);
    elboError = Math.abs(qExpectation(qGrid) - qExpectation(qGrid, 2));
  }
  const expectedLogLikelihood = qExpectation(qGrid);
  const klToPrior = klToStandardNormal(problem.mean, problem.logVar);
  const elbo = expectedLogLikelihood - klToPrior;
  return {
    logPx,
    logPxError,
    grid: { xs: Float32Array.from(grid.xs), ys: Float32Array.from(grid.ys), logDensity: Float32Array.from(joint, (v) => v - logPx) },
    ...posteriorMoments(grid, joint, logPx),
    expectedLogLikelihood,
    klToPrior,
    elbo,
    elboError,
    klToPosterior: logPx - elbo,
    quadratureError: logPxError + elboError,
    converged: fitted && logPxError <= tolerance && elboError <= tolerance,
    decoderEvaluations: evaluations,
  };
}

type Evaluate = (box: Box, size: number, coarse?: LogLikelihoodGrid) => Promise<LogLikelihoodGrid>;

/**
 * Starting from the box around the scouts' significant points, evaluates a grid, and re-fits the box until the mass
 * neither touches its border nor fills less than half of it (or MAX_FIT_ROUNDS / the budget run out).
 */
async function fitPosteriorBox(scouts: LogLikelihoodGrid[], n: number, evaluate: Evaluate, affordable: (points: number) => boolean) {
  const joints = scouts.map(logJointOf);
  const top = Math.max(...joints.map((values) => values.reduce((a, b) => Math.max(a, b), -Infinity)));
  if (!Number.isFinite(top)) throw new Error('log p(x|z) is not finite anywhere on the scouting grids');
  const around = scouts.flatMap((grid, g) => {
    const indices = significantIndices(grid, joints[g], top - SIGNIFICANCE_NATS);
    return indices ? [withMargin(grid, indices)] : [];
  });
  let box = around.reduce((a, b) => ({ x0: Math.min(a.x0, b.x0), x1: Math.max(a.x1, b.x1), y0: Math.min(a.y0, b.y0), y1: Math.max(a.y1, b.y1) }));
  let grid = await evaluate(box, n);
  for (let round = 1; round < MAX_FIT_ROUNDS; round++) {
    const joint = logJointOf(grid);
    const indices = significantIndices(grid, joint, joint.reduce((a, b) => Math.max(a, b), -Infinity) - SIGNIFICANCE_NATS);
    if (!indices) throw new Error('log p(x|z) is not finite anywhere on the posterior grid');
    const next = refit(grid, indices);
    if (next === null) return { grid, fitted: true };
    if (!affordable(n * n)) break;
    box = next;
    grid = await evaluate(box, n);
  }
  return { grid, fitted: false };
}

type Indices = NonNullable<ReturnType<typeof significantIndices>>;

/** The box spanned by the significant points plus one grid cell on every side. */
function withMargin(grid: LogLikelihoodGrid, { ixMin, ixMax, iyMin, iyMax }: Indices): Box {
  const { xs, ys } = grid;
  const [hx, hy] = [xs[1] - xs[0], ys[1] - ys[0]];
  return { x0: xs[ixMin] - hx, x1: xs[ixMax] + hx, y0: ys[iyMin] - hy, y1: ys[iyMax] + hy };
}

/** The next box to try, or null when this one fits: mass clear of the border and spanning at least FIT_SHARE of it. */
function refit(grid: LogLikelihoodGrid, indices: Indices): Box | null {
  const { box, n } = grid;
  const tight = withMargin(grid, indices);
  const [width, height] = [box.x1 - box.x0, box.y1 - box.y0];
  const next = {
    x0: indices.ixMin === 0 ? box.x0 - width / 2 : tight.x0,
    x1: indices.ixMax === n - 1 ? box.x1 + width / 2 : tight.x1,
    y0: indices.iyMin === 0 ? box.y0 - height / 2 : tight.y0,
    y1: indices.iyMax === n - 1 ? box.y1 + height / 2 : tight.y1,
  };
  const touches = indices.ixMin === 0 || indices.iyMin === 0 || indices.ixMax === n - 1 || indices.iyMax === n - 1;
  const loose = next.x1 - next.x0 < FIT_SHARE * width || next.y1 - next.y0 < FIT_SHARE * height;
  return touches || loose ? next : null;
}

/** Decoder evaluations that doubling an n-point grid's density costs: (2n − 1)² − n². */
function newPoints(n: number): number {
  return (2 * n - 1) ** 2 - n * n;
}

function contains(outer: Box, inner: Box): boolean {
  return outer.x0 <= inner.x0 && outer.x1 >= inner.x1 && outer.y0 <= inner.y0 && outer.y1 >= inner.y1;
}

/** log q(z) up to a constant at every grid point (the constant cancels in a self-normalised mean). */
function logQ(grid: LogLikelihoodGrid, mean: Float32Array, sigma: number[]): Float64Array {
  const { n, xs, ys } = grid;
  return Float64Array.from({ length: n * n }, (_, i) => -0.5 * (((xs[i % n] - mean[0]) / sigma[0]) ** 2 + ((ys[Math.floor(i / n)] - mean[1]) / sigma[1]) ** 2));
}

/** Posterior mean and covariance from the normalised grid weights exp(joint − logPx)·cell area. */
function posteriorMoments(grid: LogLikelihoodGrid, joint: Float64Array, logPx: number) {
  const { n, xs, ys } = grid;
  const cellArea = (xs[1] - xs[0]) * (ys[1] - ys[0]);
  const weight = (i: number) => Math.exp(joint[i] - logPx) * cellArea;
  let [total, ex, ey] = [0, 0, 0];
  for (let i = 0; i < n * n; i++) [total, ex, ey] = [total + weight(i), ex + weight(i) * xs[i % n], ey + weight(i) * ys[Math.floor(i / n)]];
  [ex, ey] = [ex / total, ey / total];
  let [cxx, cxy, cyy] = [0, 0, 0];
  for (let i = 0; i < n * n; i++) {
    const [dx, dy] = [xs[i % n] - ex, ys[Math.floor(i / n)] - ey];
    [cxx, cxy, cyy] = [cxx + weight(i) * dx * dx, cxy + weight(i) * dx * dy, cyy + weight(i) * dy * dy];
  }
  return {
    posteriorMean: [ex, ey] as [number, number],
    posteriorCovariance: [[cxx / total, cxy / total], [cxy / total, cyy / total]] as [[number, number], [number, number]],
  };
}
