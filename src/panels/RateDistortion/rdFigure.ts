/** The rate–distortion plane's traces: ghost trails, the current trail, lines of equal −ELBO and the current β's slope. */
import type { Data, Layout } from 'plotly.js-dist-min';
import type { Trail } from '../../state/trails';
import type { RateDistortionPayload } from '../../worker/protocol';

/** How a trail is told apart and labelled: by its β setting and architecture. */
export function trailSettings(payload: RateDistortionPayload, datasetTitle: string): { settingsKey: string; label: string; beta: number } {
  const { hyper, architecture } = payload;
  const { beta, betaSchedule, lossPreset } = hyper;
  const betaText =
    lossPreset === 'reconstruction'
      ? 'rec only (β = 0)'
      : lossPreset === 'kl'
        ? 'KL only'
        : betaSchedule.kind === 'constant'
          ? `β = ${beta}`
          : betaSchedule.kind === 'warmup'
            ? `β warm-up → ${beta}`
            : `β cyclical ≤ ${beta}`;
  const likelihood = architecture.likelihood.kind === 'bernoulli' ? '' : `, ${architecture.likelihood.kind}`;
  const label = `${betaText} · VAE ${architecture.network}, latent ${architecture.latentDim}${likelihood} · ${datasetTitle}`;
  return { settingsKey: JSON.stringify([hyper, architecture, datasetTitle]), label, beta: lossPreset === 'reconstruction' ? 0 : beta };
}

/** Share of each trail’s first points left out of the axis ranges: an untrained network starts hundreds of nats away. */
const EARLY_SHARE = 0.5;

/**
 * Axis ranges [min, max] padded by 8% around the points that matter: each trail’s later half (all of a
 * trail of one to three points). The first points still draw; they may run off the chart.
 */
export function planeRange(trails: Trail[]): { rate: [number, number]; distortion: [number, number] } | null {
  const points = trails.flatMap((trail) => (trail.points.length > 3 ? trail.points.slice(Math.floor(trail.points.length * EARLY_SHARE)) : trail.points));
  if (points.length === 0) return null;
  const span = (values: number[]): [number, number] => {
    const [lo, hi] = [Math.min(...values), Math.max(...values)];
    const pad = Math.max(0.08 * (hi - lo), 0.5);
    return [Math.max(0, lo - pad), hi + pad];
  };
  return { rate: span(points.map((p) => p.rate)), distortion: span(points.map((p) => p.distortion)) };
}

/** Round −ELBO values (D + R = c) whose lines cross the visible box, about `count` of them. */
export function isoElboLevels(range: { rate: [number, number]; distortion: [number, number] }, count = 5): number[] {
  const lo = range.rate[0] + range.distortion[0];
  const hi = range.rate[1] + range.distortion[1];
  const raw = (hi - lo) / count;
  const step = [1, 2, 5, 10, 20, 50, 100].find((s) => s >= raw) ?? 100;
  const levels: number[] = [];
  for (let c = Math.ceil(lo / step) * step; c < hi; c += step) levels.push(c);
  return levels;
}

const GHOST_COLORS = ['#7f8ea8', '#a98f6b', '#8aa37f', '#a07fa3', '#7fa3a0'];

export function rateDistortionFigure(current: Trail | null, ghosts: Trail[], currentBeta: number | null) {
  const all = current ? [...ghosts, current] : ghosts;
  const range = planeRange(all);
  const data: Data[] = [];
  const annotations: NonNullable<Layout['annotations']> = [];
  if (range) {
    for (const c of isoElboLevels(range)) {
      // D + R = c, clipped to the box.
      const [from, to] = [Math.max(range.rate[0], c - range.distortion[1]), Math.min(range.rate[1], c - range.distortion[0])];
      if (from >= to) continue;
      data.push({ type: 'scatter', mode: 'lines', x: [from, to], y: [c - from, c - to], line: { color: '#bbb', dash: 'dot', width: 1 }, hoverinfo: 'skip', showlegend: false });
      const x = c - range.distortion[0] - 0.02 * (range.rate[1] - range.rate[0]);
      if (x > range.rate[0] && x < range.rate[1]) annotations.push({ x, y: range.distortion[0], text: `−ELBO ${c}`, showarrow: false, yanchor: 'bottom', xanchor: 'right', font: { size: 11, color: '#777' } });
    }
  }
  ghosts.forEach((trail, i) => {
    const color = GHOST_COLORS[i % GHOST_COLORS.length];
    const subset = trail.points.filter((p) => p.source === 'subset');
    data.push({ type: 'scatter', mode: 'lines+markers', x: subset.map((p) => p.rate), y: subset.map((p) => p.distortion), name: trail.label, opacity: 0.45, line: { color, width: 2 }, marker: { color, size: 5 }, legendgroup: 'ghosts', hovertemplate: `${trail.label}<br>R %{x:.2f}, D %{y:.1f}<extra>ghost</extra>` });
    const last = subset.at(-1);
    if (last) annotations.push({ x: last.rate, y: last.distortion, text: trail.label.split(' · ')[0], showarrow: false, xanchor: 'left', xshift: 6, yshift: (i % 3) * 14 - 14, font: { size: 12, color: '#555' } });
  });
  if (current) {
    const subset = current.points.filter((p) => p.source === 'subset');
    data.push({ type: 'scatter', mode: 'lines+markers', x: subset.map((p) => p.rate), y: subset.map((p) => p.distortion), name: `${current.label} (now)`, line: { color: '#0072B2', width: 3 }, marker: { color: '#0072B2', size: subset.map((_, i) => (i === subset.length - 1 ? 12 : 6)) }, hovertemplate: 'step %{text}<br>R %{x:.2f}, D %{y:.1f}<extra>now</extra>', text: subset.map((p) => String(p.step)) });
    const last = subset.at(-1);
    if (last && range && currentBeta !== null && currentBeta > 0) {
      // D + β·R = const through the current point: the objective β-VAE training lowers.
      const [r0, r1] = range.rate;
      data.push({ type: 'scatter', mode: 'lines', x: [r0, r1], y: [last.distortion - currentBeta * (r0 - last.rate), last.distortion - currentBeta * (r1 - last.rate)], name: `slope −β (β = ${currentBeta}): equal D + β·R`, line: { color: '#D55E00', dash: 'dash', width: 2 }, hoverinfo: 'skip' });
    }
  }
  const tests = all.flatMap((trail) => trail.points.filter((p) => p.source === 'test').map((p) => ({ ...p, ghost: trail !== current })));
  if (tests.length > 0) {
    data.push({ type: 'scatter', mode: 'markers', x: tests.map((p) => p.rate), y: tests.map((p) => p.distortion), name: 'whole test set (each epoch)', marker: { symbol: 'diamond', size: 11, color: tests.map((p) => (p.ghost ? '#999' : '#000')) }, hovertemplate: 'test set, step %{text}<br>R %{x:.2f}, D %{y:.1f}<extra></extra>', text: tests.map((p) => String(p.step)) });
  }
  return { data, annotations, range };
}
