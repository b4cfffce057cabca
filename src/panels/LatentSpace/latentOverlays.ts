/** Extra layers of the latent scatter: σ ellipses of a VAE's q(z|x), and a VQ-VAE's codebook vectors. */
import type { Data } from 'plotly.js-dist-min';
import { classColor } from '../../components/palette';
import type { LatentView } from '../../worker/protocol';

/** At most this many σ ellipses are drawn: enough to see the spread, few enough to redraw fast. */
export const MAX_ELLIPSES = 150;
const ELLIPSE_SEGMENTS = 24;

/** Probe indices evenly spread over 0 … count−1, at most `limit` of them. */
export function subsample(count: number, limit: number): number[] {
  const stride = Math.max(1, Math.ceil(count / limit));
  const picked: number[] = [];
  for (let i = 0; i < count; i += stride) picked.push(i);
  return picked;
}

/**
 * Outlines of the 1σ ellipses of q(z|x) = N(μ, diag σ²) for a subsample of the points, one line trace per
 * class (ellipses separated by nulls), grouped with the class in the legend. Empty unless σ is known (2-D VAE).
 */
export function sigmaTraces(latent: LatentView, labels: Uint8Array | null, classCount: number): Data[] {
  const count = Math.min(latent.x.length, latent.sigmaX.length, latent.sigmaY.length);
  if (count === 0) return [];
  const groups = Math.max(1, labels ? classCount : 1);
  const xs: (number | null)[][] = Array.from({ length: groups }, () => []);
  const ys: (number | null)[][] = Array.from({ length: groups }, () => []);
  for (const i of subsample(count, MAX_ELLIPSES)) {
    const c = labels ? Math.min(labels[i], groups - 1) : 0;
    for (let k = 0; k <= ELLIPSE_SEGMENTS; k++) {
      const angle = (2 * Math.PI * k) / ELLIPSE_SEGMENTS;
      xs[c].push(latent.x[i] + latent.sigmaX[i] * Math.cos(angle));
      ys[c].push(latent.y[i] + latent.sigmaY[i] * Math.sin(angle));
    }
    xs[c].push(null);
    ys[c].push(null);
  }
  return xs.flatMap((x, c): Data[] =>
    x.length === 0
      ? []
      : [
          {
            type: 'scatter',
            mode: 'lines',
            name: `σ, class ${c}`,
            legendgroup: `class-${c}`,
            showlegend: false,
            x,
            y: ys[c],
            hoverinfo: 'skip',
            line: { color: classColor(c), width: 1.2 },
            opacity: 0.55,
          },
        ],
  );
}

/** The K codebook vectors e_k as large black-outlined diamonds; empty unless the model is a VQ-VAE. */
export function codebookTraces(latent: LatentView): Data[] {
  const count = Math.min(latent.codebookX.length, latent.codebookY.length);
  if (count === 0) return [];
  return [
    {
      type: 'scattergl',
      mode: 'markers',
      name: `codebook (${count})`,
      x: latent.codebookX,
      y: latent.codebookY,
      text: Array.from({ length: count }, (_, k) => `code e_${k}`),
      hovertemplate: '%{text}<extra></extra>',
      marker: { symbol: 'diamond', size: 13, color: 'rgba(255,255,255,0.85)', line: { width: 2.5, color: '#000' } },
    },
  ];
}
