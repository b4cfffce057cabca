/** Where the prior's holes are: the aggregate posterior q(z) of the test digits against the prior N(0, I). */
import { MODEL_FAMILIES } from '../../ml/models/family';
import { summarizeAggregatePosterior } from '../../ml/training/aggregatePosterior';
import type { ViewModule } from './types';

/** Fixed draws, so the estimate does not jitter between snapshots of unchanged weights. */
const SEED = 17;

export const aggregatePosteriorView: ViewModule<'aggregatePosterior'> = {
  kind: 'aggregatePosterior',
  intervalMs: 1000,
  notApplicable: (run) =>
    MODEL_FAMILIES[run.config.model].latent === 'codebook'
      ? 'A VQ-VAE has no continuous prior to leave holes in: its codes are K discrete vectors, and their prior (a PixelCNN over the 7×7 grid in the paper) is fitted after training.'
      : null,
  async compute({ codes }) {
    const summary = summarizeAggregatePosterior(codes, SEED);
    const arrays = [summary.mean, summary.variance, ...(summary.plane?.contours.flatMap((c) => [c.x, c.y]) ?? [])];
    if (summary.histograms) arrays.push(summary.histograms.edges, summary.histograms.density, summary.histograms.prior, summary.histograms.outside);
    return { payload: summary, transfer: arrays.map((array) => array.buffer as ArrayBuffer) };
  },
};
