/**
 * The decoded latent grid (Kingma & Welling 2014, fig. 4): what the decoder makes of every part of the latent
 * plane, in the gaps between the codes too, with the interpolation path over it. Live while training; off screen it
 * costs nothing.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { Card } from '../../components/Card';
import { SaveImagesButton } from '../../components/SaveImagesButton';
import { useOnScreen, useView } from '../../state/useView';
import type { GridAxes, LatentGridPayload, ModelKind, ProbeRef } from '../../worker/protocol';
import { MODEL_TEXT } from '../modelText';
import { AxesChoice } from './AxesChoice';
import { gridPixels } from './tiles';
import './LatentGrid.css';

export interface LatentGridProps {
  model: ModelKind;
  /** The latent size (code dimension) of the active model; 0 for a codebook model. */
  latentDim: number;
  /** The digit whose code holds the other dimensions (latent > 2): the ELBO panel's digit, maybe the drawn one. */
  anchor: ProbeRef;
  /** Lay the grid under the latent scatter. */
  underlay: boolean;
  onUnderlay(on: boolean): void;
}

const SIZE_RANGE = { min: 8, max: 24 };
/** The saved grid at 2× (a 16 × 16 grid of 28-pixel digits becomes 896 pixels across). */
const GRID_EXPORT_SCALE = 2;

/** How the grid's cells were placed, in words. */
const COVERAGE: Record<LatentGridPayload['coverage'], string> = {
  prior: 'Cells at equal steps of prior probability: z = Φ⁻¹((i + ½)/N) on each axis.',
  codes: 'Cells evenly over the codes’ range (1st–99th percentile, plus a margin).',
  view: 'Cells evenly over the scatter’s frame.',
};

/** The interpolation path over the picture (fractions of its size), with its ends marked A and B. */
function PathOverlay({ path }: { path: Float32Array }) {
  const count = path.length / 2;
  if (count < 2) return null;
  const points = Array.from({ length: count }, (_, k) => `${path[2 * k]},${path[2 * k + 1]}`).join(' ');
  // Each end's label sits above its dot, or below it near the top edge, and never past the sides.
  const end = (k: number, label: string) => {
    const [u, v] = [path[2 * k], path[2 * k + 1]];
    return (
      <g key={label}>
        <circle cx={u} cy={v} r={0.022} className="grid-path-end" />
        <text x={Math.min(0.96, Math.max(0.04, u))} y={v < 0.09 ? v + 0.075 : v - 0.035} className="grid-path-label">
          {label}
        </text>
      </g>
    );
  };
  return (
    <svg className="grid-path" viewBox="0 0 1 1" preserveAspectRatio="none" aria-hidden="true">
      <polyline points={points} className="grid-path-halo" />
      <polyline points={points} className="grid-path-line" />
      {[end(0, 'A'), end(count - 1, 'B')]}
    </svg>
  );
}

function GridPicture({ payload }: { payload: LatentGridPayload }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = canvasRef.current;
    const context = canvas?.getContext('2d');
    if (!canvas || !context) return;
    const side = payload.size * 28;
    canvas.width = side;
    canvas.height = side;
    context.putImageData(new ImageData(gridPixels(payload.images, payload.size), side, side), 0, 0);
  }, [payload]);
  const format = (value: number) => value.toFixed(1);
  const last = payload.size - 1;
  return (
    <figure className="latent-grid-figure">
      <div className="grid-y-title">{payload.yTitle}</div>
      <div className="grid-y-ticks" aria-hidden="true">
        <span>{format(payload.ys[last])}</span>
        <span>{format(payload.ys[0])}</span>
      </div>
      <div className="latent-grid-picture">
        <canvas
          ref={canvasRef}
          className="latent-grid-canvas"
          role="img"
          data-testid="latent-grid-canvas"
          aria-label={`${payload.size} by ${payload.size} images decoded across ${payload.xTitle} from ${format(payload.xs[0])} to ${format(payload.xs[last])} and ${payload.yTitle} from ${format(payload.ys[0])} to ${format(payload.ys[last])}`}
        />
        <PathOverlay path={payload.path} />
      </div>
      <div className="grid-x-ticks" aria-hidden="true">
        <span>{format(payload.xs[0])}</span>
        <span>{format(payload.xs[last])}</span>
      </div>
      <figcaption className="grid-x-title">{payload.xTitle}</figcaption>
    </figure>
  );
}

export function LatentGridPanel({ model, latentDim, anchor, underlay, onUnderlay }: LatentGridProps) {
  const [size, setSize] = useState(16);
  const [axes, setAxes] = useState<GridAxes>({ kind: 'pca' });
  const boxRef = useRef<HTMLDivElement>(null);
  const onScreen = useOnScreen(boxRef);
  const request = useMemo(() => ({ size, axes: latentDim > 2 ? axes : ({ kind: 'pca' } as const), anchor }), [size, axes, latentDim, anchor]);
  const result = useView('latentGrid', request, onScreen);
  const payload = result?.status === 'ready' ? result.payload : null;
  const anchorName = anchor === 'drawn' ? 'your drawn digit' : `test image #${anchor}`;
  return (
    <Card
      id="latent-grid"
      title="Latent grid"
      subtitle="What the decoder makes of every point of the latent plane"
      region
      testId="latent-grid"
      actions={payload && <SaveImagesButton container={boxRef} columns={1} title="Latent grid" scale={GRID_EXPORT_SCALE} />}
    >
      <div ref={boxRef} className="latent-grid">
        {result?.status === 'notApplicable' ? (
          <p className="hint">{result.reason}</p>
        ) : (
          <>
            <p className="hint">{MODEL_TEXT[model].explore.grid}</p>
            <div className="latent-grid-controls">
              <label className="slider-label">
                <span>
                  Grid size = <span className="readout">{size}</span>
                </span>
                <input type="range" aria-label="Grid size" {...SIZE_RANGE} step={1} value={size} onChange={(event) => setSize(Number(event.target.value))} />
              </label>
              {latentDim > 2 && <AxesChoice latentDim={latentDim} axes={axes} onAxes={setAxes} />}
              <label className="toggle">
                <input type="checkbox" checked={underlay} onChange={(event) => onUnderlay(event.target.checked)} disabled={payload !== null && !payload.matchesScatter} />
                <span>Lay it under the scatter</span>
              </label>
            </div>
            {payload && (
              <p className="hint">
                {COVERAGE[payload.coverage]}
                {latentDim > 2 && ` The other ${latentDim - 2} dimensions are held at ${anchorName}’s code (the ELBO panel’s).`}
                {payload.path.length > 0 && ' The line is the interpolation path from A to B.'}
              </p>
            )}
            {payload ? <GridPicture payload={payload} /> : <p className="hint">The grid appears with the next snapshot.</p>}
          </>
        )}
      </div>
    </Card>
  );
}
