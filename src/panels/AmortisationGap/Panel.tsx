/**
 * The amortisation gap (Cremer et al. 2018), on demand: "Refine q for this digit" optimises μ and log σ² of this
 * one digit's q (decoder and encoder frozen) and shows the ELBO rising from the encoder's value to the refined
 * one, next to log p(x): the gap log p(x) − ELBO splits into its amortisation and approximation parts.
 */
import { useMemo, useState } from 'react';
import type { Data } from 'plotly.js-dist-min';
import { Card } from '../../components/Card';
import { PlotlyChart } from '../../components/PlotlyChart';
import type { RefinementPayload } from '../../worker/protocol';
import { chartLayout, DigitBadge, nats, readyPayload, StepNote, ViewNumber, type DigitChoice } from '../BoundViews/shared';
import { useOpenView } from '../BoundViews/useOpenView';
import './AmortisationGap.css';

function refinementTraces(payload: RefinementPayload): Data[] {
  const steps = payload.trajectory.length;
  const level = (value: number, name: string, color: string, dash: 'dash' | 'dot'): Data => ({
    type: 'scatter',
    mode: 'lines',
    x: [0, steps - 1],
    y: [value, value],
    name,
    line: { color, dash, width: 2 },
    hoverinfo: 'skip',
  });
  return [
    {
      type: 'scatter',
      mode: 'lines',
      x: Array.from({ length: steps }, (_, i) => i),
      y: Array.from(payload.trajectory),
      name: 'ELBO while refining (32 fixed draws)',
      line: { color: '#0072B2', width: 3 },
      hovertemplate: 'step %{x}: %{y:.2f} nats<extra></extra>',
    },
    level(payload.logPx, payload.logPxKind === 'quadrature' ? 'log p(x), exact' : 'log p(x), IWAE-1000 estimate', '#000', 'dash'),
    level(payload.initialElbo, 'ELBO of the encoder’s q', '#D55E00', 'dot'),
  ];
}

/** The gap as two bar segments, widths proportional to the amortisation and approximation parts. */
function GapBar({ amortisation, approximation }: { amortisation: number; approximation: number }) {
  const [a, b] = [Math.max(0, amortisation), Math.max(0, approximation)];
  const total = a + b;
  if (!(total > 0)) return null;
  return (
    <div className="gap-bar" role="img" aria-label={`Gap ${nats(total)} nats: amortisation ${nats(a)}, approximation ${nats(b)}`}>
      <span className="gap-amortisation" style={{ flexGrow: a }}>amortisation {nats(a, 1)}</span>
      <span className="gap-approximation" style={{ flexGrow: b }}>approximation {nats(b, 1)}</span>
    </div>
  );
}

export function AmortisationGapPanel({ digit }: { digit: DigitChoice }) {
  const [requestId, setRequestId] = useState(0);
  const { ref, result } = useOpenView('refinement', { requestId }, requestId > 0);
  const payload = requestId > 0 ? readyPayload(result) : null;
  const data = useMemo(() => (payload ? refinementTraces(payload) : []), [payload]);
  const layout = useMemo(() => chartLayout('gradient step on this digit’s μ and log σ²', 'nats', { uirevision: 'refinement' }), []);
  const waiting = requestId > 0 && (result === null || (result.status === 'ready' && result.payload.probeIndex !== digit.selectedIndex));
  return (
    <Card
      id="amortisation-gap"
      title="Amortisation gap"
      subtitle="How much better q could be for this digit, if it were fitted to it alone"
      region
      testId="amortisation-gap"
    >
      <div ref={ref} className="view-body">
        {result?.status === 'notApplicable' ? (
          <p className="hint">{result.reason}</p>
        ) : (
          <>
            <p className="view-note">
              The encoder is one network that must produce q(z|x) for every image at once (amortised inference). Refining this digit’s μ and
              log σ² by gradient ascent on its own ELBO, with the decoder and encoder frozen, shows what that sharing costs: the ELBO rises
              from the encoder’s value to the best Gaussian’s (the <em>amortisation gap</em>). What remains up to log p(x) no Gaussian q can
              close (the <em>approximation gap</em>).
            </p>
            <div className="view-actions">
              <DigitBadge choice={digit} shownIndex={payload?.probeIndex ?? null} />
              <button type="button" className="primary" onClick={() => setRequestId((id) => id + 1)}>
                Refine q for this digit
              </button>
            </div>
            {waiting && <p className="hint">Refining… (a few hundred gradient steps, in pieces between training chunks).</p>}
            {payload && (
              <>
                <dl className="view-numbers" aria-live="off">
                  <ViewNumber label="ELBO, encoder’s q" value={payload.initialElbo} testId="refine-initial" />
                  <ViewNumber label="ELBO, refined q" value={payload.finalElbo} error={payload.finalElboStandardError} testId="refine-final" />
                  <ViewNumber label={payload.logPxKind === 'quadrature' ? 'log p(x), exact' : 'log p(x) ≥ IWAE-1000 estimate'} value={payload.logPx} error={payload.logPxError} />
                  <ViewNumber label="amortisation gap" value={payload.amortisationGap} error={payload.amortisationGapStandardError} testId="refine-amortisation" />
                  <ViewNumber label="approximation gap" value={payload.approximationGap} error={payload.finalElboStandardError + payload.logPxError} testId="refine-approximation" />
                </dl>
                <GapBar amortisation={payload.amortisationGap} approximation={payload.approximationGap} />
                {payload.approximationGap < 0 && (
                  <p className="hint">
                    The refined ELBO lands a hair above log p(x): both are estimates, and the difference is within their error. No ELBO can exceed
                    log p(x); here the best Gaussian fits the posterior almost exactly.
                  </p>
                )}
                <PlotlyChart data={data} layout={layout} ariaLabel="ELBO of this digit while its q is refined, with log p(x)" height="240px" testId="refinement-chart" exportTitle="Amortisation gap" exportStep={result?.step ?? null} />
                <StepNote
                  step={result?.step ?? 0}
                  detail={`${payload.trajectory.length - 1} steps, ${payload.acceptedSteps} accepted (a step that would lower the ELBO is refused); the numbers use fresh draws, the same for both q${payload.logPxKind === 'iwae' ? '; log p(x) is an IWAE estimate (a lower bound), so the approximation gap may be a little larger' : ''}`}
                />
              </>
            )}
          </>
        )}
      </div>
    </Card>
  );
}
