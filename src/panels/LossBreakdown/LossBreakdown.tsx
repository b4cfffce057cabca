import { useMemo, useState, type CSSProperties } from 'react';
import { PlotlyChart } from '../../components/PlotlyChart';
import { LOSS_COLORS } from '../../components/palette';
import type { LossHistory } from '../../state/lossHistory';
import type { ModelKind, Snapshot, TestEvaluation } from '../../worker/protocol';
import { betaTraces, evaluationTraces, fitsLogAxis, lossAxisTitle, lossLayout, recentRange, trainingTraces } from './lossFigure';
import { formatLoss, TERM_INFO, totalFormula } from './terms';
import { MODEL_FAMILIES } from '../../ml/models/family';
import { MODEL_TEXT } from '../modelText';
import styles from './LossBreakdown.module.css';

/** The numbers above the chart update with every snapshot; the curves need not (Plotly redraws everything). */
const LOSS_CHART_REDRAW_MS = 600;

export interface LossBreakdownProps {
  /** Smoothed terms of the active model's run. */
  history: LossHistory;
  /** Test-set values once per epoch (any model; only the active model's are drawn). */
  evaluations: TestEvaluation[];
  model: ModelKind;
  /** β(t) over the next steps (VAE), drawn dotted ahead of the curves. */
  betaAhead: Snapshot['betaAhead'] | null;
}

interface NumberCard {
  testId: string;
  label: string;
  color: string;
  dashed: boolean;
  value: number | null;
  note: string;
}

/** A model's named loss terms over training (smoothed), test-set markers per epoch, and the current values in big numbers. */
export function LossBreakdown({ history, evaluations, model, betaAhead }: LossBreakdownProps) {
  const [logChoice, setLogChoice] = useState<boolean | null>(null);
  const names = history.names.length > 0 ? history.names : MODEL_FAMILIES[model].termNames;
  // Several terms of different sizes (rec ≈ 160, KL ≈ 5) start on a log axis; the reader can switch,
  // unless a curve goes below zero (a density's nats), which a log axis cannot show.
  const canLog = useMemo(() => fitsLogAxis(history), [history]);
  const logY = canLog && (logChoice ?? names.length > 1);
  const last = history.steps.length - 1;
  const kl = history.names.indexOf('kl');
  const showBeta = names.includes('kl');

  const data = useMemo(
    () => [
      ...trainingTraces(history),
      ...evaluationTraces(evaluations, names, model),
      ...(showBeta ? betaTraces(history, betaAhead) : []),
    ],
    [history, evaluations, names, model, showBeta, betaAhead],
  );
  const empty = last < 0 && !evaluations.some((evaluation) => evaluation.model === model);
  const yRange = useMemo(() => recentRange(history, evaluations.filter((evaluation) => evaluation.model === model), names, logY), [history, evaluations, model, names, logY]);
  const layout = useMemo(() => lossLayout(logY, empty, lossAxisTitle(names), showBeta, yRange), [logY, empty, names, showBeta, yRange]);

  const at = (series: number[] | undefined) => (last >= 0 ? (series?.[last] ?? null) : null);
  // The cards weight the smoothed terms by the current weights: β·KL is exactly 0 at β = 0, and the total is what is minimised now.
  const weightedNow = names.map((_, t) => {
    const value = at(history.values[t]);
    const weight = at(history.weights[t]);
    return value === null || weight === null ? null : weight * value;
  });
  const totalNow = weightedNow.every((value) => value !== null) && last >= 0 ? weightedNow.reduce((sum: number, value) => sum + (value ?? 0), 0) : null;
  const cards: NumberCard[] = names.map((name, t) => {
    const weight = at(history.weights[t]);
    const info = TERM_INFO[name];
    const weightNote = weight !== null && weight !== 1 ? ` · ${info.weightSymbol} = ${formatLoss(weight)}` : '';
    return { testId: `loss-current-${name}`, label: info.label, color: LOSS_COLORS[name], dashed: false, value: at(history.values[t]), note: info.unit + weightNote };
  });
  if (showBeta) {
    const beta = kl >= 0 ? at(history.weights[kl]) : null;
    cards.push({
      testId: 'loss-current-betakl',
      label: 'β·KL',
      color: LOSS_COLORS.kl,
      dashed: true,
      value: kl >= 0 ? weightedNow[kl] : null,
      note: beta === null ? 'nats per image' : `nats per image, β = ${formatLoss(beta)}`,
    });
  }
  cards.push({ testId: 'loss-current-total', label: 'Total', color: LOSS_COLORS.total, dashed: false, value: totalNow, note: `${totalFormula(names)}, minimised now` });

  return (
    <section className={styles.panel} data-testid="loss-panel" aria-label="Loss breakdown">
      <div className={styles.numbers}>
        {cards.map(({ testId, label, color, dashed, value, note }) => {
          const text = formatLoss(value);
          return (
            <div key={testId} className={styles.number} style={{ borderTopColor: color, borderTopStyle: dashed ? 'dashed' : 'solid' }}>
              <div className={styles.label}>{label}</div>
              {/* --chars: the value's length, so longer values shrink to fit the card (LossBreakdown.module.css). */}
              <div className={styles.value} data-testid={testId} data-value={value ?? undefined} title={value === null ? undefined : String(value)} style={{ '--chars': Math.max(5, text.length) } as CSSProperties}>
                {text}
              </div>
              <div className={styles.unit}>{note}</div>
            </div>
          );
        })}
      </div>
      <PlotlyChart
        ariaLabel={`Loss terms per training step (${names.map((name) => TERM_INFO[name].short).join(', ')} and total), with test-set markers per epoch`}
        data={data}
        layout={layout}
        minRedrawIntervalMs={LOSS_CHART_REDRAW_MS}
        exportTitle="Loss breakdown"
        exportStep={history.steps.at(-1) ?? null}
        height="var(--loss-chart-height)"
      />
      <p className={styles.explain}>Smoothed over recent steps; diamonds are test-set values once per epoch. {MODEL_TEXT[model].lossExplain}</p>
      <div className={styles.toolbar}>
        <button
          type="button"
          aria-pressed={logY}
          disabled={!canLog}
          title={canLog ? undefined : 'A curve is below zero (a density’s nats), which a log axis cannot show'}
          onClick={() => setLogChoice(!logY)}
        >
          Log scale
        </button>
      </div>
    </section>
  );
}
