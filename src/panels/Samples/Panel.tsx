/** New images from the model's sampler, from the same fixed draws at every step: training changes the pictures, not the draws. */
import { useRef } from 'react';
import { Card } from '../../components/Card';
import { SaveImagesButton } from '../../components/SaveImagesButton';
import { DigitImage } from '../../components/DigitImage';
import { SAMPLE_COUNT } from '../../worker/protocol';
import type { ModelKind } from '../../worker/protocol';
import { MODEL_TEXT } from '../modelText';

export interface SamplesProps {
  model: ModelKind;
  /** SAMPLE_COUNT × 784 probabilities from the latest snapshot. */
  samples: Float32Array | null;
}

const SAMPLE_SLOTS = Array.from({ length: SAMPLE_COUNT }, (_, k) => k);

export function SamplesPanel({ model, samples }: SamplesProps) {
  const strip = useRef<HTMLOListElement>(null);
  return (
    <Card id="samples" title="Samples" subtitle={MODEL_TEXT[model].samplesCaption} testId="samples" actions={<SaveImagesButton container={strip} columns={5} title="Samples" />}>
      <ol ref={strip} className="digit-strip sample-grid">
        {SAMPLE_SLOTS.map((k) => (
          <li key={k}>
            <DigitImage pixels={samples} index={k} size={72} fluid label={`Sample ${k + 1}`} />
          </li>
        ))}
      </ol>
    </Card>
  );
}
