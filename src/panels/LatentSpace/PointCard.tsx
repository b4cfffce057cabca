/** The hover card of one test digit on the scatter (paused): the input and its reconstruction. */
import { DigitImage } from '../../components/DigitImage';
import { MODEL_FAMILIES } from '../../ml/models/family';
import type { ModelKind } from '../../worker/protocol';
import styles from './LatentSpace.module.css';

export interface HoverCard {
  probeIndex: number;
  left: number;
  top: number;
  reconstruction: Float32Array | null;
}

export const CARD_WIDTH = 190;
export const CARD_HEIGHT = 130;

export function PointCard({ card, model, probeImages, className }: { card: HoverCard; model: ModelKind; probeImages: Uint8Array | null; className: string }) {
  const decodedFrom = MODEL_FAMILIES[model].decodedFrom;
  return (
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
          {card.reconstruction ? <DigitImage pixels={card.reconstruction} size={72} label={`reconstruction decoded from ${decodedFrom}`} /> : <div className={styles.pending} />}
          <figcaption>decoded {decodedFrom}</figcaption>
        </figure>
      </div>
    </div>
  );
}
