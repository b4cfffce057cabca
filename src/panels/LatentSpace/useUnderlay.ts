/** The decoded latent grid as a picture under the scatter, at the scatter's own coordinates. */
import { useMemo } from 'react';
import type { LayoutImage } from 'plotly.js-dist-min';
import { useView } from '../../state/useView';
import type { LatentView, ProbeRef } from '../../worker/protocol';
import { gridPixels } from '../LatentGrid/tiles';

/** The grid's tiles as a PNG data URL (an offscreen canvas, nothing on the page). */
function pictureUrl(images: Uint8Array, size: number): string {
  const side = size * 28;
  const canvas = document.createElement('canvas');
  canvas.width = side;
  canvas.height = side;
  canvas.getContext('2d')?.putImageData(new ImageData(gridPixels(images, size), side, side), 0, 0);
  return canvas.toDataURL();
}

/** Images per side of the underlay: fine enough to read, cheap enough to decode at the snapshot rate. */
const UNDERLAY_SIZE = 20;

/** A Plotly layout image of the grid over [−halfWidth, halfWidth]², or null while off (or before the first grid). */
export function useUnderlay(latent: LatentView | null, halfWidth: number | null, anchor: ProbeRef, enabled: boolean): Partial<LayoutImage> | null {
  const on = enabled && latent !== null && halfWidth !== null;
  const span = halfWidth === null ? null : Number(halfWidth.toPrecision(3));
  const request = useMemo(() => (span === null ? null : { size: UNDERLAY_SIZE, axes: { kind: 'pca' as const }, anchor, span }), [span, anchor]);
  const result = useView('latentUnderlay', request, on);
  const payload = on && result?.status === 'ready' && result.payload.matchesScatter ? result.payload : null;
  const source = useMemo(() => (payload ? pictureUrl(payload.images, payload.size) : null), [payload]);
  if (!payload || !source || span === null) return null;
  const half = payload.xs[payload.size - 1] + (payload.xs[1] - payload.xs[0]) / 2;
  return { source, xref: 'x', yref: 'y', x: -half, y: half, sizex: 2 * half, sizey: 2 * half, sizing: 'stretch', layer: 'below', opacity: 0.6 };
}
