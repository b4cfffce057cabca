/**
 * What the bound and trade-off panels share: the digit they are about (with a way to pick another), a chart
 * layout, the "computed at step N" line and the plain-number view of a result.
 */
import type { Layout } from 'plotly.js-dist-min';
import { DigitImage } from '../../components/DigitImage';
import { CHART_FONT } from '../../components/plotly';
import { formatCount } from '../../components/format';
import type { ViewKind, ViewPayloads, ViewResult } from '../../worker/protocol';
import './BoundViews.css';

/** The probe digits and the selected one, as the per-digit panels need them. */
export interface DigitChoice {
  probeImages: Uint8Array | null;
  probeLabels: Uint8Array | null;
  classNames: string[];
  /** What one image is called ("digit", "item"). */
  item: string;
  selectedIndex: number | null;
  onAnotherDigit(): void;
}

/** The selected digit with its number and a button for another one (the ELBO panel's digit: they move together). */
export function DigitBadge({ choice, shownIndex }: { choice: DigitChoice; shownIndex: number | null }) {
  const { probeImages, probeLabels, classNames, item, selectedIndex, onAnotherDigit } = choice;
  const index = shownIndex ?? selectedIndex ?? 0;
  const label = probeLabels ? (classNames[probeLabels[index]] ?? String(probeLabels[index])) : '';
  return (
    <figure className="digit-badge">
      <DigitImage pixels={probeImages} index={index} size={56} label={`Test ${item} ${label}`} />
      <figcaption>
        Test {item} #{index}
        {label && ` (“${label}”)`}
        {shownIndex !== null && selectedIndex !== null && shownIndex !== selectedIndex && <span className="hint"> — updating to #{selectedIndex}…</span>}
      </figcaption>
      <button type="button" onClick={onAnotherDigit} disabled={!probeImages}>
        Another {item}
      </button>
    </figure>
  );
}

/** The ready payload of a result, or null (none yet, or not applicable). */
export function readyPayload<K extends ViewKind>(result: ViewResult<K> | null): ViewPayloads[K] | null {
  return result?.status === 'ready' ? result.payload : null;
}

/** "Computed at step 1,200 from N decoder evaluations" — the step whose frozen weights a result used. */
export function StepNote({ step, detail }: { step: number; detail?: string }) {
  return (
    <p className="hint step-note" data-testid="view-step" data-value={step}>
      Weights of step {formatCount(step)}
      {detail ? `; ${detail}` : ''}.
    </p>
  );
}

/** A compact chart layout: projector-sized fonts, white background, titled axes. */
export function chartLayout(xTitle: string, yTitle: string, extra: Partial<Layout> = {}): Partial<Layout> {
  const axis = { tickfont: { size: 14 }, gridcolor: '#eee', zeroline: false, automargin: true };
  return {
    margin: { l: 64, r: 12, t: 8, b: 52 },
    font: CHART_FONT,
    paper_bgcolor: '#fff',
    plot_bgcolor: '#fff',
    showlegend: true,
    legend: { orientation: 'h', x: 0, y: 1.02, yanchor: 'bottom', font: { size: 13 } },
    ...extra,
    xaxis: { ...axis, title: { text: xTitle, font: { size: 15 } }, ...extra.xaxis },
    yaxis: { ...axis, title: { text: yTitle, font: { size: 15 } }, ...extra.yaxis },
  };
}

/** A signed number of nats with `digits` decimals ("—" when unknown). */
export function nats(value: number | null | undefined, digits = 2): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : value.toFixed(digits);
}

/** One live number in nats, with its ± error when known; the raw value in data-value for tests and tools. */
export function ViewNumber({ label, value, error, testId }: { label: string; value: number | null; error?: number; testId?: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd data-testid={testId} data-value={value ?? undefined} data-error={error !== undefined && Number.isFinite(error) ? error : undefined}>
        {nats(value)}
        {error !== undefined && Number.isFinite(error) && <span className="unit"> ± {formatError(error)}</span>}
        <span className="unit"> nats</span>
      </dd>
    </div>
  );
}

/** A small error: "0.02", or "3e-4" below 0.01. */
export function formatError(error: number): string {
  return error < 0.01 ? error.toExponential(0) : error.toFixed(2);
}
