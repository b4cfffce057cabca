/** Walks the latent space from A to B (test digits, the drawn digit or pinned points) along a chosen path: a slider decodes any point, a strip shows eight. */
import { useId, useRef, useState } from 'react';
import { Card } from '../../components/Card';
import { DigitImage } from '../../components/DigitImage';
import { SaveImagesButton } from '../../components/SaveImagesButton';
import { INTERPOLATION_FRAMES, type InterpolationKind, type ModelKind, type ProbeStandIn } from '../../worker/protocol';
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
  /** What stands in for A and B instead of their test digits, if anything. */
  standIns: [ProbeStandIn | undefined, ProbeStandIn | undefined];
  /** The drawn digit as the encoder sees it (784 values), while it stands in for an endpoint. */
  drawnImage: Float32Array | null;
  /** INTERPOLATION_FRAMES × 784 from the latest snapshot. */
  frames: Float32Array | null;
  /** Changes whenever the weights do (the snapshot's step), so the decoded image stays live. */
  modelVersion: number | null;
  /** The path decoded at t; null when a newer request replaced this one. */
  decode(t: number): Promise<Float32Array | null>;
  onNewPair(): void;
  /** The path taken, and those this model offers. */
  path: InterpolationKind;
  paths: readonly InterpolationKind[];
  onPath(path: InterpolationKind): void;
}

const FRAME_TS = Array.from({ length: INTERPOLATION_FRAMES }, (_, k) => k / (INTERPOLATION_FRAMES - 1));

/** Each path's menu name and what it does. */
const PATHS: Record<InterpolationKind, { title: string; subtitle: string }> = {
  linear: { title: 'Straight line (lerp)', subtitle: '' },
  slerp: {
    title: 'Great circle (slerp)',
    subtitle: 'Spherical path about the origin: the direction turns at a constant rate, so the norm does not dip midway as a straight line’s does',
  },
  quantile: {
    title: 'Prior quantiles',
    subtitle: 'Straight in the prior’s quantile space: each coordinate moves by equal steps of prior probability, Φ⁻¹((1 − t)·Φ(a) + t·Φ(b))',
  },
};

export function InterpolationPanel(props: InterpolationProps) {
  const { model, probeImages, probeLabels, classNames, endpoints, standIns, drawnImage, frames, modelVersion, decode, onNewPair, path, paths, onPath } = props;
  const [t, setT] = useState(0.5);
  const sliderId = useId();
  const strip = useRef<HTMLOListElement>(null);
  const key = `${model}:${modelVersion}:${endpoints?.join(',')}:${JSON.stringify(standIns)}:${path}`;
  const decoded = useDecodedAt(decode, t, key, endpoints !== null && modelVersion !== null);
  const name = (index: number | undefined) => (index === undefined || !probeLabels ? '' : (classNames[probeLabels[index]] ?? String(probeLabels[index])));
  /** The image and caption of endpoint k (0: A, 1: B): its test digit, the drawn digit, or the decoded pinned point. */
  const end = (k: 0 | 1) => {
    const label = k === 0 ? 'A' : 'B';
    const standIn = standIns[k];
    const index = endpoints?.[k];
    if (standIn?.kind === 'drawn' && drawnImage) return { pixels: drawnImage as Float32Array | Uint8Array | null, index: 0, caption: `${label} (your digit)`, alt: `Endpoint ${label}: your drawn digit` };
    if (standIn?.kind === 'point') return { pixels: frames, index: k === 0 ? 0 : INTERPOLATION_FRAMES - 1, caption: `${label} (pinned point)`, alt: `Endpoint ${label}: the pinned point, decoded` };
    return { pixels: probeImages, index: index ?? 0, caption: `${label} ${name(index) && `(“${name(index)}”)`}`, alt: `Endpoint ${label}: test image ${name(index)}` };
  };
  const [a, b] = [end(0), end(1)];
  return (
    <Card
      id="interpolation"
      title="Interpolation"
      subtitle={path === 'linear' ? MODEL_TEXT[model].interpolationSubtitle : PATHS[path].subtitle}
      actions={
        <>
          <button type="button" onClick={onNewPair} disabled={!probeImages}>
            New pair
          </button>
          <SaveImagesButton container={strip} columns={INTERPOLATION_FRAMES} title="Interpolation strip" />
        </>
      }
    >
      {paths.length > 1 && (
        <label className="choice interp-path">
          <span>Path</span>
          <select aria-label="Interpolation path" value={path} onChange={(event) => onPath(event.target.value as InterpolationKind)}>
            {paths.map((kind) => (
              <option key={kind} value={kind}>
                {PATHS[kind].title}
              </option>
            ))}
          </select>
        </label>
      )}
      <div className="interp-main">
        <figure className="interp-end">
          <DigitImage pixels={a.pixels} index={a.index} size={64} label={a.alt} />
          <figcaption>{a.caption}</figcaption>
        </figure>
        <div className="interp-center">
          <DigitImage pixels={decoded} size={140} label={`Decoded at t = ${t.toFixed(2)}`} testId="interpolation-image" />
          <label htmlFor={sliderId} className="interp-t">
            t = <span className="readout">{t.toFixed(2)}</span>
          </label>
          <input id={sliderId} type="range" aria-label="Interpolation" min={0} max={1} step={0.01} value={t} onChange={(event) => setT(Number(event.target.value))} />
        </div>
        <figure className="interp-end">
          <DigitImage pixels={b.pixels} index={b.index} size={64} label={b.alt} />
          <figcaption>{b.caption}</figcaption>
        </figure>
      </div>
      <ol ref={strip} className="digit-strip interp-strip" aria-label="Eight evenly spaced points from A to B">
        {FRAME_TS.map((frameT, k) => (
          <li key={frameT}>
            <DigitImage pixels={frames} index={k} size={56} fluid label={`t = ${frameT.toFixed(2)}`} testId="interpolation-frame" />
          </li>
        ))}
      </ol>
    </Card>
  );
}
