/** The selected digit's exact posterior (latent 2, by quadrature) and its IWAE bound ladder, from one frozen copy of the weights. */
import { boundLadder, truePosterior, type TruePosterior } from '../../ml/analysis';
import type { QuadraturePayload } from '../protocol';
import { budgetOf, buffersOf, quadratureBudget, slowBackend, vaeOnly, withDigitProblem } from './digit';
import type { ViewModule } from './types';

/** Points per axis the page gets for contours: the quadrature grid thinned by a power of two. */
const DISPLAY_POINTS = 63;

/** Every s-th point of the grid (s a power of two with at most DISPLAY_POINTS per axis). */
function thinned(grid: TruePosterior['grid']): QuadraturePayload['grid'] {
  const n = grid.xs.length;
  let stride = 1;
  while ((n - 1) / stride + 1 > DISPLAY_POINTS && (n - 1) % (2 * stride) === 0) stride *= 2;
  const kept = Array.from({ length: Math.floor((n - 1) / stride) + 1 }, (_, i) => i * stride);
  const logDensity = new Float32Array(kept.length * kept.length);
  kept.forEach((iy, row) => kept.forEach((ix, column) => (logDensity[row * kept.length + column] = grid.logDensity[iy * n + ix])));
  return { xs: Float32Array.from(kept, (i) => grid.xs[i]), ys: Float32Array.from(kept, (i) => grid.ys[i]), logDensity };
}

function quadraturePayload(result: TruePosterior): QuadraturePayload {
  const { grid, ...numbers } = result;
  return { ...numbers, grid: thinned(grid) };
}

export const posteriorView: ViewModule<'posterior'> = {
  kind: 'posterior',
  intervalMs: 6000,
  notApplicable: vaeOnly,
  compute(context) {
    return withDigitProblem(context, async (problem, probeIndex) => {
      const slow = slowBackend();
      const budget = budgetOf(context);
      const quadrature =
        problem.dim === 2 ? quadraturePayload(await truePosterior(problem, { ...budget, ...quadratureBudget() })) : null;
      const ladder = await boundLadder(problem, { ...budget, ks: [1, 10, 100, 1000], repeats: slow ? 4 : 8, seed: 1 });
      const payload = {
        probeIndex,
        mean: problem.mean.slice(),
        logVar: problem.logVar.slice(),
        quadrature,
        quadratureNote: quadrature ? null : `Exact log p(x) needs an integral over all ${problem.dim} latent dimensions; the grid quadrature here is done for a 2-D latent only.`,
        ladder: ladder.rungs,
        ladderDecoderEvaluations: ladder.decoderEvaluations,
      };
      const grids = quadrature ? [quadrature.grid.xs, quadrature.grid.ys, quadrature.grid.logDensity] : [];
      return { payload, transfer: buffersOf(payload.mean, payload.logVar, ...grids) };
    });
  },
};
