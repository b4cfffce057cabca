/** Builds the latent scatter's Plotly traces and layout from a LatentView; typed arrays, no per-point objects. */
import type { Data, Layout, LayoutImage } from 'plotly.js-dist-min';
import { CHART_FONT } from '../../components/plotly';
import { classColor } from '../../components/palette';
import { MODEL_FAMILIES } from '../../ml/models/family';
import { INTERPOLATION_FRAMES, type LatentView, type ModelKind } from '../../worker/protocol';

/** Axis titles: the two coordinates (z₁, μ₁, z_e dim 1) when 2-D, else the principal components with their share of variance. */
export function axisTitles(latent: LatentView | null, model: ModelKind): [string, string] {
  const symbol = MODEL_FAMILIES[model].codeSymbol;
  if (!latent || latent.projection === 'identity') {
    return symbol === 'z_e' ? ['z_e dim 1', 'z_e dim 2'] : [`${symbol}₁`, `${symbol}₂`];
  }
  const [first, second] = latent.explainedVariance.map((share) => `${(share * 100).toFixed(0)}% var.`);
  return [`PC 1 of ${symbol} (${first})`, `PC 2 of ${symbol} (${second})`];
}

/** One scattergl trace per class, with the probe index of each point as customdata. */
export function classTraces(latent: LatentView, labels: Uint8Array | null, classNames: string[]): Data[] {
  const pointCount = Math.min(latent.x.length, latent.y.length, labels ? labels.length : Number.POSITIVE_INFINITY);
  const classCount = labels ? Math.max(1, classNames.length) : 1;
  const classOf = (i: number) => (labels ? Math.min(labels[i], classCount - 1) : 0);
  const counts = new Int32Array(classCount);
  for (let i = 0; i < pointCount; i++) counts[classOf(i)]++;
  const xs = Array.from(counts, (count) => new Float32Array(count));
  const ys = Array.from(counts, (count) => new Float32Array(count));
  const ids = Array.from(counts, (count) => new Int32Array(count));
  const filled = new Int32Array(classCount);
  for (let i = 0; i < pointCount; i++) {
    const c = classOf(i);
    const slot = filled[c]++;
    xs[c][slot] = latent.x[i];
    ys[c][slot] = latent.y[i];
    ids[c][slot] = i;
  }
  return xs.map((x, c) => ({
    type: 'scattergl',
    mode: 'markers',
    name: labels ? (classNames[c] ?? String(c)) : 'test digits',
    legendgroup: `class-${c}`,
    x,
    y: ys[c],
    customdata: ids[c],
    hoverinfo: 'none',
    marker: { color: classColor(c), size: 6, opacity: 0.8, line: { width: 0.5, color: '#333' } },
  }));
}

/**
 * Where endpoints A and B sit: the ends of the drawn path when there is one (an endpoint may be the drawn digit or a
 * pinned point), else the test digits' own points (a VQ-VAE has no path).
 */
export function endpointPositions(latent: LatentView, endpoints: [number, number]): { label: 'A' | 'B'; x: number; y: number }[] {
  const last = latent.pathX.length - 1;
  if (last > 0) return [{ label: 'A', x: latent.pathX[0], y: latent.pathY[0] }, { label: 'B', x: latent.pathX[last], y: latent.pathY[last] }];
  return endpoints
    .map((index, k) => ({ index, label: k === 0 ? ('A' as const) : ('B' as const) }))
    .filter(({ index }) => index >= 0 && index < latent.x.length)
    .map(({ index, label }) => ({ label, x: latent.x[index], y: latent.y[index] }));
}

/**
 * The A→B interpolation path (none for VQ-VAE), dotted at its INTERPOLATION_FRAMES decoded frames, and big outlined
 * rings on the two endpoints; WebGL traces, so they are drawn above the points (Plotly puts SVG traces beneath them).
 */
export function pathTraces(latent: LatentView, endpoints: [number, number]): Data[] {
  const ends = endpointPositions(latent, endpoints);
  const points = latent.pathX.length;
  const stride = (points - 1) / (INTERPOLATION_FRAMES - 1);
  const frameSizes = Array.from({ length: points }, (_, k) => (Math.abs(k / stride - Math.round(k / stride)) < 1e-6 ? 6 : 0));
  const path: Data[] = points === 0 ? [] : [
    {
      type: 'scattergl',
      mode: 'lines+markers',
      name: 'A → B path',
      x: latent.pathX,
      y: latent.pathY,
      hoverinfo: 'skip',
      line: { color: '#222', width: 2.5 },
      marker: { color: '#222', size: frameSizes },
    },
  ];
  const ring = (size: number, width: number, color: string): Data => ({
    type: 'scattergl',
    mode: 'markers',
    name: 'endpoints',
    showlegend: false,
    x: ends.map((end) => end.x),
    y: ends.map((end) => end.y),
    hoverinfo: 'skip',
    marker: { size, color: 'rgba(255,255,255,0.35)', line: { width, color } },
  });
  return [...path, ring(24, 6, '#fff'), ring(20, 3, '#000')];
}

/**
 * Boxed "A" / "B" labels beside their ringed points, readable over dense points (annotations, not trace text). No
 * arrows: Plotly measures an arrow's path (a forced layout) at every redraw, and the ring already marks the point.
 */
export function endpointAnnotations(latent: LatentView | null, endpoints: [number, number]): NonNullable<Layout['annotations']> {
  if (!latent) return [];
  return endpointPositions(latent, endpoints).map(({ label, x, y }) => ({
    x,
    y,
    text: `<b>${label}</b>`,
    showarrow: false,
    xshift: label === 'A' ? -24 : 24,
    yshift: 24,
    bgcolor: '#fff',
    bordercolor: '#000',
    borderwidth: 1.5,
    borderpad: 3,
    font: { size: 16, color: '#000' },
  }));
}

/** The prior's 1σ and 2σ circles, N(0, I) in two dimensions, as dashed outlines (with their labels). */
function priorCircles(): { shapes: NonNullable<Layout['shapes']>; labels: NonNullable<Layout['annotations']> } {
  const circle = (radius: number) => ({
    type: 'circle' as const,
    xref: 'x' as const,
    yref: 'y' as const,
    x0: -radius,
    y0: -radius,
    x1: radius,
    y1: radius,
    line: { color: '#777', width: 1.5, dash: 'dash' as const },
    layer: 'below' as const,
  });
  const label = (radius: number, text: string) => ({
    x: 0,
    y: -radius,
    text,
    showarrow: false,
    xanchor: 'center' as const,
    yanchor: 'top' as const,
    font: { size: 12, color: '#555' },
  });
  return { shapes: [circle(1), circle(2)], labels: [label(1, '1σ'), label(2, 'prior 2σ')] };
}

/** How the view is framed: a steady square [−halfWidth, halfWidth]² (null: let Plotly fit), the prior's circles, and a narrow screen (legend below). */
export interface LatentFrame {
  halfWidth: number | null;
  priorCircles: boolean;
  narrow: boolean;
  /** The decoded latent grid drawn under the points, at their coordinates (null: none). */
  underlay: Partial<LayoutImage> | null;
}

/** Layout: equal aspect so distances are honest, a steady frame, fixed uirevision so zoom survives updates. */
export function latentLayout(latent: LatentView | null, running: boolean, model: ModelKind, endpoints: [number, number], frame: LatentFrame): Partial<Layout> {
  const [xTitle, yTitle] = axisTitles(latent, model);
  const axis = {
    tickfont: { size: 14 },
    zeroline: true,
    zerolinecolor: '#bbb',
    gridcolor: '#eee',
    automargin: false,
    ticklabeloverflow: 'allow' as const,
  };
  const range = frame.halfWidth === null ? {} : { range: [-frame.halfWidth, frame.halfWidth] as [number, number], autorange: false };
  const prior = latent && frame.priorCircles ? priorCircles() : { shapes: [], labels: [] };
  return {
    uirevision: `latent-${model}-${latent?.projection ?? 'none'}`,
    margin: { l: 56, r: 8, t: 36, b: 48 },
    font: CHART_FONT,
    paper_bgcolor: '#fff',
    plot_bgcolor: '#fff',
    hovermode: running ? false : 'closest',
    xaxis: { ...axis, ...range, title: { text: xTitle, font: { size: 16 } } },
    yaxis: { ...axis, ...range, title: { text: yTitle, font: { size: 16 } }, scaleanchor: 'x', scaleratio: 1 },
    shapes: prior.shapes,
    images: frame.underlay ? [frame.underlay] : [],
    legend: frame.narrow
      ? { orientation: 'h', x: 0, y: -0.12, yanchor: 'top', font: { size: 13 }, itemsizing: 'constant' }
      : { title: { text: 'class' }, font: { size: 13 }, itemsizing: 'constant', tracegroupgap: 1 },
    annotations: latent
      ? [...prior.labels, ...endpointAnnotations(latent, endpoints)]
      : [{ text: 'No model output yet: press Train or Step', showarrow: false, font: { size: 16, color: '#555' }, xref: 'paper', yref: 'paper', x: 0.5, y: 0.5 }],
  };
}
