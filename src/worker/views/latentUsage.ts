/** The KL per latent dimension and the active units (Burda et al. 2015): which dimensions the encoder uses. */
import { activeUnits, klPerDimension } from '../../ml/math/latentStats';
import type { ViewModule } from './types';

const ACTIVE_THRESHOLD = 0.01;

export const latentUsageView: ViewModule<'latentUsage'> = {
  kind: 'latentUsage',
  intervalMs: 700,
  notApplicable: (run) =>
    run.config.model === 'vae'
      ? null
      : run.config.model === 'vqvae'
        ? 'A VQ-VAE has no KL term: its code is a grid of discrete codebook vectors (the Codebook panel shows which are used).'
        : 'An autoencoder has no prior and no KL term, so there is no KL per dimension to measure, and nothing pushes unused dimensions towards a prior.',
  async compute({ codes }) {
    const { values, logVar, rows, dim } = codes;
    if (!logVar) throw new Error('a VAE’s codes carry log σ²');
    const kl = Float32Array.from(klPerDimension(values, logVar, rows, dim));
    const units = activeUnits(values, rows, dim, ACTIVE_THRESHOLD);
    const variance = Float32Array.from(units.variances);
    return { payload: { kl, variance, threshold: ACTIVE_THRESHOLD, activeCount: units.count }, transfer: [kl.buffer as ArrayBuffer, variance.buffer as ArrayBuffer] };
  },
};
