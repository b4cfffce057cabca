/**
 * Latent traversals (Higgins et al. 2017): a slider per latent dimension around a chosen digit's code, and for each
 * a strip decoded along that dimension with the others held at the sliders' point. Live while training.
 */
import { useMemo, useRef, useState } from 'react';
import { Card } from '../../components/Card';
import { DigitImage } from '../../components/DigitImage';
import { useOnScreen, useView } from '../../state/useView';
import type { ModelKind, ProbeRef } from '../../worker/protocol';
import { MODEL_TEXT } from '../modelText';
import { Strip } from './Strip';
import './Traversals.css';

export interface TraversalsProps {
  model: ModelKind;
  /** The digit whose code the sliders start from (the ELBO panel's, maybe the drawn one). */
  anchor: ProbeRef;
}

const STEPS = 9;
/** Dimensions shown before "Show all". */
const FIRST_SHOWN = 8;
/** Slider positions across a dimension's range. */
const SLIDER_STEPS = 120;

/** No slider moved yet (one object, so the request stays the same between renders). */
const UNMOVED: Record<number, number> = {};

const SUBSCRIPTS = '₀₁₂₃₄₅₆₇₈₉';
const subscript = (n: number) => String(n).replace(/\d/g, (d) => SUBSCRIPTS[Number(d)]);
const format = (v: number) => v.toFixed(2).replace('-', '−');

export function TraversalsPanel({ model, anchor }: TraversalsProps) {
  const boxRef = useRef<HTMLDivElement>(null);
  const onScreen = useOnScreen(boxRef);
  const [moved, setMoved] = useState<{ key: string; values: Record<number, number> }>({ key: '', values: {} });
  const [showAll, setShowAll] = useState(false);
  const key = `${model}:${anchor}`;
  // The sliders start again from the digit's code when the digit or the model changes.
  const values = moved.key === key ? moved.values : UNMOVED;
  const request = useMemo(
    () => ({ anchor, values: Object.entries(values).map(([d, v]) => [Number(d), v] as [number, number]), steps: STEPS }),
    [anchor, values],
  );
  const result = useView('traversals', request, onScreen);
  const payload = result?.status === 'ready' ? result.payload : null;
  const setValue = (dim: number, value: number) => setMoved({ key, values: { ...values, [dim]: value } });
  const anchorName = anchor === 'drawn' ? 'your drawn digit' : `test image #${anchor}`;
  const shown = payload ? (showAll ? payload.dims : payload.dims.slice(0, FIRST_SHOWN)) : [];
  return (
    <Card id="traversals" title="Traversals" subtitle="Move one latent dimension at a time around a digit’s code" region testId="traversals">
      <div ref={boxRef} className="traversals">
        {result?.status === 'notApplicable' ? (
          <p className="hint">{result.reason}</p>
        ) : (
          <>
            <p className="hint">{MODEL_TEXT[model].explore.traversals}</p>
            {payload ? (
              <>
                <div className="traversals-point">
                  <DigitImage pixels={payload.image} size={96} label="Decoded at the sliders’ point" testId="traversal-image" />
                  <div>
                    <p>
                      Starting from {anchorName}’s code (the ELBO panel’s digit){payload.dims.length < payload.dim && `; the ${payload.dims.length} of ${payload.dim} dimensions the codes spread most along`}.
                    </p>
                    <div className="traversals-buttons">
                      <button type="button" onClick={() => setMoved({ key, values: {} })} disabled={Object.keys(values).length === 0}>
                        Back to the digit’s code
                      </button>
                      {payload.dims.length > FIRST_SHOWN && (
                        <button type="button" onClick={() => setShowAll(!showAll)} aria-expanded={showAll}>
                          {showAll ? `Show the first ${FIRST_SHOWN}` : `Show all ${payload.dims.length}`}
                        </button>
                      )}
                    </div>
                  </div>
                </div>
                <ol className="traversal-rows">
                  {shown.map((dim) => {
                    const k = payload.dims.indexOf(dim);
                    const [low, high] = [payload.ranges[2 * k], payload.ranges[2 * k + 1]];
                    const value = values[dim] ?? payload.point[dim];
                    const name = `z${dim + 1}`;
                    return (
                      <li key={dim} className="traversal-row">
                        <label className="traversal-slider">
                          <span>
                            z{subscript(dim + 1)} = <span className="readout">{format(value)}</span>
                          </span>
                          <input
                            type="range"
                            aria-label={name}
                            min={low}
                            max={high}
                            step={(high - low) / SLIDER_STEPS}
                            value={Math.min(high, Math.max(low, value))}
                            onChange={(event) => setValue(dim, Number(event.target.value))}
                          />
                        </label>
                        <Strip
                          images={payload.strips.subarray(k * STEPS * 784, (k + 1) * STEPS * 784)}
                          steps={STEPS}
                          at={(value - low) / (high - low)}
                          label={`Decoded along ${name} from ${format(low)} to ${format(high)}`}
                        />
                      </li>
                    );
                  })}
                </ol>
              </>
            ) : (
              <p className="hint">The traversals appear with the next snapshot.</p>
            )}
          </>
        )}
      </div>
    </Card>
  );
}
