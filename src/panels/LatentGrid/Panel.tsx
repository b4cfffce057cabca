/**
 * The decoded latent grid (Kingma & Welling 2014, fig. 4): what the decoder makes of every part of the latent
 * plane, in the gaps between the codes too. Live while training; off screen it costs nothing.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { Card } from '../../components/Card';
import { MODEL_FAMILIES } from '../../ml/models/family';
import { useOnScreen, useView } from '../../state/useView';
import type { GridAxes, LatentGridPayload, ModelKind } from '../../worker/protocol';
import { gridPixels } from './tiles';
import './LatentGrid.css';

export interface LatentGridProps {
  model: ModelKind;
  /** The latent size (code dimension) of the active model; 0 for a codebook model. */
  latentDim: number;
  /** Probe index whose code holds the other dimensions (latent > 2): the ELBO panel's digit. */
  anchorIndex: number;
  /** Lay the grid under the latent scatter. */
  underlay: boolean;
  onUnderlay(on: boolean): void;
}

const SIZE_RANGE = { min: 8, max: 24 };

/** What to look at, for the model shown. */
function whatToSee(model: ModelKind): string {
  if (MODEL_FAMILIES[model].hasPrior) {
    return 'Each image is decoded from one point of the latent space, placed at equal steps of probability under the prior N(0, I): if the VAE has no holes, every cell shows a plausible image and neighbours change smoothly.';
  }
  return 'Each image is decoded from one point of the plane the codes span (an autoencoder has no prior to place the grid by). Look at the cells between clusters: the decoder was never trained there, so they are blurs or non-images — the holes.';
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
      <canvas
        ref={canvasRef}
        className="latent-grid-canvas"
        role="img"
        aria-label={`${payload.size} by ${payload.size} images decoded across ${payload.xTitle} from ${format(payload.xs[0])} to ${format(payload.xs[last])} and ${payload.yTitle} from ${format(payload.ys[0])} to ${format(payload.ys[last])}`}
      />
      <div className="grid-x-ticks" aria-hidden="true">
        <span>{format(payload.xs[0])}</span>
        <span>{format(payload.xs[last])}</span>
      </div>
      <figcaption className="grid-x-title">{payload.xTitle}</figcaption>
    </figure>
  );
}

export function LatentGridPanel({ model, latentDim, anchorIndex, underlay, onUnderlay }: LatentGridProps) {
  const [size, setSize] = useState(16);
  const [axes, setAxes] = useState<GridAxes>({ kind: 'pca' });
  const boxRef = useRef<HTMLDivElement>(null);
  const onScreen = useOnScreen(boxRef);
  const request = useMemo(() => ({ size, axes: latentDim > 2 ? axes : ({ kind: 'pca' } as const), anchor: anchorIndex }), [size, axes, latentDim, anchorIndex]);
  const result = useView('latentGrid', request, onScreen);
  const payload = result?.status === 'ready' ? result.payload : null;
  const dims = Array.from({ length: latentDim }, (_, i) => i);
  return (
    <Card id="latent-grid" title="Latent grid" subtitle="What the decoder makes of every point of the latent plane" region testId="latent-grid">
      <div ref={boxRef} className="latent-grid">
        {result?.status === 'notApplicable' ? (
          <p className="hint">{result.reason}</p>
        ) : (
          <>
            <p className="hint">{whatToSee(model)}</p>
            <div className="latent-grid-controls">
              <label className="slider-label">
                <span>
                  Grid size = <span className="readout">{size}</span>
                </span>
                <input type="range" aria-label="Grid size" {...SIZE_RANGE} step={1} value={size} onChange={(event) => setSize(Number(event.target.value))} />
              </label>
              {latentDim > 2 && (
                <label className="choice">
                  <span>Grid axes</span>
                  <select
                    aria-label="Grid axes"
                    value={axes.kind === 'pca' ? 'pca' : `${axes.x},${axes.y}`}
                    onChange={(event) => {
                      const value = event.target.value;
                      if (value === 'pca') setAxes({ kind: 'pca' });
                      else {
                        const [x, y] = value.split(',').map(Number);
                        setAxes({ kind: 'dims', x, y });
                      }
                    }}
                  >
                    <option value="pca">The scatter’s two PCA axes</option>
                    {dims.slice(1).map((y) => (
                      <option key={y} value={`0,${y}`}>{`z₁ and z${y + 1}`}</option>
                    ))}
                  </select>
                </label>
              )}
              <label className="toggle">
                <input type="checkbox" checked={underlay} onChange={(event) => onUnderlay(event.target.checked)} disabled={payload !== null && !payload.matchesScatter} />
                <span>Lay it under the scatter</span>
              </label>
            </div>
            {latentDim > 2 && <p className="hint">The other {latentDim - 2} dimensions are held at test image #{anchorIndex}’s code (the ELBO panel’s image).</p>}
            {payload ? <GridPicture payload={payload} /> : <p className="hint">The grid appears with the next snapshot.</p>}
          </>
        )}
      </div>
    </Card>
  );
}
