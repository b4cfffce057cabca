/**
 * Layers the explore views add to the latent scatter: the drawn digit, a pinned point, and q(z)'s contours. Plain data
 * → Plotly traces. They are WebGL traces like the points: Plotly draws its SVG traces beneath the WebGL canvas.
 */
import type { Data } from 'plotly.js-dist-min';
import type { PlaneContours } from '../../worker/protocol';

/** The drawn digit's code as a large outlined star, named "your digit" in the legend; nothing while there is none. */
export function drawnTraces(position: [number, number] | null): Data[] {
  if (!position) return [];
  return [
    {
      type: 'scattergl',
      mode: 'markers',
      name: 'your digit',
      x: [position[0]],
      y: [position[1]],
      hoverinfo: 'skip',
      marker: { symbol: 'star', size: 22, color: '#ffd400', line: { width: 2, color: '#000' } },
    },
  ];
}

/** A pinned point of the latent plane as a black cross in a white ring; nothing while none is pinned. */
export function pinTraces(pin: { x: number; y: number } | null): Data[] {
  if (!pin) return [];
  return [
    {
      type: 'scattergl',
      mode: 'markers',
      name: 'pinned point',
      x: [pin.x],
      y: [pin.y],
      hoverinfo: 'skip',
      marker: { symbol: 'x', size: 16, color: '#000', line: { width: 2, color: '#fff' } },
    },
  ];
}

/**
 * q(z)'s smallest regions holding the prior's 1σ and 2σ shares of its mass (39% and 86%), as solid dark outlines to
 * compare with the prior's dashed circles; nothing without a plane (latent > 2).
 */
export function contourTraces(plane: PlaneContours | null): Data[] {
  if (!plane) return [];
  return plane.contours.map((segments, k) => ({
    type: 'scattergl',
    mode: 'lines',
    name: `q(z): densest ${Math.round(plane.shares[k] * 100)}%`,
    x: segments.x,
    y: segments.y,
    connectgaps: false,
    hoverinfo: 'skip',
    line: { color: k === 0 ? '#000' : '#444', width: k === 0 ? 2.5 : 1.5 },
  }));
}
