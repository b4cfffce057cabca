/** New images from the model's sampler, from the same fixed draws at every step: training changes the pictures, not the draws. */
import { Card } from '../../components/Card';
import { DigitImage } from '../../components/DigitImage';
import { SAMPLE_COUNT } from '../../worker/protocol';
import type { ModelKind } from '../../worker/protocol';

export interface SamplesProps {
  model: ModelKind;
  /** SAMPLE_COUNT × 784 probabilities from the latest snapshot. */
  samples: Float32Array | null;
}

const SAMPLE_SLOTS = Array.from({ length: SAMPLE_COUNT }, (_, k) => k);

const NO_PRIOR = 'an AE has no prior: decoding z ~ N(0, I) gives garbage — that’s why we need a VAE';

/** What the sampler draws, and why the pictures look the way they do. */
export const SAMPLE_CAPTIONS: Record<ModelKind, string> = {
  ae: `Decoded from ten draws z ~ N(0, I): ${NO_PRIOR}.`,
  dae: `Decoded from ten draws z ~ N(0, I): a denoising AE has no prior either — ${NO_PRIOR}.`,
  mae: `Decoded from ten draws z ~ N(0, I): a masked AE has no prior either — ${NO_PRIOR}.`,
  vae: 'Decoded from the same ten draws z ~ N(0, I) at every step: the prior is the generator.',
  vqvae: 'Codes drawn independently per position from their empirical frequencies — the paper fits a PixelCNN prior over the code grid instead.',
};

export function SamplesPanel({ model, samples }: SamplesProps) {
  return (
    <Card id="samples" title="Samples" subtitle={SAMPLE_CAPTIONS[model]} testId="samples">
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
