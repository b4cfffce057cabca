/**
 * The pitfall lab: a switch per lecture-note mistake trains a copy of the current VAE with it, beside a correctly
 * trained twin from the same starting weights and batches; the consequences are measured (test terms, KL as each
 * loss computes it, posterior widths), drawn (the KL curve over σ and its minimum, both latent scatters, samples
 * from the prior) and explained. The user's own model is never touched.
 */
import { useMemo, useState } from 'react';
import type { Data } from 'plotly.js-dist-min';
import { Card } from '../../components/Card';
import { DigitImage } from '../../components/DigitImage';
import { Math as Tex } from '../../components/Math';
import { PlotlyChart } from '../../components/PlotlyChart';
import { classColor } from '../../components/palette';
import { formatCount } from '../../components/format';
import type { PitfallLabPayload, PitfallRunMeasures, VaePitfall } from '../../worker/protocol';
import { chartLayout, nats, readyPayload, StepNote } from '../BoundViews/shared';
import { useOpenView } from '../BoundViews/useOpenView';
import { PITFALL_KINDS, PITFALL_TEXT } from './pitfallText';
import './PitfallLab.css';

const CORRECT = '#0072B2';
const MISTAKEN = '#D55E00';

function klCurveTraces(payload: PitfallLabPayload): Data[] {
  const { sigmas, correct, mistaken, correctMinimum, mistakenMinimum } = payload.klCurve;
  const x = Array.from(sigmas);
  const traces: Data[] = [{ type: 'scatter', mode: 'lines', x, y: Array.from(correct), name: 'correct KL (minimum σ = 1)', line: { color: CORRECT, width: 3 } }];
  const marker = (sigma: number, curve: Float32Array, color: string, name: string): Data => {
    const i = x.reduce((best, s, k) => (Math.abs(s - sigma) < Math.abs(x[best] - sigma) ? k : best), 0);
    return { type: 'scatter', mode: 'markers', x: [sigma], y: [curve[i]], marker: { color, size: 13, symbol: 'star' }, name, showlegend: false, hovertemplate: `${name}: σ = %{x:.2f}<extra></extra>` };
  };
  traces.push(marker(correctMinimum, correct, CORRECT, 'minimum'));
  if (mistaken && mistakenMinimum !== null) {
    traces.push({ type: 'scatter', mode: 'lines', x, y: Array.from(mistaken), name: `as the mistake writes it (minimum σ = ${mistakenMinimum.toFixed(2)})`, line: { color: MISTAKEN, width: 3, dash: 'dash' } });
    traces.push(marker(mistakenMinimum, mistaken, MISTAKEN, 'its minimum'));
  }
  const pair = payload.pair;
  if (pair) {
    const geometric = (m: PitfallRunMeasures) => Math.exp(Array.from(m.sigma).reduce((s, v) => s + Math.log(v), 0) / m.sigma.length);
    for (const [m, color, name] of [[pair.correct, CORRECT, 'σ of the correct run'], [pair.mistaken, MISTAKEN, 'σ of the mistaken run']] as const) {
      const sigma = Math.min(3, geometric(m));
      traces.push({ type: 'scatter', mode: 'lines', x: [sigma, sigma], y: [0, 2.5], line: { color, width: 1.5, dash: 'dot' }, name: `${name} (${geometric(m).toPrecision(2)})` });
    }
  }
  return traces;
}

function scatterTraces(run: PitfallRunMeasures, labels: Uint8Array | null): Data[] {
  return [
    {
      type: 'scatter',
      mode: 'markers',
      x: Array.from(run.x),
      y: Array.from(run.y),
      marker: { size: 4, color: Array.from(run.x, (_, i) => classColor(labels?.[i] ?? 0)), opacity: 0.75 },
      hoverinfo: 'skip',
      showlegend: false,
    },
  ];
}

function RunColumn({ title, run, color, labels, sampleCount, mistaken, step }: { title: string; run: PitfallRunMeasures; color: string; labels: Uint8Array | null; sampleCount: number; mistaken: boolean; step: number }) {
  const data = useMemo(() => scatterTraces(run, labels), [run, labels]);
  const layout = useMemo(() => chartLayout('μ₁', 'μ₂', { showlegend: false, margin: { l: 48, r: 8, t: 8, b: 44 }, uirevision: title }), [title]);
  const sigmaText = Array.from(run.sigma.slice(0, 4), (s) => s.toPrecision(2)).join(', ') + (run.sigma.length > 4 ? ', …' : '');
  return (
    <div className="pitfall-run" style={{ borderTopColor: color }}>
      <h3>{title}</h3>
      <dl className="view-numbers">
        <div>
          <dt>test −ELBO (correct)</dt>
          <dd data-testid={mistaken ? 'pitfall-mistaken-negelbo' : 'pitfall-correct-negelbo'} data-value={run.negElbo}>
            {nats(run.negElbo, 1)}
          </dd>
        </div>
        <div>
          <dt>rec · KL (true)</dt>
          <dd>
            {nats(run.rec, 1)} · {nats(run.kl, 1)}
          </dd>
        </div>
        <div>
          <dt>KL as its loss computes it</dt>
          <dd data-testid={mistaken ? 'pitfall-mistaken-objective-kl' : undefined} data-value={run.objectiveKl}>
            {nats(run.objectiveKl, 1)}
          </dd>
        </div>
        <div>
          <dt>σ per dimension (geometric mean)</dt>
          <dd>{sigmaText}</dd>
        </div>
      </dl>
      <PlotlyChart data={data} layout={layout} ariaLabel={`${title}: μ of test images on latent dimensions 1 and 2`} height="220px" minRedrawIntervalMs={800} exportTitle={mistaken ? 'Codes with the mistake' : 'Codes of the correct twin'} exportStep={step} />
      <p className="hint">Decoded from the same draws z ~ N(0, I):</p>
      <div className="pitfall-samples">
        {Array.from({ length: sampleCount }, (_, i) => (
          <DigitImage key={i} pixels={run.samples} index={i} size={40} label={`${title}: sample ${i + 1} from the prior`} fluid />
        ))}
      </div>
    </div>
  );
}

export interface PitfallLabProps {
  /** The user's own run's step (it does not change while the pair trains). */
  userStep: number;
  labels: Uint8Array | null;
}

export function PitfallLabPanel({ userStep, labels }: PitfallLabProps) {
  const [pitfall, setPitfall] = useState<VaePitfall>('none');
  const { ref, result } = useOpenView('pitfallLab', { pitfall });
  const payload = readyPayload(result);
  const current = payload?.pitfall === pitfall ? payload : null;
  const curve = useMemo(() => (current ? klCurveTraces(current) : []), [current]);
  const layout = useMemo(() => chartLayout('σ of q(z|x) in one dimension (μ = 0)', 'KL term, nats', { yaxis: { range: [-0.6, 2.5] }, xaxis: { range: [0, 3] }, uirevision: 'kl-curve' }), []);
  const pair = current?.pair ?? null;
  const text = pitfall === 'none' ? null : PITFALL_TEXT[pitfall];
  return (
    <Card id="pitfall-lab" title="Pitfall lab" subtitle="Train a copy of this VAE with one of the classic mistakes, beside a correct twin" region testId="pitfall-lab" className="wide">
      <div ref={ref} className="view-body">
        {result?.status === 'notApplicable' ? (
          <p className="hint">{result.reason}</p>
        ) : (
          <>
            <fieldset className="pitfall-switches">
              <legend>Train a copy with this mistake (your own VAE is not touched):</legend>
              {PITFALL_KINDS.map((kind) => (
                <label key={kind} className="toggle">
                  <input type="checkbox" role="switch" checked={pitfall === kind} onChange={(event) => setPitfall(event.target.checked ? kind : 'none')} />
                  <span>{PITFALL_TEXT[kind].switchLabel}</span>
                </label>
              ))}
            </fieldset>
            {text ? (
              <div className="pitfall-why">
                <Tex displayMode tex={text.tex} />
                <p>{text.why}</p>
              </div>
            ) : (
              <p className="view-note">
                Switch a mistake on: the lab trains two copies of your VAE’s settings from the same starting weights, on the same batches, one
                with the mistake and one without, and measures what the mistake does. It trains while this panel is on screen.
              </p>
            )}
            {current && <PlotlyChart data={curve} layout={layout} ariaLabel="The KL term over σ, correct and as the mistake writes it, with each minimum" height="260px" testId="pitfall-kl-curve" minRedrawIntervalMs={800} exportTitle="KL curve of the mistake" />}
            {pair && text && (
              <>
                <p className="pitfall-steps">
                  Both copies at step{' '}
                  <strong data-testid="pitfall-step" data-value={pair.step}>
                    {formatCount(pair.step)}
                  </strong>{' '}
                  (your own VAE stays at step {formatCount(userStep)}); measured on the first {formatCount(pair.images)} test images.
                </p>
                <div className="pitfall-runs">
                  <RunColumn title="Correct twin" run={pair.correct} color={CORRECT} labels={labels} sampleCount={pair.sampleCount} mistaken={false} step={pair.step} />
                  <RunColumn title={`With the mistake: ${text.switchLabel}`} run={pair.mistaken} color={MISTAKEN} labels={labels} sampleCount={pair.sampleCount} mistaken step={pair.step} />
                </div>
                <StepNote step={pair.step} detail="both copies measured on frozen weights of the same step" />
              </>
            )}
            {text && !pair && <p className="hint">Starting the pair…</p>}
          </>
        )}
      </div>
    </Card>
  );
}
