/** The decoded latent grid view: an N×N grid of images decoded across the latent plane. */
import { MODEL_FAMILIES } from '../../ml/models/family';
import { decodeToBytes, planLatentGrid } from '../../ml/training/latentGrid';
import type { ViewModule } from './types';

const SUBSCRIPTS = '₀₁₂₃₄₅₆₇₈₉';

/** "z₁₂" for dimension index 11 (dimensions count from 1 on the page). */
function dimensionTitle(symbol: string, index: number): string {
  return `${symbol}${String(index + 1).replace(/\d/g, (d) => SUBSCRIPTS[Number(d)])}`;
}

const NO_PLANE =
  'A VQ-VAE has no continuous latent plane to walk across: each image is a 7×7 grid of discrete codebook vectors. The interpolation panel shows what decoding between two code grids gives.';

/** The grid as the Latent grid panel and the scatter's underlay ask for it (same computation, separate requests). */
function gridView<K extends 'latentGrid' | 'latentUnderlay'>(kind: K): ViewModule<K> {
  return {
    kind,
    intervalMs: 350,
    notApplicable: (run) => (MODEL_FAMILIES[run.config.model].latent === 'codebook' ? NO_PLANE : null),
    async compute({ run, codes }, request) {
      const size = Math.round(Math.min(24, Math.max(8, request.size)));
      const anchorIndex = Math.min(Math.max(0, request.anchorIndex), codes.rows - 1);
      const anchor = codes.values.slice(anchorIndex * codes.dim, (anchorIndex + 1) * codes.dim);
      const family = MODEL_FAMILIES[run.config.model];
      const plan = planLatentGrid(codes, size, request.axes, anchor, family.hasPrior, request.span);
      const images = await decodeToBytes(run.model, plan.points, plan.dim);
      const symbol = family.codeSymbol;
      const [xTitle, yTitle] =
        plan.axes.kind === 'dims' ? [dimensionTitle(symbol, plan.axes.x), dimensionTitle(symbol, plan.axes.y)] : [`PC 1 of ${symbol}`, `PC 2 of ${symbol}`];
      const payload = { xs: plan.xs, ys: plan.ys, images, size, xTitle, yTitle, coverage: plan.coverage, matchesScatter: plan.matchesScatter };
      return { payload, transfer: [plan.xs.buffer as ArrayBuffer, plan.ys.buffer as ArrayBuffer, images.buffer as ArrayBuffer] };
    },
  };
}

export const latentGridView = gridView('latentGrid');
export const latentUnderlayView = gridView('latentUnderlay');
