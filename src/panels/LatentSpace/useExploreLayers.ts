/** The explore views drawn on the scatter: the drawn digit's point (while one is drawn) and q(z)'s contours (when asked, 2-D). */
import { useMemo } from 'react';
import type { Data } from 'plotly.js-dist-min';
import { useView } from '../../state/useView';
import { contourTraces, drawnTraces } from './exploreOverlays';

const NOTHING = {};

/** Plotly traces of the open layers; the views stay closed (and cost nothing) while their layer is off. */
export function useExploreLayers(hasDrawing: boolean, contours: boolean): Data[] {
  const drawn = useView('drawnDigit', NOTHING, hasDrawing);
  const posterior = useView('aggregatePosterior', NOTHING, contours);
  const position = hasDrawing && drawn?.status === 'ready' ? (drawn.payload.drawn?.position ?? null) : null;
  const plane = contours && posterior?.status === 'ready' ? posterior.payload.plane : null;
  const [x, y] = position ?? [null, null];
  return useMemo(() => [...contourTraces(plane), ...drawnTraces(x === null || y === null ? null : [x, y])], [plane, x, y]);
}
