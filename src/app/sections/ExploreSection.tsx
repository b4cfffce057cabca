/** Explore the latent space: the decoded grid and the interpolation between two digits. */
import { InterpolationPanel } from '../../panels/Interpolation/Panel';
import { LatentGridPanel } from '../../panels/LatentGrid/Panel';
import { randomPair } from '../../state/probes';
import { latentDimOf, type LabView } from '../labView';
import { Section } from './Section';

export function ExploreSection({ view }: { view: LabView }) {
  const { model, data, snapshot, store, state } = view;
  const pickNewPair = () => {
    if (!data) return;
    const [interpolationA, interpolationB] = randomPair(data.probeLabels, Math.random);
    store.setProbes({ interpolationA, interpolationB });
  };
  return (
    <Section id="explore" title="Explore the latent space">
      <LatentGridPanel model={model} latentDim={latentDimOf(view)} anchorIndex={view.probes?.elboIndex ?? 0} underlay={state.underlay} onUnderlay={store.setUnderlay} />
      <InterpolationPanel
        model={model}
        probeImages={data?.probeImages ?? null}
        probeLabels={data?.probeLabels ?? null}
        classNames={view.classNames}
        endpoints={view.endpoints}
        frames={snapshot?.interpolationFrames ?? null}
        modelVersion={snapshot?.step ?? null}
        decode={store.decodeInterpolation}
        onNewPair={pickNewPair}
      />
    </Section>
  );
}
