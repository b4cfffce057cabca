/** The first screen: the latent scatter beside the loss chart, visible with Train and the main knob. */
import { Card } from '../../components/Card';
import { LatentSpace } from '../../panels/LatentSpace/LatentSpace';
import { LossBreakdown } from '../../panels/LossBreakdown/LossBreakdown';
import { MODEL_TEXT } from '../../panels/modelText';
import { probeScatter, type LabView } from '../labView';

export function FirstScreen({ view }: { view: LabView }) {
  const { model, snapshot, data, store, record, state } = view;
  return (
    <div className="lab-grid first-screen">
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
      <Card id="loss" title="Loss breakdown" subtitle={MODEL_TEXT[model].lossSubtitle} className="area-loss">
        <LossBreakdown history={record.history} evaluations={record.evaluations} model={model} betaAhead={snapshot?.betaAhead ?? null} />
      </Card>
    </div>
  );
}
