/** Latent traversals: sliders around a digit's code, and for each shown dimension a strip decoded along it. */
import { spreadDimensions, traversalPoints, traversalRanges } from '../../ml/math/traversal';
import { MODEL_FAMILIES } from '../../ml/models/family';
import { decodeToBytes } from '../../ml/training/latentGrid';
import { codeOf } from './anchor';
import type { ViewModule } from './types';

/** At most this many dimensions get a slider and a strip. */
export const MAX_TRAVERSALS = 32;

export const traversalsView: ViewModule<'traversals'> = {
  kind: 'traversals',
  intervalMs: 500,
  notApplicable: (run) =>
    MODEL_FAMILIES[run.config.model].latent === 'codebook'
      ? 'A VQ-VAE’s code is a 7×7 grid of discrete codebook vectors: there is no continuous dimension to slide along.'
      : null,
  readsDrawing: (request) => request.anchor === 'drawn',
  async compute({ run, codes, drawing }, request) {
    const { rows, dim, values } = codes;
    const steps = Math.round(Math.min(15, Math.max(3, request.steps)));
    const point = await codeOf(request.anchor, run, codes, drawing);
    for (const [d, value] of request.values) if (Number.isInteger(d) && d >= 0 && d < dim && Number.isFinite(value)) point[d] = value;
    const dims = spreadDimensions(values, rows, dim, MAX_TRAVERSALS);
    const ranges = traversalRanges(values, rows, dim, dims, MODEL_FAMILIES[run.config.model].hasPrior);
    const stripPoints = traversalPoints(point, dims, ranges, steps);
    const [image, strips] = [await decodeToBytes(run.model, point, dim), await decodeToBytes(run.model, stripPoints, dim)];
    const payload = { dim, dims, ranges, point, image, strips, steps };
    return { payload, transfer: [ranges.buffer as ArrayBuffer, point.buffer as ArrayBuffer, image.buffer as ArrayBuffer, strips.buffer as ArrayBuffer] };
  },
};
