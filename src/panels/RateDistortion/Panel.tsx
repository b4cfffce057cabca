/**
 * The rate–distortion plane (Alemi et al. 2018): the active VAE draws a trail of (rate, distortion) points as it
 * trains; earlier settings and runs stay as faded ghost trails labelled with their β, kept in this browser, so
 * sweeping β traces the trade-off curve.
 */
import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { Card } from '../../components/Card';
import { PlotlyChart } from '../../components/PlotlyChart';
import { pageTrailStore } from '../../state/trailStore';
import { runIdentity, splitTrails } from '../../state/trails';
import type { RunRef, TestEvaluation } from '../../worker/protocol';
import { chartLayout, readyPayload } from '../BoundViews/shared';
import { useOpenView } from '../BoundViews/useOpenView';
import { rateDistortionFigure, trailSettings } from './rdFigure';

export interface RateDistortionProps {
  /** The active run as the worker named it (null before it exists). */
  run: RunRef | null;
  datasetTitle: string;
  /** The active run's whole-test-set evaluations (one per epoch). */
  evaluations: TestEvaluation[];
}

export function RateDistortionPanel({ run, datasetTitle, evaluations }: RateDistortionProps) {
  const store = pageTrailStore();
  const book = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const { ref, result } = useOpenView('rateDistortion', {});
  const payload = readyPayload(result);
  const activeIdentity = run ? runIdentity(store.session, run) : null;

  useEffect(() => {
    if (result?.status !== 'ready') return;
    const settings = trailSettings(result.payload, datasetTitle);
    store.addSubsetPoint({ runIdentity: runIdentity(store.session, result.run), ...settings }, { step: result.step, rate: result.payload.rate, distortion: result.payload.distortion });
  }, [result, datasetTitle, store]);

  useEffect(() => {
    if (!activeIdentity) return;
    for (const evaluation of evaluations) {
      const { rec, kl } = evaluation.terms;
      if (rec !== undefined && kl !== undefined) store.addTestPoint(activeIdentity, { step: evaluation.step, rate: kl, distortion: rec });
    }
  }, [evaluations, activeIdentity, store]);

  const { current, ghosts } = splitTrails(book, activeIdentity);
  // The slope is the KL's weight at the latest step: β itself, or β(t) under a schedule.
  const currentBeta = payload && current ? Number(payload.klWeight.toPrecision(3)) : null;
  const figure = useMemo(() => rateDistortionFigure(current, ghosts, currentBeta), [current, ghosts, currentBeta]);
  const layout = useMemo(
    () =>
      chartLayout('rate R = KL(q ‖ p(z)), nats', 'distortion D = −E log p(x|z), nats', {
        annotations: figure.annotations,
        legend: { orientation: 'h', x: 0, y: -0.22, yanchor: 'top', font: { size: 12 } },
        margin: { l: 64, r: 12, t: 8, b: 40 },
        xaxis: figure.range ? { range: figure.range.rate, autorange: false } : {},
        yaxis: figure.range ? { range: figure.range.distortion, autorange: false } : {},
      }),
    [figure.annotations, figure.range],
  );
  return (
    <Card
      id="rate-distortion"
      title="Rate–distortion"
      subtitle="What β trades: nats the code carries (rate) against reconstruction error (distortion)"
      region
      testId="rate-distortion"
      className="wide"
      actions={
        <button type="button" onClick={() => store.clearGhosts(activeIdentity)} disabled={ghosts.length === 0}>
          Clear ghosts
        </button>
      }
    >
      <div ref={ref} className="view-body">
        {result?.status === 'notApplicable' && <p className="hint">{result.reason} Ghost trails of earlier VAE runs stay here and come back with the VAE.</p>}
        <p className="view-note">
          −ELBO = D + R, so every dotted line is a level of equal −ELBO; a β-VAE minimises D + β·R, whose level lines have slope −β (dashed, through
          the current point). Training moves the point down and across until it touches the lowest such line it can reach. Change β and keep
          training: the old trail stays as a faded ghost labelled with its β, and the ends of the trails trace the trade-off curve (Alemi et al.
          2018). Small β buys low distortion with many nats of rate; large β squeezes the rate, and reconstructions blur.
        </p>
        <p className="hint">
          A point every ~1.5 s from the first 1,000 test images (one draw of ε each); ◆ the whole test set at the end of each epoch. Ghosts are
          kept in this browser (local storage) across model switches and reloads: {ghosts.length} now.
        </p>
        <PlotlyChart data={figure.data} layout={layout} ariaLabel="Rate–distortion plane with the current trail, ghost trails and lines of equal −ELBO" height="clamp(300px, 48vh, 460px)" testId="rate-distortion-chart" minRedrawIntervalMs={500} exportTitle="Rate–distortion plane" />
        <p className="hint" data-testid="rate-distortion-trails" data-ghosts={ghosts.length} data-current-points={current?.points.length ?? 0}>
          {current ? `Now: ${current.label}, ${current.points.length} points.` : 'No points yet for this run: train the VAE with this panel on screen.'}
        </p>
      </div>
    </Card>
  );
}
