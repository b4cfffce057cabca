/**
 * The true posterior p(z|x) of the selected digit against the encoder's q(z|x) (latent 2, VAE): the exact
 * log p(x) by grid quadrature, p(z|x) as contours with q's ellipses over it, and the exact KL(q ‖ p(z|x)).
 */
import { useMemo } from 'react';
import type { Data } from 'plotly.js-dist-min';
import { Card } from '../../components/Card';
import { PlotlyChart } from '../../components/PlotlyChart';
import type { PosteriorPayload, QuadraturePayload } from '../../worker/protocol';
import { chartLayout, DigitBadge, readyPayload, StepNote, ViewNumber, type DigitChoice } from '../BoundViews/shared';
import { useOpenView } from '../BoundViews/useOpenView';
import { contourSegments, ellipse, SIGMA_LEVELS } from './geometry';

const POSTERIOR_COLOR = '#0072B2';
const Q_COLOR = '#D55E00';

function posteriorTraces(payload: PosteriorPayload, quadrature: QuadraturePayload): Data[] {
  const { xs, ys, logDensity } = quadrature.grid;
  const peak = logDensity.reduce((a, b) => Math.max(a, b), -Infinity);
  const contours: Data[] = SIGMA_LEVELS.map(({ k, drop }) => ({
    type: 'scatter',
    mode: 'lines',
    ...contourSegments(xs, ys, logDensity, peak - drop),
    name: k === 1 ? 'p(z|x), exact' : `p(z|x) k = ${k}`,
    showlegend: k === 1,
    legendgroup: 'posterior',
    line: { color: POSTERIOR_COLOR, width: 3 - (k - 1) * 0.8 },
    hoverinfo: 'skip',
  }));
  const mean: [number, number] = [payload.mean[0], payload.mean[1]];
  const sigma: [[number, number], [number, number]] = [[Math.exp(payload.logVar[0]), 0], [0, Math.exp(payload.logVar[1])]];
  const qEllipses: Data[] = [1, 2].map((k) => ({
    type: 'scatter',
    mode: 'lines',
    ...ellipse(mean, sigma, k),
    name: k === 1 ? 'q(z|x): 1σ and 2σ' : 'q 2σ',
    showlegend: k === 1,
    legendgroup: 'q',
    line: { color: Q_COLOR, width: 2.5, dash: k === 1 ? 'solid' : 'dash' },
    hoverinfo: 'skip',
  }));
  const centres: Data = {
    type: 'scatter',
    mode: 'markers',
    x: [quadrature.posteriorMean[0], mean[0]],
    y: [quadrature.posteriorMean[1], mean[1]],
    marker: { color: [POSTERIOR_COLOR, Q_COLOR], size: 11, symbol: ['circle', 'x'] },
    name: 'means',
    showlegend: false,
    hovertemplate: '%{x:.2f}, %{y:.2f}<extra></extra>',
  };
  return [...contours, ...qEllipses, centres];
}

/** A square box around the posterior's 3σ-like contour and q's 2.5σ ellipse: [x0, x1] and [y0, y1] with equal spans. */
function plotBox(payload: PosteriorPayload, quadrature: QuadraturePayload): { x: [number, number]; y: [number, number] } {
  const { xs, ys, logDensity } = quadrature.grid;
  const peak = logDensity.reduce((a, b) => Math.max(a, b), -Infinity);
  const sigma = [0, 1].map((j) => 2.5 * Math.exp(0.5 * payload.logVar[j]));
  const x = [payload.mean[0] - sigma[0], payload.mean[0] + sigma[0]];
  const y = [payload.mean[1] - sigma[1], payload.mean[1] + sigma[1]];
  logDensity.forEach((value, i) => {
    if (value < peak - 5) return;
    const [zx, zy] = [xs[i % xs.length], ys[Math.floor(i / xs.length)]];
    [x[0], x[1], y[0], y[1]] = [Math.min(x[0], zx), Math.max(x[1], zx), Math.min(y[0], zy), Math.max(y[1], zy)];
  });
  const half = 0.6 * Math.max(x[1] - x[0], y[1] - y[0]);
  const [cx, cy] = [(x[0] + x[1]) / 2, (y[0] + y[1]) / 2];
  return { x: [cx - half, cx + half], y: [cy - half, cy + half] };
}

export interface TruePosteriorProps {
  digit: DigitChoice;
}

export function TruePosteriorPanel({ digit }: TruePosteriorProps) {
  const { ref, result } = useOpenView('posterior', {});
  const payload = readyPayload(result);
  const quadrature = payload?.quadrature ?? null;
  const data = useMemo(() => (payload && quadrature ? posteriorTraces(payload, quadrature) : []), [payload, quadrature]);
  const box = useMemo(() => (payload && quadrature ? plotBox(payload, quadrature) : null), [payload, quadrature]);
  const layout = useMemo(
    () =>
      chartLayout('z₁', 'z₂', {
        // Equal scales; the ranges are centred on the mass, so the axis Plotly widens to fill the box stays centred.
        xaxis: box ? { range: box.x, autorange: false } : {},
        yaxis: { scaleanchor: 'x', scaleratio: 1, ...(box ? { range: box.y, autorange: false } : {}) },
        uirevision: 'true-posterior',
      }),
    [box],
  );
  return (
    <Card id="true-posterior" title="True posterior" subtitle="p(z|x) by quadrature against the encoder’s q(z|x), for one digit" region testId="true-posterior">
      <div ref={ref} className="view-body">
        {result?.status === 'notApplicable' ? (
          <p className="hint">{result.reason}</p>
        ) : (
          <>
            <p className="view-note">
              Blue: the exact posterior p(z|x) ∝ p(x|z)·p(z), evaluated on a grid that follows its mass, with contours where it falls to
              e^(−k²/2) of its peak (k = 1, 2, 3: 1σ, 2σ, 3σ for a Gaussian). Orange: the Gaussian q(z|x) the encoder guesses, 1σ and 2σ. The ELBO falls short of log p(x) by exactly KL(q ‖ p(z|x)): watch how far the ellipse sits from the
              contours, and how a curved or tilted posterior is something no axis-aligned ellipse can match.
            </p>
            <DigitBadge choice={digit} shownIndex={payload?.probeIndex ?? null} />
            {payload && !quadrature && <p className="hint">{payload.quadratureNote}</p>}
            {quadrature && payload && (
              <>
                <dl className="view-numbers" aria-live="off">
                  <ViewNumber label="log p(x), exact" value={quadrature.logPx} error={quadrature.logPxError} testId="posterior-logpx" />
                  <ViewNumber label="ELBO" value={quadrature.elbo} testId="posterior-elbo" />
                  <ViewNumber label="KL(q ‖ p(z|x)) = log p(x) − ELBO" value={quadrature.klToPosterior} error={quadrature.quadratureError} testId="posterior-kl" />
                  <ViewNumber label="KL(q ‖ p(z))" value={quadrature.klToPrior} />
                </dl>
                <PlotlyChart data={data} layout={layout} ariaLabel="Contours of the true posterior p(z|x) with the ellipses of q(z|x) over them" height="340px" testId="true-posterior-chart" minRedrawIntervalMs={500} exportTitle="True posterior" exportStep={result?.step ?? null} />
                <StepNote
                  step={result?.step ?? 0}
                  detail={`${quadrature.decoderEvaluations.toLocaleString('en-US')} decoder evaluations${quadrature.converged ? '' : '; the grid budget ran out before the integral settled (error shown)'}`}
                />
              </>
            )}
            {!payload && <p className="hint">Computing the posterior on a grid… (the first result takes a few seconds).</p>}
          </>
        )}
      </div>
    </Card>
  );
}
