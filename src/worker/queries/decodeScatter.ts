/** Decodes the latent point under a point of the scatter (the pointer's): itself in 2-D, lifted off the PCA plane through an anchor's code above. */
import { liftToLatent } from '../../ml/math/pca';
import { MODEL_FAMILIES } from '../../ml/models/family';
import { decodeToBytes } from '../../ml/training/latentGrid';
import { codeOf } from '../views/anchor';
import type { QueryModule } from './types';

export const decodeScatterQuery: QueryModule<'decodeScatter'> = {
  kind: 'decodeScatter',
  notApplicable(run, { x, y }) {
    if (MODEL_FAMILIES[run.config.model].latent === 'codebook') return 'A VQ-VAE decodes grids of codebook vectors, not points of a continuous latent space.';
    return Number.isFinite(x) && Number.isFinite(y) ? null : 'A point of the scatter needs two finite coordinates.';
  },
  async answer({ run, codes, drawing }, { x, y, anchor }) {
    const dim = run.model.embedDim;
    let z: Float32Array;
    if (dim === 2) z = Float32Array.from([x, y]);
    else if (codes?.projection) z = liftToLatent(x, y, await codeOf(anchor, run, codes, drawing), codes.projection);
    else throw new Error('the scatter has no projection before the first snapshot');
    const bytes = await decodeToBytes(run.model, z, dim);
    const pixels = Float32Array.from(bytes, (value) => value / 255);
    return { result: { pixels, z }, transfer: [pixels.buffer, z.buffer as ArrayBuffer] };
  },
};
