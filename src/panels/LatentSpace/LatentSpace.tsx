import { useMemo, useRef, useState } from 'react';
import type { PlotHoverEvent, PlotMouseEvent } from 'plotly.js-dist-min';
import { PlotlyChart } from '../../components/PlotlyChart';
import { useNarrowScreen } from '../../components/useNarrowScreen';
import { MODEL_FAMILIES } from '../../ml/models/family';
import type { LatentView, ModelKind, ProbeRef } from '../../worker/protocol';
import { MODEL_TEXT } from '../modelText';
import { nextAxisRange, pointsExtent, type AxisRange } from './axisRange';
import { pinTraces } from './exploreOverlays';
import { classTraces, latentLayout, pathTraces } from './latentFigure';
import { codebookTraces, MAX_ELLIPSES, sigmaTraces } from './latentOverlays';
import { PinnedPoint } from './PinnedPoint';
import { CARD_HEIGHT, CARD_WIDTH, PointCard, type HoverCard } from './PointCard';
import { ProbeLayer, type ProbedPoint } from './ProbeLayer';
import { useExploreLayers } from './useExploreLayers';
import { useUnderlay } from './useUnderlay';
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
  /** While training, Plotly hover (and so click on a point) is off for speed; probing anywhere stays on. */
  running: boolean;
  /** Interpolation endpoints A and B (probe indices). */
  endpoints: [number, number];
  /** Called when a click on a test digit replaces the older endpoint. */
  onPickEndpoints(next: [number, number]): void;
  /** Reconstruction (784 probabilities) of one probe digit, for the hover card; null when a newer request replaced it. */
  reconstruct(probeIndex: number): Promise<Float32Array | null>;
  /** Which model's latent points these are: codes z, means μ, or encoder vectors z_e with a codebook. */
  model: ModelKind;
  /** Draw the decoded latent grid under the points. */
  underlay: boolean;
  /** The digit holding the other dimensions of the underlay's grid and of a probed point (latent > 2). */
  anchor: ProbeRef;
  /** A drawn digit exists: mark its code. */
  hasDrawing: boolean;
  /** Draw q(z)'s contours over the points (2-D). */
  contours: boolean;
  /** Decodes the latent point under (x, y) of the scatter; null when replaced or not applicable. */
  probe(x: number, y: number): Promise<{ pixels: Float32Array; z: Float32Array } | null>;
  /** Makes a pinned latent point an interpolation endpoint. */
  onUsePoint(role: 'interpolationA' | 'interpolationB', z: number[]): void;
}

/** Probe index of the first hovered or clicked point of a class trace, if any. */
function probeIndexOf(event: PlotMouseEvent): number | null {
  const point = event.points[0];
  return point && typeof point.customdata === 'number' ? point.customdata : null;
}

/** One sentence saying what each point is, for the model shown. */
function description(model: ModelKind, count: number, latent: LatentView | null): string {
  return MODEL_TEXT[model].latentPoints(`${count.toLocaleString('en-US')} test images`, latent?.projection === 'pca');
}

/** Short axis names for a decoded point's label: the code's two coordinates, or the two principal components. */
function axisNames(model: ModelKind, latent: LatentView | null): [string, string] {
  const symbol = MODEL_FAMILIES[model].codeSymbol;
  return latent?.projection === 'pca' ? ['PC 1', 'PC 2'] : [`${symbol}₁`, `${symbol}₂`];
}

/** Scatter of the probe digits' latent points (code, mean or encoder vector), coloured by class; hover anywhere to decode, click to pin or pick endpoints. */
export function LatentSpace(props: LatentSpaceProps) {
  const { latent, labels, probeImages, classNames, running, endpoints, onPickEndpoints, reconstruct, model, underlay, anchor } = props;
  const [nextSlot, setNextSlot] = useState<0 | 1>(0);
  const [card, setCard] = useState<HoverCard | null>(null);
  const [showSigma, setShowSigma] = useState(false);
  const [wasRunning, setWasRunning] = useState(running);
  const [pin, setPin] = useState<{ key: string; point: ProbedPoint } | null>(null);
  const requestRef = useRef(0);
  const boxRef = useRef<HTMLDivElement>(null);

  // Training turns hover off: drop the card when it starts (state from the previous render, not an effect).
  if (running !== wasRunning) {
    setWasRunning(running);
    if (running) setCard(null);
  }

  const continuous = MODEL_FAMILIES[model].latent !== 'codebook';
  const planeKey = `${model}:${latent?.projection ?? 'none'}`;
  const pinned = pin?.key === planeKey ? pin.point : null;
  const exploreLayers = useExploreLayers(props.hasDrawing && continuous, props.contours && continuous && latent?.projection === 'identity');
  const hasSigma = (latent?.sigmaX.length ?? 0) > 0;
  const classData = useMemo(() => (latent ? classTraces(latent, labels, classNames) : []), [latent, labels, classNames]);
  const overlays = useMemo(
    () => (latent ? [...(showSigma ? sigmaTraces(latent, labels, classNames.length) : []), ...codebookTraces(latent)] : []),
    [latent, labels, classNames.length, showSigma],
  );
  const data = useMemo(
    () => (latent ? [...classData, ...overlays, ...exploreLayers, ...pathTraces(latent, endpoints), ...pinTraces(pinned)] : []),
    [classData, overlays, exploreLayers, latent, endpoints, pinned],
  );
  // A steady frame: recomputed once per new view (state from the previous render, not an effect).
  const priorCircles = (MODEL_FAMILIES[model].hasPrior || props.contours) && latent?.projection === 'identity';
  const [frame, setFrame] = useState<{ key: string; latent: LatentView | null; range: AxisRange | null }>({ key: planeKey, latent: null, range: null });
  if (latent !== frame.latent) {
    const previous = frame.key === planeKey ? frame.range : null;
    setFrame({ key: planeKey, latent, range: latent ? nextAxisRange(previous, pointsExtent(latent.x, latent.y), priorCircles ? 2.3 : 0) : previous });
  }
  const halfWidth = frame.key === planeKey ? (frame.range?.halfWidth ?? null) : null;
  const narrow = useNarrowScreen();
  const underlayImage = useUnderlay(latent, halfWidth, anchor, underlay);
  const layout = useMemo(
    () => latentLayout(latent, running, model, endpoints, { halfWidth, priorCircles, narrow, underlay: underlayImage }),
    [latent, running, model, endpoints, halfWidth, priorCircles, narrow, underlayImage],
  );
  const names = axisNames(model, latent);

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
        <ProbeLayer
          boxRef={boxRef}
          enabled={continuous && latent !== null}
          suppressed={card !== null}
          axisNames={names}
          probe={props.probe}
          onPin={(point) => setPin({ key: planeKey, point })}
        />
        {card && <PointCard card={card} model={model} probeImages={probeImages} className={className} />}
      </div>
      <div className={styles.header}>
        <p className={styles.note}>{description(model, latent?.x.length ?? 2000, latent)}</p>
        {hasSigma && (
          <label className={styles.toggle} title={`Draw the 1σ ellipse of q(z|x) for ${MAX_ELLIPSES} of the images`}>
            <input type="checkbox" checked={showSigma} onChange={(event) => setShowSigma(event.target.checked)} /> Show σ
          </label>
        )}
      </div>
      {pinned && <PinnedPoint pin={pinned} axisNames={names} onUse={(role) => props.onUsePoint(role, pinned.z)} onUnpin={() => setPin(null)} />}
      <p className={styles.caption}>
        {continuous && 'Hover anywhere to decode that point of the latent space; click to pin it. '}
        {running ? 'Pause training to hover a test image and click two to interpolate between them.' : <>Click two test images to interpolate between them (next click sets <strong>{nextSlot === 0 ? 'A' : 'B'}</strong>).</>}
      </p>
    </div>
  );
}
