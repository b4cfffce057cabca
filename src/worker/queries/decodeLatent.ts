/** Decodes one latent vector the page chose (a point under the pointer, a traversal step …). */
import { MODEL_FAMILIES } from '../../ml/models/family';
import { decodeToBytes } from '../../ml/training/latentGrid';
import type { QueryModule } from './types';

export const decodeLatentQuery: QueryModule<'decodeLatent'> = {
  kind: 'decodeLatent',
  notApplicable(run, { z }) {
    if (MODEL_FAMILIES[run.config.model].latent === 'codebook') return 'A VQ-VAE decodes grids of codebook vectors, not points of a continuous latent space.';
    return z.length === run.model.embedDim && z.every(Number.isFinite) ? null : `A latent vector needs ${run.model.embedDim} finite numbers.`;
  },
  async answer({ run }, { z }) {
    const bytes = await decodeToBytes(run.model, Float32Array.from(z), z.length);
    const pixels = Float32Array.from(bytes, (value) => value / 255);
    return { result: { pixels }, transfer: [pixels.buffer] };
  },
};
