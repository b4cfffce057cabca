/** Builds the loss chart's Plotly traces and layout from the smoothed history, test evaluations and β(t) ahead. */
import type { Data, Layout } from 'plotly.js-dist-min';
import { CHART_FONT } from '../../components/plotly';
import { LOSS_COLORS } from '../../components/palette';
import { hasKl } from '../../ml/models/family';
import type { LossHistory } from '../../state/lossHistory';
import type { ModelKind, Snapshot, TermName, TestEvaluation } from '../../worker/protocol';
import { TERM_INFO, weightedName } from './terms';

/** True when some kept step weighted term t other than 1 (its weighted curve then differs). */
export function isReweighted(history: LossHistory, t: number): boolean {
  return (history.weights[t] ?? []).some((weight) => weight !== 1);
}

/**
 * One line per term (solid), its weighted curve (dashed) when its weight is not 1, and the total drawn
 * last as a thinner dotted black line, so a term equal to it (an AE's reconstruction) stays visible under it.
 */
export function trainingTraces(history: LossHistory): Data[] {
  const line = (name: string, y: number[], color: string, width: number, dash: 'solid' | 'dash' | 'dot'): Data => ({
    type: 'scatter',
    mode: 'lines',
    name,
    x: history.steps,
    y,
    line: { color, width, dash },
    hovertemplate: `%{y:.4g}<extra>${name}</extra>`,
  });
  const traces: Data[] = [];
  history.names.forEach((name, t) => {
    traces.push(line(TERM_INFO[name].short, history.values[t], LOSS_COLORS[name], 3.5, 'solid'));
    if (isReweighted(history, t)) traces.push(line(weightedName(name), history.weighted[t], LOSS_COLORS[name], 2, 'dash'));
  });
  traces.push(line('total', history.total, LOSS_COLORS.total, 2, 'dot'));
  return traces;
}

/** The polyline through (steps, values) up to `horizon`, its last point interpolated exactly at the horizon. */
export function polylineUpTo(steps: ArrayLike<number>, values: ArrayLike<number>, horizon: number): { x: number[]; y: number[] } {
  const x: number[] = [];
  const y: number[] = [];
  for (let k = 0; k < steps.length; k++) {
    if (steps[k] <= horizon) {
      x.push(steps[k]);
      y.push(values[k]);
      continue;
    }
    if (k > 0 && steps[k - 1] < horizon) {
      const share = (horizon - steps[k - 1]) / (steps[k] - steps[k - 1]);
      x.push(horizon);
      y.push(values[k - 1] + share * (values[k] - values[k - 1]));
    }
    break;
  }
  return { x, y };
}

/**
 * The KL weight β(t) on the right-hand axis: the weight each trained step used (solid), and the schedule
 * ahead (dotted, exact at its corners and drops), the latter only while it still changes and for at most
 * half as many steps as trained, so the loss curves keep most of the width.
 */
export function betaTraces(history: LossHistory, betaAhead: Snapshot['betaAhead'] | null): Data[] {
  const kl = history.names.indexOf('kl');
  const trace = (name: string, x: number[], y: number[], dash: 'dashdot' | 'dot'): Data => ({
    type: 'scatter',
    mode: 'lines',
    name,
    x,
    y,
    yaxis: 'y2',
    line: { color: LOSS_COLORS.beta, width: 2, dash },
    hovertemplate: `β = %{y:.3g}<extra>${name}</extra>`,
  });
  const traces: Data[] = [];
  if (kl >= 0) traces.push(trace('β(t)', history.steps, history.weights[kl], 'dashdot'));
  const current = kl >= 0 ? history.weights[kl].at(-1) : undefined;
  const changes = betaAhead !== null && betaAhead.beta.some((beta) => beta !== (current ?? betaAhead.beta[0]));
  if (betaAhead && changes) {
    const lastStep = history.steps.at(-1) ?? 0;
    const { x, y } = polylineUpTo(betaAhead.steps, betaAhead.beta, lastStep + Math.max(50, 0.5 * lastStep));
    traces.push(trace('β(t) ahead', x, y, 'dot'));
  }
  return traces;
}

/** Share of the run, from its start, left out when the y-axis fits the curves: the first steps' large losses. */
const EARLY_SHARE = 0.2;

/**
 * The y-range that shows the recent part of the curves: every plotted value (terms, weighted terms, total,
 * test markers) at steps after the first EARLY_SHARE of the run, with a margin; in log10 units for a log axis.
 * Null when there is nothing to fit yet. The first steps' larger losses then run off the top.
 */
export function recentRange(history: LossHistory, evaluations: readonly TestEvaluation[], names: readonly TermName[], logY: boolean): [number, number] | null {
  const lastStep = history.steps.at(-1);
  if (lastStep === undefined) return null;
  const from = history.steps[0] + EARLY_SHARE * (lastStep - history.steps[0]);
  const values: number[] = [];
  const reweighted = history.weighted.filter((_, t) => isReweighted(history, t));
  history.steps.forEach((step, k) => {
    if (step < from) return;
    history.values.forEach((series) => values.push(series[k]));
    reweighted.forEach((series) => values.push(series[k]));
    values.push(history.total[k]);
  });
  for (const evaluation of evaluations) if (evaluation.step >= from) for (const name of names) values.push(evaluation.terms[name] ?? Number.NaN);
  const shown = values.filter((value) => Number.isFinite(value) && (!logY || value > 0)).map((value) => (logY ? Math.log10(value) : value));
  if (shown.length === 0) return null;
  const low = Math.min(...shown);
  const high = Math.max(...shown);
  const margin = Math.max((high - low) * 0.08, logY ? 0.05 : Math.max(Math.abs(high), 1) * 0.02);
  const lower = !logY && low >= 0 ? Math.max(0, low - margin) : low - margin;
  return [lower, high + margin];
}

/**
 * Whether every plotted curve stays above zero, so a log axis can show them all: a density's nats (continuous
 * Bernoulli, Gaussian) go negative once the model fits well, and a log axis would silently drop those points.
 */
export function fitsLogAxis(history: LossHistory): boolean {
  const positive = (series: readonly number[]) => series.every((value) => !Number.isFinite(value) || value > 0);
  return history.values.every(positive) && positive(history.total);
}

/** Test-set markers per term (and −ELBO for the VAE) at the step they were measured, this model's only. */
export function evaluationTraces(evaluations: TestEvaluation[], names: readonly TermName[], model: ModelKind): Data[] {
  const own = evaluations.filter((evaluation) => evaluation.model === model);
  if (own.length === 0) return [];
  const markers = (name: string, y: (number | null)[], color: string): Data => ({
    type: 'scatter',
    mode: 'markers',
    name,
    x: own.map((evaluation) => evaluation.step),
    y,
    marker: { color, size: 12, symbol: 'diamond', line: { width: 1.5, color: '#fff' } },
    hovertemplate: `%{y:.4g}<extra>${name}</extra>`,
  });
  const traces = names.map((name) =>
    markers(`test ${TERM_INFO[name].short}`, own.map((evaluation) => evaluation.terms[name] ?? null), LOSS_COLORS[name]),
  );
  if (hasKl(model)) traces.push(markers('test −ELBO', own.map((evaluation) => evaluation.negElboNats), LOSS_COLORS.total));
  return traces;
}

/** The y-axis title: nats, or a neutral one when squared distances are plotted too (the cards give each unit). */
export function lossAxisTitle(names: readonly TermName[]): string {
  return names.includes('codebook') || names.includes('commitment') ? 'loss per image' : 'nats per image';
}

/**
 * Tick values for a log axis spanning log10 range [low, high]: 1-2-5 steps when it spans under two
 * decades, else powers of ten only (Plotly's own log ticks crowd a short axis with small digits).
 */
export function logTicks([low, high]: [number, number]): number[] {
  const multiples = high - low < 2 ? [1, 2, 5] : [1];
  const ticks: number[] = [];
  for (let power = Math.floor(low); power <= Math.ceil(high); power++) {
    for (const multiple of multiples) {
      const value = multiple * 10 ** power;
      if (Math.log10(value) >= low && Math.log10(value) <= high) ticks.push(value);
    }
  }
  return ticks;
}

/** Layout: step on x, the loss on y (linear or log, fitted to `yRange` when given), β(t) on a right-hand axis when shown, legend across the top. */
export function lossLayout(logY: boolean, empty: boolean, yTitle: string, showBeta: boolean, yRange: [number, number] | null): Partial<Layout> {
  const axis = { tickfont: { size: 14 }, gridcolor: '#eee', zeroline: false, automargin: false, ticklabeloverflow: 'allow' as const };
  return {
    uirevision: logY ? 'loss-log' : 'loss-linear',
    margin: { l: 80, r: showBeta ? 56 : 8, t: 8, b: 48 },
    font: CHART_FONT,
    paper_bgcolor: '#fff',
    plot_bgcolor: '#fff',
    hovermode: 'x',
    xaxis: { ...axis, title: { text: 'step', font: { size: 16 } } },
    yaxis: {
      ...axis,
      type: logY ? 'log' : 'linear',
      exponentformat: 'e',
      title: { text: yTitle, font: { size: 16 } },
      ...(yRange ? { range: yRange, autorange: false } : { autorange: true }),
      ...(logY && yRange ? { tickmode: 'array' as const, tickvals: logTicks(yRange), ticktext: logTicks(yRange).map((value) => String(value)) } : {}),
    },
    ...(showBeta
      ? {
          yaxis2: {
            ...axis,
            overlaying: 'y',
            side: 'right',
            showgrid: false,
            rangemode: 'tozero',
            tickmode: 'auto',
            nticks: 5,
            color: LOSS_COLORS.beta,
            title: { text: 'β(t)', font: { size: 16, color: LOSS_COLORS.beta } },
          },
        }
      : {}),
    legend: { orientation: 'h', x: 0, y: 1.02, yanchor: 'bottom', font: { size: 14 } },
    annotations: empty
      ? [{ text: 'No steps yet: press Train or Step', showarrow: false, font: { size: 16, color: '#555' }, xref: 'paper', yref: 'paper', x: 0.5, y: 0.5 }]
      : [],
  };
}
