/** The code of a digit the page names: a test digit's from the probe codes, the drawn digit's by encoding it. */
import { encodeImage } from '../../ml/training/latentGrid';
import type { ProbeCodes } from '../../ml/training/probes';
import type { ProbeRef } from '../protocol';
import type { Run } from '../runs';
import type { Drawing } from './types';

/** The code of `ref` → [dim]: row `ref` of the codes (clamped), the drawing's code, or probe 0's when nothing is drawn. */
export async function codeOf(ref: ProbeRef, run: Run, codes: ProbeCodes, drawing: Drawing | null): Promise<Float32Array> {
  if (ref === 'drawn' && drawing) return encodeImage(run.model, drawing.image);
  const row = ref === 'drawn' ? 0 : Math.min(Math.max(0, Math.round(ref)), codes.rows - 1);
  return codes.values.slice(row * codes.dim, (row + 1) * codes.dim);
}
