/**
 * Draw a digit: a pad whose drawing is preprocessed as MNIST was and encoded live. It shows what the encoder sees,
 * the reconstruction and the objective terms; its code is marked on the latent scatter, and it can stand in as an
 * interpolation endpoint or the ELBO panel's digit.
 */
import { useEffect, useRef } from 'react';
import { Card } from '../../components/Card';
import { DigitImage } from '../../components/DigitImage';
import { formatNats } from '../../components/format';
import { MODEL_FAMILIES } from '../../ml/models/family';
import { LatestOnly } from '../../state/latestOnly';
import { useOnScreen } from '../../state/useView';
import type { ModelKind } from '../../worker/protocol';
import { MODEL_TEXT } from '../modelText';
import { DrawingPad, PAD_SIDE, type DrawingPadHandle } from './DrawingPad';
import { useDrawnDigit } from './useDrawnDigit';
import './DrawDigit.css';

export type DrawnRole = 'elbo' | 'interpolationA' | 'interpolationB';

export interface DrawDigitProps {
  model: ModelKind;
  /** The worker holds a drawing. */
  hasDrawing: boolean;
  /** The roles the drawn digit plays now. */
  roles: DrawnRole[];
  /** Sends the pad's ink (null: cleared); resolves once the worker took it. */
  onDrawing(ink: Uint8Array | null, width: number, height: number): Promise<void>;
  /** Toggles the drawn digit in `role` (it stands in for the role's test digit until toggled off). */
  onUseAs(role: DrawnRole): void;
}

const ROLE_BUTTONS: [DrawnRole, string][] = [
  ['interpolationA', 'Use drawn digit as A'],
  ['interpolationB', 'Use drawn digit as B'],
  ['elbo', 'Use drawn digit in the ELBO panel'],
];

/** "(0.52, −1.30)" for a short code; its first values and its size for a long one. */
function formatCode(code: Float32Array): string {
  const shown = Array.from(code.subarray(0, 4), (v) => v.toFixed(2).replace('-', '−')).join(', ');
  return code.length <= 4 ? `(${shown})` : `(${shown}, …) — ${code.length} numbers`;
}

export function DrawDigitPanel({ model, hasDrawing, roles, onDrawing, onUseAs }: DrawDigitProps) {
  const boxRef = useRef<HTMLDivElement>(null);
  const padRef = useRef<DrawingPadHandle>(null);
  const onScreen = useOnScreen(boxRef);
  const drawn = useDrawnDigit(hasDrawing, onScreen);
  // One drawing in flight, only the newest waiting (made per mount: StrictMode mounts twice).
  const senderRef = useRef<LatestOnly<Uint8Array, void> | null>(null);
  const onDrawingRef = useRef(onDrawing);
  useEffect(() => {
    onDrawingRef.current = onDrawing;
  });
  useEffect(() => {
    const sender = new LatestOnly<Uint8Array, void>((ink) => onDrawingRef.current(ink, PAD_SIDE, PAD_SIDE), () => undefined);
    senderRef.current = sender;
    return () => sender.close();
  }, []);
  const family = MODEL_FAMILIES[model];
  const clear = () => {
    padRef.current?.clear();
    senderRef.current?.cancel();
    void onDrawing(null, 0, 0);
  };
  const terms = drawn?.terms;
  return (
    <Card id="draw-digit" title="Draw a digit" subtitle="Your own digit, preprocessed as MNIST was, through the model live" region testId="draw-digit">
      <div ref={boxRef} className="draw-digit">
        <p className="hint">{MODEL_TEXT[model].explore.draw}</p>
        <div className="draw-digit-main">
          <div className="draw-digit-pad">
            <DrawingPad ref={padRef} onInk={(ink) => senderRef.current?.request(ink)} />
            <button type="button" onClick={clear}>
              Clear
            </button>
          </div>
          <div className="draw-digit-result">
            <div className="draw-digit-images">
              <figure>
                <DigitImage pixels={drawn?.input ?? null} size={84} label="Your digit as the encoder sees it (28 × 28, centred like MNIST)" testId="drawn-input" />
                <figcaption>what the encoder sees</figcaption>
              </figure>
              <figure>
                <DigitImage pixels={drawn?.reconstruction ?? null} size={84} label={`Reconstruction of your digit, decoded from ${family.decodedFrom}`} testId="drawn-reconstruction" />
                <figcaption>decoded from {family.decodedFrom}</figcaption>
              </figure>
            </div>
            {drawn && terms ? (
              <dl className="draw-digit-terms">
                <div>
                  <dt>reconstruction −log p(x|x̂)</dt>
                  <dd data-testid="drawn-rec" data-value={terms.recNll}>{formatNats(terms.recNll)} nats</dd>
                </div>
                {terms.kl !== null && (
                  <div>
                    <dt>KL(q(z|x) ‖ p(z))</dt>
                    <dd data-testid="drawn-kl" data-value={terms.kl}>{formatNats(terms.kl)} nats</dd>
                  </div>
                )}
                {terms.elbo !== null && (
                  <div>
                    <dt>ELBO</dt>
                    <dd data-testid="drawn-elbo" data-value={terms.elbo}>{formatNats(terms.elbo)} nats</dd>
                  </div>
                )}
                {drawn.position && (
                  <div>
                    <dt>code {family.codeSymbol}</dt>
                    <dd>{formatCode(drawn.code)}</dd>
                  </div>
                )}
              </dl>
            ) : (
              <p className="hint">{hasDrawing ? 'Encoding…' : 'Draw a digit in the box: it is encoded as you draw.'}</p>
            )}
          </div>
        </div>
        <div className="draw-digit-actions">
          {ROLE_BUTTONS.map(([role, label]) => (
            <button key={role} type="button" onClick={() => onUseAs(role)} disabled={!drawn} aria-pressed={roles.includes(role)}>
              {label}
            </button>
          ))}
        </div>
      </div>
    </Card>
  );
}
