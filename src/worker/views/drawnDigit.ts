/** The drawn digit as the model sees it, live: its code, its place on the scatter, its reconstruction and objective terms. */
import { project2 } from '../../ml/math/pca';
import { MODEL_FAMILIES } from '../../ml/models/family';
import type { ProbeCodes } from '../../ml/training/probes';
import type { ViewModule } from './types';

/** Where a code sits on the latent scatter: itself in 2-D, its PCA projection above; null for a codebook model. */
function scatterPosition(code: Float32Array, codes: ProbeCodes, codebook: boolean): [number, number] | null {
  if (codebook) return null;
  if (!codes.projection) return [code[0], code[1]];
  const { x, y } = project2(code, 1, code.length, codes.projection);
  return [x[0], y[0]];
}

export const drawnDigitView: ViewModule<'drawnDigit'> = {
  kind: 'drawnDigit',
  /** Its VAE terms decode 256 draws of z (the importance-sampled log p(x)): a little slower than the snapshots. */
  intervalMs: 700,
  notApplicable: () => null,
  readsDrawing: () => true,
  async compute({ run, codes, drawing }) {
    if (!drawing) return { payload: { drawn: null }, transfer: [] };
    const view = await run.probes.imageView(run.model, drawing.image, run.trainer.trainingSettings.corruption);
    const input = Float32Array.from(drawing.image);
    const position = scatterPosition(view.code, codes, MODEL_FAMILIES[run.config.model].latent === 'codebook');
    const drawn = { input, reconstruction: view.reconstruction, code: view.code, position, terms: view.terms };
    const buffers = [input, view.reconstruction, view.code, view.terms.mean, view.terms.logVar].flatMap((array) => (array ? [array.buffer as ArrayBuffer] : []));
    return { payload: { drawn }, transfer: [...new Set(buffers)] };
  },
};
