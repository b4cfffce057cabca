/**
 * The drawn digit as the worker last encoded it (its preprocessed input, code, reconstruction and terms). The view is
 * open while `open`; its last result stays shown while a drawing exists, and nothing once it is cleared.
 */
import { useView } from '../../state/useView';
import type { DrawnDigitPayload } from '../../worker/protocol';

const NOTHING = {};

export function useDrawnDigit(hasDrawing: boolean, open: boolean): DrawnDigitPayload['drawn'] {
  const result = useView('drawnDigit', NOTHING, hasDrawing && open);
  return hasDrawing && result?.status === 'ready' ? result.payload.drawn : null;
}
