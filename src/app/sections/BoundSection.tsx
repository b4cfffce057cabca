/** The ELBO and the bound: where the loss comes from, with live numbers for one digit, and how tight the bound is. */
import { DATASETS } from '../../ml/data/datasets';
import { AmortisationGapPanel } from '../../panels/AmortisationGap/Panel';
import { BoundLadderPanel } from '../../panels/BoundLadder/Panel';
import type { DigitChoice } from '../../panels/BoundViews/shared';
import { GradientVariancePanel } from '../../panels/GradientVariance/Panel';
import { TruePosteriorPanel } from '../../panels/TruePosterior/Panel';
import type { LabView } from '../labView';
import { ElboView, pickAnotherDigit } from '../panelViews';
import { Section } from './Section';

export function BoundSection({ view }: { view: LabView }) {
  const { data, state, probes } = view;
  const digit: DigitChoice = {
    probeImages: data?.probeImages ?? null,
    probeLabels: data?.probeLabels ?? null,
    classNames: view.classNames,
    item: DATASETS[state.settings.dataset].item,
    selectedIndex: probes?.elboIndex ?? null,
    onAnotherDigit: () => pickAnotherDigit(view),
  };
  return (
    <Section id="bound" title="The objective and the bound">
      <ElboView view={view} />
      <TruePosteriorPanel digit={digit} />
      <BoundLadderPanel digit={digit} />
      <AmortisationGapPanel digit={digit} />
      <GradientVariancePanel digit={digit} />
    </Section>
  );
}
