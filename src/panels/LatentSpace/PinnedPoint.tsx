/** A point pinned on the scatter: its decoded image, where it is, and buttons to use it as an interpolation endpoint. */
import { DigitImage } from '../../components/DigitImage';
import { decodedAtLabel, type ProbedPoint } from './ProbeLayer';
import styles from './LatentSpace.module.css';

export interface PinnedPointProps {
  pin: ProbedPoint;
  axisNames: [string, string];
  onUse(role: 'interpolationA' | 'interpolationB'): void;
  onUnpin(): void;
}

export function PinnedPoint({ pin, axisNames, onUse, onUnpin }: PinnedPointProps) {
  const label = decodedAtLabel(axisNames, pin.x, pin.y);
  return (
    <div className={styles.pinned} role="group" aria-label="Pinned point">
      <DigitImage pixels={pin.pixels} size={56} label={`${label} (pinned)`} />
      <span className={styles.pinnedText}>
        Pinned: {label.replace('Decoded at ', '')}
      </span>
      <button type="button" onClick={() => onUse('interpolationA')}>
        Use pinned point as A
      </button>
      <button type="button" onClick={() => onUse('interpolationB')}>
        Use pinned point as B
      </button>
      <button type="button" onClick={onUnpin}>
        Unpin
      </button>
    </div>
  );
}
