/** Explore the latent space: the decoded grid, interpolation, a drawn digit, traversals, the prior's holes and the KL per dimension. */
import { MODEL_FAMILIES } from '../../ml/models/family';
import { DrawDigitPanel, type DrawnRole } from '../../panels/DrawDigit/Panel';
import { LatentUsagePanel } from '../../panels/LatentUsage/Panel';
import { PriorHolesPanel } from '../../panels/PriorHoles/Panel';
import { TraversalsPanel } from '../../panels/Traversals/Panel';
import type { LabView } from '../labView';
import { InterpolationView, LatentGridView } from '../panelViews';
import { Section } from './Section';

export function ExploreSection({ view }: { view: LabView }) {
  const { model, store, state } = view;
  const { standIns } = state;
  const drawnRoles = (Object.keys(standIns) as DrawnRole[]).filter((role) => standIns[role]?.kind === 'drawn');
  const toggleDrawn = (role: DrawnRole) => store.setStandIn(role, drawnRoles.includes(role) ? null : { kind: 'drawn' });
  const continuous = MODEL_FAMILIES[model].latent !== 'codebook';
  return (
    <Section id="explore" title="Explore the latent space">
      <LatentGridView view={view} />
      <InterpolationView view={view} />
      <DrawDigitPanel model={model} hasDrawing={state.hasDrawing} roles={drawnRoles} onDrawing={store.setDrawing} onUseAs={toggleDrawn} />
      <TraversalsPanel model={model} anchor={view.anchor} />
      <PriorHolesPanel model={model} contours={state.contours && continuous} onContours={store.setContours} />
      <LatentUsagePanel />
    </Section>
  );
}
