import { useMemo, useState } from 'react';
import { PlotlyChart } from '../../components/PlotlyChart';
import { LOSS_COLORS } from '../../components/palette';
import type { LossHistory } from '../../state/lossHistory';
import type { TestEvaluation } from '../../worker/protocol';
import { evaluationTraces, lossLayout, trainingTraces } from './lossFigure';
import styles from './LossBreakdown.module.css';

export interface LossBreakdownProps {
  history: LossHistory;
  /** Test-set values once per epoch, plotted as markers at their step. */
  evaluations: TestEvaluation[];
  /** Current β. */
  beta: number;
}

type TermKey = 'rec' | 'kl' | 'betaKl' | 'total';

const TERMS: readonly { key: TermKey; testId: string; label: string }[] = [
  { key: 'rec', testId: 'loss-current-rec', label: 'Reconstruction −E[log p(x|z)]' },
  { key: 'kl', testId: 'loss-current-kl', label: 'KL(q‖p)' },
  { key: 'betaKl', testId: 'loss-current-betakl', label: 'β·KL' },
  { key: 'total', testId: 'loss-current-total', label: 'Total = rec + β·KL' },
];

/** Three significant digits for small values, one decimal for large ones. */
function formatNats(value: number): string {
  return Math.abs(value) >= 100 ? value.toFixed(1) : value.toPrecision(3);
}

/** The loss terms over training (smoothed), test-set markers per epoch, and the current values in big numbers. */
export function LossBreakdown({ history, evaluations, beta }: LossBreakdownProps) {
  const [logY, setLogY] = useState(false);
  const last = history.steps.length - 1;
  const klDashed = useMemo(() => beta !== 1 || history.beta.some((stepBeta) => stepBeta !== 1), [beta, history.beta]);
  const training = useMemo(() => trainingTraces(history, klDashed), [history, klDashed]);
  const tests = useMemo(() => evaluationTraces(evaluations), [evaluations]);
  const data = useMemo(() => [...training, ...tests], [training, tests]);
  const layout = useMemo(() => lossLayout(logY, last < 0 && evaluations.length === 0), [logY, last, evaluations.length]);

  return (
    <section className={styles.panel} data-testid="loss-panel" aria-label="Loss breakdown">
      <div className={styles.numbers}>
        {TERMS.map(({ key, testId, label }) => {
          const value = last >= 0 ? history[key][last] : null;
          return (
            <div key={key} className={styles.number} style={{ borderTopColor: LOSS_COLORS[key] }}>
              <div className={styles.label}>{label}</div>
              <div className={styles.value} data-testid={testId} data-value={value ?? undefined}>
                {value === null ? '—' : formatNats(value)}
              </div>
            </div>
          );
        })}
      </div>
      <p className={styles.explain}>
        Nats per image, smoothed over recent steps. With β = {beta.toFixed(1)}: total = rec + β·KL, which is −ELBO
        exactly when β = 1.
      </p>
      <div className={styles.toolbar}>
        <button type="button" aria-pressed={logY} onClick={() => setLogY(!logY)}>
          Log scale
        </button>
      </div>
      <PlotlyChart
        ariaLabel="Reconstruction, KL, β·KL and total loss per training step, with test-set markers per epoch"
        data={data}
        layout={layout}
      />
    </section>
  );
}
