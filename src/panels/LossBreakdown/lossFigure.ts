/** Builds the loss chart's Plotly traces and layout from the smoothed history and test evaluations. */
import type { Data, Layout } from 'plotly.js-dist-min';
import { CHART_FONT } from '../../components/plotly';
import { LOSS_COLORS } from '../../components/palette';
import type { LossHistory } from '../../state/lossHistory';
import type { TestEvaluation } from '../../worker/protocol';

/** Line traces of the four training terms; KL is dashed whenever β·KL and KL can differ. */
export function trainingTraces(history: LossHistory, klDashed: boolean): Data[] {
  const line = (name: string, y: number[], color: string, width: number, dash: 'solid' | 'dash'): Data => ({
    type: 'scatter',
    mode: 'lines',
    name,
    x: history.steps,
    y,
    line: { color, width, dash },
    hovertemplate: `%{y:.2f}<extra>${name}</extra>`,
  });
  return [
    line('reconstruction', history.rec, LOSS_COLORS.rec, 2.5, 'solid'),
    line('KL', history.kl, LOSS_COLORS.kl, 2.5, klDashed ? 'dash' : 'solid'),
    line('β·KL', history.betaKl, LOSS_COLORS.betaKl, klDashed ? 2.5 : 1.5, 'solid'),
    line('total', history.total, LOSS_COLORS.total, 3, 'solid'),
  ];
}

/** Test-set markers (once per epoch) at the step they were measured. */
export function evaluationTraces(evaluations: TestEvaluation[]): Data[] {
  const steps = evaluations.map((evaluation) => evaluation.step);
  const markers = (name: string, y: number[], color: string): Data => ({
    type: 'scatter',
    mode: 'markers',
    name,
    x: steps,
    y,
    marker: { color, size: 12, symbol: 'diamond', line: { width: 1.5, color: '#fff' } },
    hovertemplate: `%{y:.2f}<extra>${name}</extra>`,
  });
  return [
    markers('test −ELBO', evaluations.map((evaluation) => evaluation.negElboNats), LOSS_COLORS.total),
    markers('test rec', evaluations.map((evaluation) => evaluation.recNats), LOSS_COLORS.rec),
    markers('test KL', evaluations.map((evaluation) => evaluation.klNats), LOSS_COLORS.kl),
  ];
}

/** Layout: step on x, nats per image on y (linear or log), legend across the top. */
export function lossLayout(logY: boolean, empty: boolean): Partial<Layout> {
  const axis = { tickfont: { size: 14 }, gridcolor: '#eee', zeroline: false, automargin: true };
  return {
    uirevision: logY ? 'loss-log' : 'loss-linear',
    height: 360,
    margin: { l: 64, r: 8, t: 8, b: 48 },
    font: CHART_FONT,
    paper_bgcolor: '#fff',
    plot_bgcolor: '#fff',
    hovermode: 'x',
    xaxis: { ...axis, title: { text: 'step', font: { size: 16 } } },
    yaxis: { ...axis, type: logY ? 'log' : 'linear', title: { text: 'nats per image', font: { size: 16 } } },
    legend: { orientation: 'h', x: 0, y: 1.02, yanchor: 'bottom', font: { size: 14 } },
    annotations: empty
      ? [{ text: 'No steps yet: press Train or Step', showarrow: false, font: { size: 16, color: '#555' }, xref: 'paper', yref: 'paper', x: 0.5, y: 0.5 }]
      : [],
  };
}
