/** The decoded latent grid as a picture under the scatter, at the scatter's own coordinates. */
import { useEffect, useMemo, useState } from 'react';
import type { LayoutImage } from 'plotly.js-dist-min';
import { useView } from '../../state/useView';
import type { LatentGridPayload, LatentView, ProbeRef } from '../../worker/protocol';
import { gridPixels } from '../LatentGrid/tiles';

/** Images per side of the underlay: fine enough to read, cheap enough to decode at the snapshot rate. */
const UNDERLAY_SIZE = 20;

/**
 * The grid's tiles as a PNG object URL (null until encoded). The PNG is encoded by canvas.toBlob, off the main
 * thread; each URL is revoked when the next one replaces it or the underlay goes.
 */
function usePictureUrl(payload: LatentGridPayload | null): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!payload) return;
    let current: string | null = null;
    let cancelled = false;
    const side = payload.size * 28;
    const canvas = document.createElement('canvas');
    canvas.width = side;
    canvas.height = side;
    canvas.getContext('2d')?.putImageData(new ImageData(gridPixels(payload.images, payload.size), side, side), 0, 0);
    canvas.toBlob((blob) => {
      if (!blob || cancelled) return;
      current = URL.createObjectURL(blob);
      setUrl(current);
    });
    return () => {
      cancelled = true;
      // Revoked after the next picture has been drawn in its place (Plotly loads the URL asynchronously).
      if (current) setTimeout((done: string) => URL.revokeObjectURL(done), 5000, current);
    };
  }, [payload]);
  return payload ? url : null;
}

/** A Plotly layout image of the grid over [−halfWidth, halfWidth]², or null while off (or before the first grid). */
export function useUnderlay(latent: LatentView | null, halfWidth: number | null, anchor: ProbeRef, enabled: boolean): Partial<LayoutImage> | null {
  const on = enabled && latent !== null && halfWidth !== null;
  const span = halfWidth === null ? null : Number(halfWidth.toPrecision(3));
  const request = useMemo(() => (span === null ? null : { size: UNDERLAY_SIZE, axes: { kind: 'pca' as const }, anchor, span }), [span, anchor]);
  const result = useView('latentUnderlay', request, on);
  const payload = on && result?.status === 'ready' && result.payload.matchesScatter ? result.payload : null;
  const source = usePictureUrl(payload);
  if (!payload || !source || span === null) return null;
  const half = payload.xs[payload.size - 1] + (payload.xs[1] - payload.xs[0]) / 2;
  return { source, xref: 'x', yref: 'y', x: -half, y: half, sizex: 2 * half, sizey: 2 * half, sizing: 'stretch', layer: 'below', opacity: 0.6 };
}
