/**
 * Why reparameterise: for the selected digit, the variance over many single draws of the reparameterised and the
 * score-function (REINFORCE) estimators of ∂ELBO/∂μ and ∂ELBO/∂log σ², side by side on a log scale, and their ratio.
 */
import { useMemo } from 'react';
import type { Data } from 'plotly.js-dist-min';
import { Card } from '../../components/Card';
import { Math as Tex } from '../../components/Math';
import { PlotlyChart } from '../../components/PlotlyChart';
import type { GradientVariancePayload } from '../../worker/protocol';
import { chartLayout, DigitBadge, readyPayload, StepNote, type DigitChoice } from '../BoundViews/shared';
import { useOpenView } from '../BoundViews/useOpenView';
import { formatRatio, parameterLabel, ratioSummary } from './variance';

const REPARAM_TEX = String.raw`\nabla_{\mu}\,\log p(x\mid z)\big|_{z=\mu+\sigma\varepsilon}`;
const SCORE_TEX = String.raw`\log p(x\mid z)\;\nabla_{\mu}\log q(z\mid x)`;

function varianceTraces(payload: GradientVariancePayload): Data[] {
  const labels = payload.parameters.map(parameterLabel);
  const trace = (name: string, variance: Float64Array, color: string, symbol: 'circle' | 'diamond'): Data => ({
    type: 'scatter',
    mode: 'markers',
    x: labels,
    y: Array.from(variance),
    name,
    marker: { color, size: 12, symbol },
    hovertemplate: '%{x}: variance %{y:.3g}<extra>' + name + '</extra>',
  });
  return [trace('reparameterised', payload.reparameterised.variance, '#0072B2', 'circle'), trace('score function (REINFORCE)', payload.scoreFunction.variance, '#D55E00', 'diamond')];
}

export function GradientVariancePanel({ digit }: { digit: DigitChoice }) {
  const { ref, result } = useOpenView('gradientVariance', {});
  const payload = readyPayload(result);
  const data = useMemo(() => (payload ? varianceTraces(payload) : []), [payload]);
  const layout = useMemo(() => chartLayout('', 'variance over single draws', { yaxis: { type: 'log', exponentformat: 'power', dtick: 1 }, uirevision: 'gradient-variance' }), []);
  const summary = payload ? ratioSummary(payload.varianceRatio) : null;
  const shown = payload ? Math.min(2, payload.parameters.length / 2) : 0;
  return (
    <Card id="why-reparameterise" title="Why reparameterise" subtitle="Two unbiased gradient estimators, one digit, many draws" region testId="gradient-variance">
      <div ref={ref} className="view-body">
        {result?.status === 'notApplicable' ? (
          <p className="hint">{result.reason}</p>
        ) : (
          <>
            <p className="view-note">
              Both estimate the same gradient of E<sub>q</sub>[log p(x|z)] (the KL is exact for both). The reparameterised one moves ε outside
              and differentiates through the decoder: <Tex tex={REPARAM_TEX} />. The score function only scores the draw:{' '}
              <Tex tex={SCORE_TEX} />, whose size swings with log p(x|z) (hundreds of nats). Same mean, very different noise: compare the two
              markers for each parameter (log scale).
            </p>
            <DigitBadge choice={digit} shownIndex={payload?.probeIndex ?? null} />
            {payload && summary ? (
              <>
                <p className="view-ratio">
                  Score-function variance is{' '}
                  <strong data-testid="gradient-variance-ratio" data-value={summary.median}>
                    {formatRatio(summary.median)}
                  </strong>{' '}
                  the reparameterised one (median over the {payload.parameters.length} parameters; from {formatRatio(summary.min)} to {formatRatio(summary.max)}), over{' '}
                  {payload.samples.toLocaleString('en-US')} draws.
                </p>
                <PlotlyChart data={data} layout={layout} ariaLabel="Variance of each gradient estimator per parameter, log scale" height="260px" testId="gradient-variance-chart" minRedrawIntervalMs={500} exportTitle="Gradient variance" exportStep={result?.step ?? null} />
                <table className="view-table" aria-label="Gradient means">
                  <caption>Same mean within the Monte Carlo error (± 1 standard error)</caption>
                  <thead>
                    <tr>
                      <th scope="col">gradient</th>
                      <th scope="col">reparameterised</th>
                      <th scope="col">score function</th>
                    </tr>
                  </thead>
                  <tbody>
                    {[...[...Array(shown).keys()], ...[...Array(shown).keys()].map((j) => j + payload.parameters.length / 2)].map((p) => (
                      <tr key={p}>
                        <td>{parameterLabel(payload.parameters[p])}</td>
                        <td>{estimate(payload.reparameterised.mean[p], payload.reparameterised.standardError[p])}</td>
                        <td>{estimate(payload.scoreFunction.mean[p], payload.scoreFunction.standardError[p])}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <StepNote step={result?.step ?? 0} detail={`${payload.samples.toLocaleString('en-US')} decoder forward and backward passes shared by both estimators`} />
              </>
            ) : (
              <p className="hint">Drawing the gradients…</p>
            )}
          </>
        )}
      </div>
    </Card>
  );
}

/** "12.3 ± 0.4" with significant figures that fit the error. */
function estimate(mean: number, error: number): string {
  const digits = Math.max(0, Math.min(4, 1 - Math.floor(Math.log10(Math.max(error, 1e-12)))));
  return `${mean.toFixed(digits)} ± ${error.toFixed(digits)}`;
}
