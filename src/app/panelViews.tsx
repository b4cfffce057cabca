/**
 * The panels an embed can show, each as a component of the lab's view, and the registry from panel id to
 * component. The page's sections place the same components, so a panel looks the same in both.
 */
import type { ComponentType } from 'react';
import { Card } from '../components/Card';
import { DATASETS } from '../ml/data/datasets';
import { interpolationKinds } from '../ml/models/family';
import { useDrawnDigit } from '../panels/DrawDigit/useDrawnDigit';
import { ElboDerivationPanel } from '../panels/ElboDerivation/Panel';
import { InterpolationPanel } from '../panels/Interpolation/Panel';
import { LatentGridPanel } from '../panels/LatentGrid/Panel';
import { LatentSpace } from '../panels/LatentSpace/LatentSpace';
import { LossBreakdown } from '../panels/LossBreakdown/LossBreakdown';
import { MODEL_TEXT } from '../panels/modelText';
import { ReconstructionsPanel } from '../panels/Reconstructions/Panel';
import { SamplesPanel } from '../panels/Samples/Panel';
import { currentTermWeights } from '../state/labState';
import { anotherProbe, randomPair } from '../state/probes';
import type { EmbeddablePanel } from '../state/settings';
import { latentDimOf, probeScatter, type LabView } from './labView';

export interface PanelViewProps {
  view: LabView;
}

/** Moves the ELBO panel (and the views that share its digit) to another test digit. */
export function pickAnotherDigit({ data, probes, store }: LabView): void {
  if (data && probes) store.setProbes({ elboIndex: anotherProbe(probes.elboIndex, data.probeLabels.length, Math.random()) });
}

export function LatentSpaceCard({ view }: PanelViewProps) {
  const { model, snapshot, data, store, state } = view;
  return (
    <Card id="latent" title="Latent space" subtitle={MODEL_TEXT[model].latentSubtitle} className="area-latent">
      <LatentSpace
        model={model}
        latent={snapshot?.latent ?? null}
        labels={data?.probeLabels ?? null}
        probeImages={data?.probeImages ?? null}
        classNames={view.classNames}
        running={view.controls.training}
        endpoints={view.endpoints ?? [0, 1]}
        onPickEndpoints={([interpolationA, interpolationB]) => store.setProbes({ interpolationA, interpolationB })}
        reconstruct={store.reconstructProbe}
        underlay={state.underlay}
        anchor={view.anchor}
        hasDrawing={state.hasDrawing}
        contours={state.contours}
        probe={probeScatter(view)}
        onUsePoint={(role, z) => store.setStandIn(role, { kind: 'point', z })}
      />
    </Card>
  );
}

export function LossCard({ view }: PanelViewProps) {
  const { model, record, snapshot } = view;
  return (
    <Card id="loss" title="Loss breakdown" subtitle={MODEL_TEXT[model].lossSubtitle} className="area-loss">
      <LossBreakdown history={record.history} evaluations={record.evaluations} model={model} betaAhead={snapshot?.betaAhead ?? null} />
    </Card>
  );
}

export function ElboView({ view }: PanelViewProps) {
  const { model, data, snapshot, state, probes } = view;
  const elboDrawn = view.anchor === 'drawn';
  const drawn = useDrawnDigit(state.hasDrawing, elboDrawn);
  return (
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
      onAnotherDigit={() => pickAnotherDigit(view)}
    />
  );
}

export function LatentGridView({ view }: PanelViewProps) {
  const { model, state, store } = view;
  return <LatentGridPanel model={model} latentDim={latentDimOf(view)} anchor={view.anchor} underlay={state.underlay} onUnderlay={store.setUnderlay} />;
}

export function InterpolationView({ view }: PanelViewProps) {
  const { model, data, snapshot, store, state } = view;
  const { standIns } = state;
  const endpointDrawn = standIns.interpolationA?.kind === 'drawn' || standIns.interpolationB?.kind === 'drawn';
  const drawn = useDrawnDigit(state.hasDrawing, endpointDrawn);
  const paths = interpolationKinds(model);
  const pickNewPair = () => {
    if (!data) return;
    const [interpolationA, interpolationB] = randomPair(data.probeLabels, Math.random);
    store.setProbes({ interpolationA, interpolationB });
  };
  return (
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
  );
}

export function ReconstructionsView({ view }: PanelViewProps) {
  const { model, data, snapshot } = view;
  return (
    <ReconstructionsPanel
      model={model}
      probeImages={data?.probeImages ?? null}
      indices={data?.reconstructionIndices ?? []}
      inputs={snapshot?.reconstructionInputs ?? null}
      hidden={snapshot?.reconstructionHidden ?? null}
      reconstructions={snapshot?.reconstructions ?? null}
    />
  );
}

export function SamplesView({ view }: PanelViewProps) {
  return <SamplesPanel model={view.model} samples={view.snapshot?.samples ?? null} />;
}

/** Panel id (as in `?panels=`) → the component that draws it. */
export const PANEL_VIEWS: Record<EmbeddablePanel, ComponentType<PanelViewProps>> = {
  latent: LatentSpaceCard,
  loss: LossCard,
  elbo: ElboView,
  'latent-grid': LatentGridView,
  interpolation: InterpolationView,
  reconstructions: ReconstructionsView,
  samples: SamplesView,
};
