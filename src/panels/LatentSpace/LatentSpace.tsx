import { useMemo, useRef, useState } from 'react';
import type { PlotHoverEvent, PlotMouseEvent } from 'plotly.js-dist-min';
import { DigitImage } from '../../components/DigitImage';
import { PlotlyChart } from '../../components/PlotlyChart';
import { useNarrowScreen } from '../../components/useNarrowScreen';
import { MODEL_FAMILIES } from '../../ml/models/family';
import type { LatentView, ModelKind } from '../../worker/protocol';
import { MODEL_TEXT } from '../modelText';
import { nextAxisRange, pointsExtent, type AxisRange } from './axisRange';
import { useUnderlay } from './useUnderlay';
import { classTraces, latentLayout, pathTraces } from './latentFigure';
import { codebookTraces, MAX_ELLIPSES, sigmaTraces } from './latentOverlays';
import styles from './LatentSpace.module.css';

/** At most 2.5 scatter redraws a second: live enough to watch, cheap enough to keep the page smooth. */
const SCATTER_REDRAW_MS = 400;

export interface LatentSpaceProps {
  /** From the latest snapshot; null before the first one. */
  latent: LatentView | null;
  /** Probe labels (PROBE_COUNT). */
  labels: Uint8Array | null;
  /** PROBE_COUNT × 784 bytes, for the hover card. */
  probeImages: Uint8Array | null;
  classNames: string[];
  /** While training, Plotly hover (and so click) is off for speed. */
  running: boolean;
  /** Interpolation endpoints A and B (probe indices). */
  endpoints: [number, number];
  /** Called when a click replaces the older endpoint. */
  onPickEndpoints(next: [number, number]): void;
  /** Reconstruction (784 probabilities) of one probe digit, for the hover card; null when a newer request replaced it. */
  reconstruct(probeIndex: number): Promise<Float32Array | null>;
  /** Which model's latent points these are: codes z, means μ, or encoder vectors z_e with a codebook. */
  model: ModelKind;
  /** Draw the decoded latent grid under the points. */
  underlay: boolean;
  /** Probe index holding the other dimensions of the underlay's grid (latent > 2). */
  anchorIndex: number;
}

interface HoverCard {
  probeIndex: number;
  left: number;
  top: number;
  reconstruction: Float32Array | null;
}

const CARD_WIDTH = 190;
const CARD_HEIGHT = 130;

/** Probe index of the first hovered or clicked point of a class trace, if any. */
function probeIndexOf(event: PlotMouseEvent): number | null {
  const point = event.points[0];
  return point && typeof point.customdata === 'number' ? point.customdata : null;
}

/** One sentence saying what each point is, for the model shown. */
function description(model: ModelKind, count: number, latent: LatentView | null): string {
  return MODEL_TEXT[model].latentPoints(`${count.toLocaleString('en-US')} test images`, latent?.projection === 'pca');
}

/** Scatter of the probe digits' latent points (code, mean or encoder vector), coloured by class; click to pick interpolation endpoints. */
export function LatentSpace({
  latent,
  labels,
  probeImages,
  classNames,
  running,
  endpoints,
  onPickEndpoints,
  reconstruct,
  model,
  underlay,
  anchorIndex,
}: LatentSpaceProps) {
  const [nextSlot, setNextSlot] = useState<0 | 1>(0);
  const [card, setCard] = useState<HoverCard | null>(null);
  const [showSigma, setShowSigma] = useState(false);
  const [wasRunning, setWasRunning] = useState(running);
  const requestRef = useRef(0);
  const boxRef = useRef<HTMLDivElement>(null);

  // Training turns hover off: drop the card when it starts (state from the previous render, not an effect).
  if (running !== wasRunning) {
    setWasRunning(running);
    if (running) setCard(null);
  }

  const hasSigma = (latent?.sigmaX.length ?? 0) > 0;
  const classData = useMemo(() => (latent ? classTraces(latent, labels, classNames) : []), [latent, labels, classNames]);
  const overlays = useMemo(
    () => (latent ? [...(showSigma ? sigmaTraces(latent, labels, classNames.length) : []), ...codebookTraces(latent)] : []),
    [latent, labels, classNames.length, showSigma],
  );
  const data = useMemo(
    () => (latent ? [...classData, ...overlays, ...pathTraces(latent, endpoints)] : []),
    [classData, overlays, latent, endpoints],
  );
  // A steady frame: recomputed once per new view (state from the previous render, not an effect).
  const priorCircles = MODEL_FAMILIES[model].hasPrior && latent?.projection === 'identity';
  const frameKey = `${model}:${latent?.projection ?? 'none'}`;
  const [frame, setFrame] = useState<{ key: string; latent: LatentView | null; range: AxisRange | null }>({ key: frameKey, latent: null, range: null });
  if (latent !== frame.latent) {
    const previous = frame.key === frameKey ? frame.range : null;
    setFrame({ key: frameKey, latent, range: latent ? nextAxisRange(previous, pointsExtent(latent.x, latent.y), priorCircles ? 2.3 : 0) : previous });
  }
  const halfWidth = frame.key === frameKey ? (frame.range?.halfWidth ?? null) : null;
  const narrow = useNarrowScreen();
  const underlayImage = useUnderlay(latent, halfWidth, anchorIndex, underlay);
  const layout = useMemo(
    () => latentLayout(latent, running, model, endpoints, { halfWidth, priorCircles, narrow, underlay: underlayImage }),
    [latent, running, model, endpoints, halfWidth, priorCircles, narrow, underlayImage],
  );

  const handleHover = (event: PlotHoverEvent) => {
    const probeIndex = probeIndexOf(event);
    const box = boxRef.current?.getBoundingClientRect();
    if (probeIndex === null || !box) return;
    const x = event.event.clientX - box.left;
    const y = event.event.clientY - box.top;
    const left = x + 16 + CARD_WIDTH > box.width ? Math.max(0, x - 16 - CARD_WIDTH) : x + 16;
    const top = Math.min(Math.max(0, y - CARD_HEIGHT / 2), Math.max(0, box.height - CARD_HEIGHT));
    const request = ++requestRef.current;
    setCard({ probeIndex, left, top, reconstruction: null });
    reconstruct(probeIndex).then(
      (reconstruction) => {
        if (reconstruction && requestRef.current === request) setCard((shown) => (shown ? { ...shown, reconstruction } : shown));
      },
      () => undefined,
    );
  };

  const handleUnhover = () => {
    requestRef.current++;
    setCard(null);
  };

  const handleClick = (event: PlotMouseEvent) => {
    const probeIndex = probeIndexOf(event);
    if (probeIndex === null || probeIndex === endpoints[1 - nextSlot]) return;
    const next: [number, number] = nextSlot === 0 ? [probeIndex, endpoints[1]] : [endpoints[0], probeIndex];
    setNextSlot(nextSlot === 0 ? 1 : 0);
    onPickEndpoints(next);
  };

  const className = card && labels ? (classNames[labels[card.probeIndex]] ?? String(labels[card.probeIndex])) : '';

  return (
    <div className={styles.panel}>
      <div ref={boxRef} className={styles.chartBox}>
        <PlotlyChart
          testId="latent-scatter"
          ariaLabel={description(model, latent?.x.length ?? 2000, latent)}
          data={data}
          layout={layout}
          minRedrawIntervalMs={SCATTER_REDRAW_MS}
          exportTitle="Latent space"
          height="var(--latent-chart-height)"
          onHover={handleHover}
          onUnhover={handleUnhover}
          onClick={handleClick}
        />
        {card && (
          <div className={styles.card} style={{ left: card.left, top: card.top, width: CARD_WIDTH }} aria-live="polite">
            <div className={styles.cardTitle}>
              test image #{card.probeIndex} · class {className}
            </div>
            <div className={styles.cardImages}>
              <figure>
                <DigitImage pixels={probeImages} index={card.probeIndex} size={72} label={`input, class ${className}`} />
                <figcaption>input x</figcaption>
              </figure>
              <figure>
                {card.reconstruction ? (
                  <DigitImage pixels={card.reconstruction} size={72} label={`reconstruction decoded from ${MODEL_FAMILIES[model].decodedFrom}`} />
                ) : (
                  <div className={styles.pending} />
                )}
                <figcaption>decoded {MODEL_FAMILIES[model].decodedFrom}</figcaption>
              </figure>
            </div>
          </div>
        )}
      </div>
      <div className={styles.header}>
        <p className={styles.note}>{description(model, latent?.x.length ?? 2000, latent)}</p>
        {hasSigma && (
          <label className={styles.toggle} title={`Draw the 1σ ellipse of q(z|x) for ${MAX_ELLIPSES} of the images`}>
            <input type="checkbox" checked={showSigma} onChange={(event) => setShowSigma(event.target.checked)} /> Show σ
          </label>
        )}
      </div>
      <p className={styles.caption}>
        Click two points to interpolate between them (next click sets <strong>{nextSlot === 0 ? 'A' : 'B'}</strong>).
        {running ? ' Pause training to hover and click points.' : ' Hover a point to see it and its reconstruction.'}
      </p>
    </div>
  );
}
