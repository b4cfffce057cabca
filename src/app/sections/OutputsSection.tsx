/** What the model makes: reconstructions, samples from its sampler, and a VQ-VAE's codebook use. */
import { MODEL_FAMILIES } from '../../ml/models/family';
import { CodebookPanel } from '../../panels/Codebook/Panel';
import type { LabView } from '../labView';
import { ReconstructionsView, SamplesView } from '../panelViews';
import { Section } from './Section';

export function OutputsSection({ view }: { view: LabView }) {
  const { model, snapshot } = view;
  return (
    <Section id="outputs" title="What the model makes">
      <ReconstructionsView view={view} />
      <SamplesView view={view} />
      {MODEL_FAMILIES[model].latent === 'codebook' && <CodebookPanel codebook={snapshot?.codebook ?? null} />}
    </Section>
  );
}
