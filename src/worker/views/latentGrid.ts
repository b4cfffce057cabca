/** The decoded latent grid view: an N×N grid of images decoded across the latent plane, with the interpolation path over it. */
import { project2 } from '../../ml/math/pca';
import { MODEL_FAMILIES } from '../../ml/models/family';
import { decodeToBytes, gridFractions, planLatentGrid, type GridPlan } from '../../ml/training/latentGrid';
import type { ProbeCodes } from '../../ml/training/probes';
import { codeOf } from './anchor';
import type { ViewModule } from './types';

const SUBSCRIPTS = '₀₁₂₃₄₅₆₇₈₉';

/** "z₁₂" for dimension index 11 (dimensions count from 1 on the page). */
export function dimensionTitle(symbol: string, index: number): string {
  return `${symbol}${String(index + 1).replace(/\d/g, (d) => SUBSCRIPTS[Number(d)])}`;
}

export const NO_PLANE =
  'A VQ-VAE has no continuous latent plane to walk across: each image is a 7×7 grid of discrete codebook vectors. The interpolation panel shows what decoding between two code grids gives.';

/** The interpolation path over the grid's picture, when the grid shows the scatter's plane (else empty). */
function pathFractions(plan: GridPlan, codes: ProbeCodes): Float32Array {
  const points = codes.path.length / codes.dim;
  if (!plan.matchesScatter || points === 0) return new Float32Array(0);
  if (codes.projection) {
    const { x, y } = project2(codes.path, points, codes.dim, codes.projection);
    return gridFractions(plan, x, y);
  }
  const column = (c: number) => Float32Array.from({ length: points }, (_, k) => codes.path[k * codes.dim + c]);
  return gridFractions(plan, column(0), column(1));
}

/** The grid as the Latent grid panel and the scatter's underlay ask for it (same computation, separate requests, own pace). */
function gridView<K extends 'latentGrid' | 'latentUnderlay'>(kind: K, intervalMs: number): ViewModule<K> {
  return {
    kind,
    intervalMs,
    notApplicable: (run) => (MODEL_FAMILIES[run.config.model].latent === 'codebook' ? NO_PLANE : null),
    readsDrawing: (request) => request.anchor === 'drawn',
    async compute({ run, codes, drawing }, request) {
      const size = Math.round(Math.min(24, Math.max(8, request.size)));
      const anchor = await codeOf(request.anchor, run, codes, drawing);
      const family = MODEL_FAMILIES[run.config.model];
      const plan = planLatentGrid(codes, size, request.axes, anchor, family.hasPrior, request.span);
      const images = await decodeToBytes(run.model, plan.points, plan.dim);
      const symbol = family.codeSymbol;
      const [xTitle, yTitle] =
        plan.axes.kind === 'dims' ? [dimensionTitle(symbol, plan.axes.x), dimensionTitle(symbol, plan.axes.y)] : [`PC 1 of ${symbol}`, `PC 2 of ${symbol}`];
      const path = pathFractions(plan, codes);
      const payload = { xs: plan.xs, ys: plan.ys, images, size, xTitle, yTitle, coverage: plan.coverage, matchesScatter: plan.matchesScatter, path };
      return { payload, transfer: [plan.xs.buffer as ArrayBuffer, plan.ys.buffer as ArrayBuffer, images.buffer as ArrayBuffer, path.buffer as ArrayBuffer] };
    },
  };
}

export const latentGridView = gridView('latentGrid', 350);
/** A background picture: once a second is live enough, and it spares the page a PNG and a relayout per snapshot. */
export const latentUnderlayView = gridView('latentUnderlay', 1000);
