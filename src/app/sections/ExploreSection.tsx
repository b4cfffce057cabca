/** Explore the latent space: the decoded grid, interpolation, a drawn digit, traversals, the prior's holes and the KL per dimension. */
import { interpolationKinds, MODEL_FAMILIES } from '../../ml/models/family';
import { DrawDigitPanel, type DrawnRole } from '../../panels/DrawDigit/Panel';
import { useDrawnDigit } from '../../panels/DrawDigit/useDrawnDigit';
import { InterpolationPanel } from '../../panels/Interpolation/Panel';
import { LatentGridPanel } from '../../panels/LatentGrid/Panel';
import { LatentUsagePanel } from '../../panels/LatentUsage/Panel';
import { PriorHolesPanel } from '../../panels/PriorHoles/Panel';
import { TraversalsPanel } from '../../panels/Traversals/Panel';
import { randomPair } from '../../state/probes';
import { latentDimOf, type LabView } from '../labView';
import { Section } from './Section';

export function ExploreSection({ view }: { view: LabView }) {
  const { model, data, snapshot, store, state } = view;
  const { standIns } = state;
  const pickNewPair = () => {
    if (!data) return;
    const [interpolationA, interpolationB] = randomPair(data.probeLabels, Math.random);
    store.setProbes({ interpolationA, interpolationB });
  };
  const drawnRoles = (Object.keys(standIns) as DrawnRole[]).filter((role) => standIns[role]?.kind === 'drawn');
  const endpointDrawn = standIns.interpolationA?.kind === 'drawn' || standIns.interpolationB?.kind === 'drawn';
  const drawn = useDrawnDigit(state.hasDrawing, endpointDrawn);
  const paths = interpolationKinds(model);
  const toggleDrawn = (role: DrawnRole) => store.setStandIn(role, drawnRoles.includes(role) ? null : { kind: 'drawn' });
  const continuous = MODEL_FAMILIES[model].latent !== 'codebook';
  return (
    <Section id="explore" title="Explore the latent space">
      <LatentGridPanel model={model} latentDim={latentDimOf(view)} anchor={view.anchor} underlay={state.underlay} onUnderlay={store.setUnderlay} />
      <InterpolationPanel
        model={model}
        probeImages={data?.probeImages ?? null}
        probeLabels={data?.probeLabels ?? null}
        classNames={view.classNames}
        endpoints={view.endpoints}
        standIns={[standIns.interpolationA, standIns.interpolationB]}
        drawnImage={drawn?.input ?? null}
        frames={snapshot?.interpolationFrames ?? null}
        modelVersion={snapshot?.step ?? null}
        decode={store.decodeInterpolation}
        onNewPair={pickNewPair}
        path={paths.includes(state.interpolationPath) ? state.interpolationPath : 'linear'}
        paths={paths}
        onPath={store.setInterpolationPath}
      />
      <DrawDigitPanel model={model} hasDrawing={state.hasDrawing} roles={drawnRoles} onDrawing={store.setDrawing} onUseAs={toggleDrawn} />
      <TraversalsPanel model={model} anchor={view.anchor} />
      <PriorHolesPanel model={model} contours={state.contours && continuous} onContours={store.setContours} />
      <LatentUsagePanel />
    </Section>
  );
}
