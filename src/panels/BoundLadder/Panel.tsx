/**
 * The bound ladder for the selected digit: ELBO ≤ IWAE-10 ≤ IWAE-100 ≤ IWAE-1000 ≤ log p(x), as a small
 * chart that follows training and as a table ("Bound ladder") with one row per rung.
 */
import { useMemo } from 'react';
import type { Data } from 'plotly.js-dist-min';
import { Card } from '../../components/Card';
import { PlotlyChart } from '../../components/PlotlyChart';
import { chartLayout, DigitBadge, formatError, nats, readyPayload, StepNote, type DigitChoice } from '../BoundViews/shared';
import { useOpenView } from '../BoundViews/useOpenView';
import { ladderRises, ladderRows, type LadderRow } from './ladder';

function ladderTraces(rows: LadderRow[]): Data[] {
  const rungs = rows.filter((row) => row.k !== null && row.value !== null);
  const top = rows.find((row) => row.k === null && row.value !== null);
  const traces: Data[] = [
    {
      type: 'scatter',
      mode: 'lines+markers',
      x: rungs.map((row) => row.k as number),
      y: rungs.map((row) => row.value as number),
      error_y: { type: 'data', array: rungs.map((row) => 2 * (row.error ?? 0)), visible: true, color: '#0072B2' },
      marker: { size: 10, color: '#0072B2' },
      line: { color: '#0072B2', width: 2 },
      name: 'IWAE-k (± 2 standard errors)',
      hovertemplate: 'k = %{x}: %{y:.2f} nats<extra></extra>',
    },
  ];
  if (top?.value !== null && top !== undefined) {
    traces.push({
      type: 'scatter',
      mode: 'lines',
      x: [0.8, 1250],
      y: [top.value as number, top.value as number],
      line: { color: '#000', dash: 'dash', width: 2 },
      name: 'log p(x), exact',
      hoverinfo: 'skip',
    });
  }
  return traces;
}

export function BoundLadderPanel({ digit }: { digit: DigitChoice }) {
  const { ref, result } = useOpenView('posterior', {});
  const payload = readyPayload(result);
  const rows = useMemo(() => (payload ? ladderRows(payload) : []), [payload]);
  const data = useMemo(() => ladderTraces(rows), [rows]);
  const layout = useMemo(
    () => chartLayout('k (importance samples per estimate)', 'nats', { xaxis: { type: 'log', tickvals: [1, 10, 100, 1000], ticktext: ['1 (ELBO)', '10', '100', '1000'] }, uirevision: 'ladder' }),
    [],
  );
  return (
    <Card id="bound-ladder" title="Bound ladder" subtitle="ELBO ≤ IWAE-k ≤ log p(x) for one digit, updated while training" region testId="bound-ladder">
      <div ref={ref} className="view-body">
        {result?.status === 'notApplicable' ? (
          <p className="hint">{result.reason}</p>
        ) : (
          <>
            <p className="view-note">
              IWAE-k averages k importance weights w = p(x, z)/q(z|x) before taking the log: log of a mean ≥ mean of the logs, and the
              average of k weights is less spread out than one, so the bound tightens as k grows (Burda et al. 2016). IWAE-1 is the ELBO; as
              k → ∞ the average becomes p(x) itself. The rungs rise with k towards log p(x) — slowly when q is far from the true posterior.
            </p>
            <DigitBadge choice={digit} shownIndex={payload?.probeIndex ?? null} />
            {payload ? (
              <>
                <PlotlyChart data={data} layout={layout} ariaLabel="IWAE-k bounds against k, with exact log p(x)" height="260px" testId="bound-ladder-chart" minRedrawIntervalMs={500} exportTitle="Bound ladder" exportStep={result?.step ?? null} />
                <table className="view-table" aria-label="Bound ladder" data-testid="bound-ladder-table">
                  <thead>
                    <tr>
                      <th scope="col">bound</th>
                      <th scope="col">nats</th>
                      <th scope="col">± error</th>
                      <th scope="col" className="ladder-how">
                        how
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((row) => (
                      <tr key={row.name}>
                        <td>{row.name}</td>
                        <td data-value={row.value ?? undefined} data-error={row.error ?? undefined}>
                          {nats(row.value)}
                        </td>
                        <td>{row.error === null ? '' : formatError(row.error)}</td>
                        <td className="hint ladder-how">{row.how}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                {!ladderRises(rows) && <p className="hint">One rung dips below the one before it by more than 3 standard errors: Monte Carlo noise (the next update redraws).</p>}
                <StepNote step={result?.step ?? 0} detail={`${payload.ladderDecoderEvaluations.toLocaleString('en-US')} decoder evaluations for the IWAE rungs`} />
              </>
            ) : (
              <p className="hint">Computing the ladder… (8,000 decoder evaluations, plus the quadrature; the first result takes a few seconds).</p>
            )}
          </>
        )}
      </div>
    </Card>
  );
}
