/** The trade-off: what β trades on the rate–distortion plane, what the classic mistakes do, and whether the loss is good. */
import { DATASETS } from '../../ml/data/datasets';
import { LossReferencePanel } from '../../panels/LossReference/Panel';
import { PitfallLabPanel } from '../../panels/PitfallLab/Panel';
import { RateDistortionPanel } from '../../panels/RateDistortion/Panel';
import type { LabView } from '../labView';
import { Section } from './Section';

export function TradeOffSection({ view }: { view: LabView }) {
  const { state, record, snapshot, data, model } = view;
  const own = state.settings.models[model];
  const datasetTitle = DATASETS[state.settings.dataset].title;
  const workerRun = state.worker?.run ?? null;
  const run = workerRun && workerRun.model === model && workerRun.dataset === state.settings.dataset ? workerRun : null;
  return (
    <Section id="trade-off" title="The trade-off: β, mistakes, and what a good loss is">
      <RateDistortionPanel run={run} datasetTitle={datasetTitle} evaluations={record.evaluations} />
      <PitfallLabPanel userStep={view.controls.step} labels={data?.probeLabels ?? null} />
      <LossReferencePanel
        settings={{ dataset: state.settings.dataset, network: own.network, likelihood: own.likelihood, latentDim: own.latentDim, hiddenUnits: own.hiddenUnits, batchSize: own.batchSize, learningRate: own.learningRate, beta: own.beta }}
        datasetTitle={datasetTitle}
        evaluations={record.evaluations}
        epoch={snapshot?.epoch ?? null}
        isVae={model === 'vae'}
      />
    </Section>
  );
}
