/** New digits: the decoder applied to fixed draws z ~ N(0, I), so training changes the pictures, not the draws. */
import { Card } from '../../components/Card';
import { DigitImage } from '../../components/DigitImage';
import { SAMPLE_COUNT } from '../../worker/protocol';

export interface SamplesProps {
  /** SAMPLE_COUNT × 784 probabilities from the latest snapshot. */
  samples: Float32Array | null;
}

const SAMPLE_SLOTS = Array.from({ length: SAMPLE_COUNT }, (_, k) => k);

export function SamplesPanel({ samples }: SamplesProps) {
  return (
    <Card id="samples" title="Samples" subtitle="Decoded from the same ten draws z ~ N(0, I) at every step: the prior is the generator." testId="samples">
      <ol className="digit-strip sample-grid">
        {SAMPLE_SLOTS.map((k) => (
          <li key={k}>
            <DigitImage pixels={samples} index={k} size={72} fluid label={`Sample ${k + 1}`} />
          </li>
        ))}
      </ol>
    </Card>
  );
}
