/** What the model makes: reconstructions, samples from its sampler, and a VQ-VAE's codebook use. */
import { MODEL_FAMILIES } from '../../ml/models/family';
import { CodebookPanel } from '../../panels/Codebook/Panel';
import { ReconstructionsPanel } from '../../panels/Reconstructions/Panel';
import { SamplesPanel } from '../../panels/Samples/Panel';
import type { LabView } from '../labView';
import { Section } from './Section';

export function OutputsSection({ view }: { view: LabView }) {
  const { model, data, snapshot } = view;
  return (
    <Section id="outputs" title="What the model makes">
      <ReconstructionsPanel
        model={model}
        probeImages={data?.probeImages ?? null}
        indices={data?.reconstructionIndices ?? []}
        inputs={snapshot?.reconstructionInputs ?? null}
        hidden={snapshot?.reconstructionHidden ?? null}
        reconstructions={snapshot?.reconstructions ?? null}
      />
      <SamplesPanel model={model} samples={snapshot?.samples ?? null} />
      {MODEL_FAMILIES[model].latent === 'codebook' && <CodebookPanel codebook={snapshot?.codebook ?? null} />}
    </Section>
  );
}
