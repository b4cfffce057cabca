/**
 * Probe anywhere: hovering (or touching) any place of the latent scatter's plot area, empty space included, decodes
 * the latent point there and shows the image beside the pointer; a click or tap pins it. Works while training too:
 * it reads the pointer's data coordinates from Plotly's axes, not Plotly's point events, and keeps one decode in flight.
 */
import { useEffect, useRef, useState, type RefObject } from 'react';
import { DigitImage } from '../../components/DigitImage';
import { pointerData } from '../../components/plotly';
import { LatestOnly } from '../../state/latestOnly';
import styles from './LatentSpace.module.css';

/** A decoded point of the scatter: where it is (scatter coordinates), its latent vector and its image. */
export interface ProbedPoint {
  x: number;
  y: number;
  z: number[];
  pixels: Float32Array;
}

export interface ProbeLayerProps {
  /** The box around the chart; the Plotly graph div is inside it. */
  boxRef: RefObject<HTMLDivElement | null>;
  /** False for a codebook model and before the first snapshot. */
  enabled: boolean;
  /** A test digit's own hover card is showing: no probe card then, and no pin. */
  suppressed: boolean;
  /** Short names of the scatter's axes, e.g. ["μ₁", "μ₂"] or ["PC 1", "PC 2"]. */
  axisNames: [string, string];
  /** Decodes the latent point under (x, y); null when a newer request replaced it or it does not apply. */
  probe(x: number, y: number): Promise<{ pixels: Float32Array; z: Float32Array } | null>;
  onPin(point: ProbedPoint): void;
}

interface Point {
  x: number;
  y: number;
}

const CARD_SIZE = 84;
/** A press that moves less than this (CSS px) is a click, not a drag. */
const CLICK_SLOP = 6;

/** "Decoded at μ₁ = 0.52, μ₂ = −1.30" (the accessible name of a decoded image). */
export function decodedAtLabel(axisNames: [string, string], x: number, y: number): string {
  const format = (v: number) => v.toFixed(2).replace('-', '−');
  return `Decoded at ${axisNames[0]} = ${format(x)}, ${axisNames[1]} = ${format(y)}`;
}

export function ProbeLayer({ boxRef, enabled, suppressed, axisNames, probe, onPin }: ProbeLayerProps) {
  const [place, setPlace] = useState<{ left: number; top: number } | null>(null);
  const [decoded, setDecoded] = useState<(Point & { pixels: Float32Array }) | null>(null);
  const latest = useRef({ probe, onPin, suppressed });
  useEffect(() => {
    latest.current = { probe, onPin, suppressed };
  });

  useEffect(() => {
    const box = boxRef.current;
    if (!box || !enabled) return;
    let pinning: Point | null = null;
    let pressed: { clientX: number; clientY: number } | null = null;
    let frame: number | null = null;
    let lastMove: PointerEvent | null = null;
    const decoder = new LatestOnly<Point, { pixels: Float32Array; z: Float32Array } | null>(
      (point) => latest.current.probe(point.x, point.y),
      (answer, point) => {
        if (!answer) return;
        setDecoded({ ...point, pixels: answer.pixels });
        if (pinning && pinning.x === point.x && pinning.y === point.y) {
          pinning = null;
          latest.current.onPin({ ...point, z: Array.from(answer.z), pixels: answer.pixels });
        }
      },
    );
    const hide = () => {
      decoder.cancel();
      setPlace(null);
    };
    const dataAt = (event: PointerEvent) => {
      const graph = box.querySelector('.js-plotly-plot');
      return graph ? pointerData(graph, event.clientX, event.clientY) : null;
    };
    /** Follows the pointer: at most one card move per animation frame, and no new decode while a pin waits for its own. */
    const follow = () => {
      frame = null;
      const event = lastMove;
      if (!event || pinning) return;
      const point = latest.current.suppressed ? null : dataAt(event);
      if (!point) return hide();
      const bounds = box.getBoundingClientRect();
      const [x, y] = [event.clientX - bounds.left, event.clientY - bounds.top];
      const left = x + 16 + CARD_SIZE > bounds.width ? x - 16 - CARD_SIZE : x + 16;
      setPlace({ left: Math.max(0, left), top: Math.max(0, Math.min(y - CARD_SIZE - 8, bounds.height - CARD_SIZE - 24)) });
      decoder.request(point);
    };
    const onMove = (event: PointerEvent) => {
      lastMove = event;
      frame ??= requestAnimationFrame(follow);
    };
    const onDown = (event: PointerEvent) => {
      pressed = { clientX: event.clientX, clientY: event.clientY };
      if (event.pointerType !== 'mouse') onMove(event);
    };
    const onUp = (event: PointerEvent) => {
      const press = pressed;
      pressed = null;
      if (!press || latest.current.suppressed || Math.hypot(event.clientX - press.clientX, event.clientY - press.clientY) > CLICK_SLOP) return;
      const point = dataAt(event);
      if (!point) return;
      pinning = point;
      decoder.request(point);
    };
    // Plotly covers the page while a button is down (its drag cover), so the release is heard on the window.
    box.addEventListener('pointermove', onMove);
    box.addEventListener('pointerdown', onDown);
    window.addEventListener('pointerup', onUp);
    box.addEventListener('pointerleave', hide);
    return () => {
      decoder.close();
      if (frame !== null) cancelAnimationFrame(frame);
      box.removeEventListener('pointermove', onMove);
      box.removeEventListener('pointerdown', onDown);
      window.removeEventListener('pointerup', onUp);
      box.removeEventListener('pointerleave', hide);
      setPlace(null);
    };
  }, [boxRef, enabled]);

  if (!enabled || suppressed || !place || !decoded) return null;
  return (
    <div className={styles.probe} style={{ left: place.left, top: place.top }}>
      <DigitImage pixels={decoded.pixels} size={CARD_SIZE} label={decodedAtLabel(axisNames, decoded.x, decoded.y)} testId="probe-image" />
    </div>
  );
}
