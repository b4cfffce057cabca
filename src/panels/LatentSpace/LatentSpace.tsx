import { useEffect, useMemo, useRef, useState } from 'react';
import type { PlotHoverEvent, PlotMouseEvent } from 'plotly.js-dist-min';
import { DigitImage } from '../../components/DigitImage';
import { PlotlyChart } from '../../components/PlotlyChart';
import type { LatentView } from '../../worker/protocol';
import { classTraces, latentLayout, pathTraces } from './latentFigure';
import styles from './LatentSpace.module.css';

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
  /** Reconstruction (784 probabilities) of one probe digit, for the hover card. */
  reconstruct(probeIndex: number): Promise<Float32Array>;
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

/** Scatter of the latent means of the probe digits, coloured by class; click to pick interpolation endpoints. */
export function LatentSpace({
  latent,
  labels,
  probeImages,
  classNames,
  running,
  endpoints,
  onPickEndpoints,
  reconstruct,
}: LatentSpaceProps) {
  const [nextSlot, setNextSlot] = useState<0 | 1>(0);
  const [card, setCard] = useState<HoverCard | null>(null);
  const requestRef = useRef(0);
  const boxRef = useRef<HTMLDivElement>(null);

  const classData = useMemo(() => (latent ? classTraces(latent, labels, classNames) : []), [latent, labels, classNames]);
  const data = useMemo(() => (latent ? [...classData, ...pathTraces(latent, endpoints)] : []), [classData, latent, endpoints]);
  const layout = useMemo(() => latentLayout(latent, running), [latent, running]);

  useEffect(() => {
    if (!running) return;
    requestRef.current++;
    setCard(null);
  }, [running]);

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
        if (requestRef.current === request) setCard((shown) => (shown ? { ...shown, reconstruction } : shown));
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
      {latent?.projection === 'pca' && (
        <p className={styles.note}>latent dimension d &gt; 2: showing a PCA projection of μ</p>
      )}
      <div ref={boxRef} className={styles.chartBox}>
        <PlotlyChart
          testId="latent-scatter"
          ariaLabel="Latent means μ(x) of 2,000 test digits, coloured by class"
          data={data}
          layout={layout}
          onHover={handleHover}
          onUnhover={handleUnhover}
          onClick={handleClick}
        />
        {card && (
          <div className={styles.card} style={{ left: card.left, top: card.top, width: CARD_WIDTH }} aria-live="polite">
            <div className={styles.cardTitle}>
              test digit #{card.probeIndex} · class {className}
            </div>
            <div className={styles.cardImages}>
              <figure>
                <DigitImage pixels={probeImages} index={card.probeIndex} size={72} label={`input, class ${className}`} />
                <figcaption>input x</figcaption>
              </figure>
              <figure>
                {card.reconstruction ? (
                  <DigitImage pixels={card.reconstruction} size={72} label="reconstruction decoded from μ" />
                ) : (
                  <div className={styles.pending} />
                )}
                <figcaption>decoded μ</figcaption>
              </figure>
            </div>
          </div>
        )}
      </div>
      <p className={styles.caption}>
        Click two digits to interpolate between them (next click sets <strong>{nextSlot === 0 ? 'A' : 'B'}</strong>).
        {running ? ' Pause training to hover and click points.' : ' Hover a point to see it and its reconstruction.'}
      </p>
    </div>
  );
}
