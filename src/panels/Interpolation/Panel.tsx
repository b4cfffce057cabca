/** Walks the latent space from digit A to digit B: a slider decodes any point, a strip shows eight. */
import { useId, useState } from 'react';
import { Card } from '../../components/Card';
import { DigitImage } from '../../components/DigitImage';
import { INTERPOLATION_FRAMES } from '../../worker/protocol';
import type { ModelKind } from '../../worker/protocol';
import { useDecodedAt } from './useDecodedAt';
import { MODEL_TEXT } from '../modelText';
import './Interpolation.css';

export interface InterpolationProps {
  model: ModelKind;
  probeImages: Uint8Array | null;
  probeLabels: Uint8Array | null;
  classNames: string[];
  /** Probe indices of A and B, once data is ready. */
  endpoints: [number, number] | null;
  /** INTERPOLATION_FRAMES × 784 from the latest snapshot. */
  frames: Float32Array | null;
  /** Changes whenever the weights do (the snapshot's step), so the decoded image stays live. */
  modelVersion: number | null;
  /** The path decoded at t; null when a newer request replaced this one. */
  decode(t: number): Promise<Float32Array | null>;
  onNewPair(): void;
}

const FRAME_TS = Array.from({ length: INTERPOLATION_FRAMES }, (_, k) => k / (INTERPOLATION_FRAMES - 1));

export function InterpolationPanel({ model, probeImages, probeLabels, classNames, endpoints, frames, modelVersion, decode, onNewPair }: InterpolationProps) {
  const [t, setT] = useState(0.5);
  const sliderId = useId();
  const decoded = useDecodedAt(decode, t, `${model}:${modelVersion}:${endpoints?.join(',')}`, endpoints !== null && modelVersion !== null);
  const name = (index: number | undefined) =>
    index === undefined || !probeLabels ? '' : classNames[probeLabels[index]] ?? String(probeLabels[index]);
  const [a, b] = endpoints ?? [undefined, undefined];
  return (
    <Card
      id="interpolation"
      title="Interpolation"
      subtitle={MODEL_TEXT[model].interpolationSubtitle}
      actions={
        <button type="button" onClick={onNewPair} disabled={!probeImages}>
          New pair
        </button>
      }
    >
      <div className="interp-main">
        <figure className="interp-end">
          <DigitImage pixels={probeImages} index={a ?? 0} size={64} label={`Endpoint A: test image ${name(a)}`} />
          <figcaption>A {name(a) && `(“${name(a)}”)`}</figcaption>
        </figure>
        <div className="interp-center">
          <DigitImage pixels={decoded} size={140} label={`Decoded at t = ${t.toFixed(2)}`} testId="interpolation-image" />
          <label htmlFor={sliderId} className="interp-t">
            t = <span className="readout">{t.toFixed(2)}</span>
          </label>
          <input
            id={sliderId}
            type="range"
            aria-label="Interpolation"
            min={0}
            max={1}
            step={0.01}
            value={t}
            onChange={(event) => setT(Number(event.target.value))}
          />
        </div>
        <figure className="interp-end">
          <DigitImage pixels={probeImages} index={b ?? 0} size={64} label={`Endpoint B: test image ${name(b)}`} />
          <figcaption>B {name(b) && `(“${name(b)}”)`}</figcaption>
        </figure>
      </div>
      <ol className="digit-strip interp-strip" aria-label="Eight evenly spaced points from A to B">
        {FRAME_TS.map((frameT, k) => (
          <li key={frameT}>
            <DigitImage pixels={frames} index={k} size={56} fluid label={`t = ${frameT.toFixed(2)}`} testId="interpolation-frame" />
          </li>
        ))}
      </ol>
    </Card>
  );
}
