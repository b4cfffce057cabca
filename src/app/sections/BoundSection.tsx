/** The ELBO and the bound: where the loss comes from, with live numbers for one digit. */
import { DATASETS } from '../../ml/data/datasets';
import { useDrawnDigit } from '../../panels/DrawDigit/useDrawnDigit';
import { ElboDerivationPanel } from '../../panels/ElboDerivation/Panel';
import { currentTermWeights } from '../../state/labState';
import { anotherProbe } from '../../state/probes';
import type { LabView } from '../labView';
import { Section } from './Section';

export function BoundSection({ view }: { view: LabView }) {
  const { model, data, snapshot, store, state, probes } = view;
  const elboDrawn = view.anchor === 'drawn';
  const drawn = useDrawnDigit(view.state.hasDrawing, elboDrawn);
  const pickAnotherDigit = () => {
    if (data && probes) store.setProbes({ elboIndex: anotherProbe(probes.elboIndex, data.probeLabels.length, Math.random()) });
  };
  return (
    <Section id="bound" title="The objective and the bound">
      <ElboDerivationPanel
        model={model}
        likelihood={state.settings.models[model].likelihood}
        item={DATASETS[state.settings.dataset].item}
        weights={currentTermWeights(state)}
        digit={snapshot?.digit ?? null}
        probeImages={data?.probeImages ?? null}
        probeLabels={data?.probeLabels ?? null}
        classNames={view.classNames}
        selectedIndex={probes?.elboIndex ?? null}
        drawnImage={elboDrawn ? (drawn?.input ?? null) : null}
        onAnotherDigit={pickAnotherDigit}
      />
    </Section>
  );
}
