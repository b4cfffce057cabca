/** The page: header, controls, notices, the panel grid and the status bar, wired to the lab store. */
import { Card } from '../components/Card';
import { LatentSpace } from '../panels/LatentSpace/LatentSpace';
import { LossBreakdown } from '../panels/LossBreakdown/LossBreakdown';
import { ControlsPanel } from '../panels/Controls/Panel';
import { ElboDerivationPanel } from '../panels/ElboDerivation/Panel';
import { InterpolationPanel } from '../panels/Interpolation/Panel';
import { CodebookPanel } from '../panels/Codebook/Panel';
import { ReconstructionsPanel } from '../panels/Reconstructions/Panel';
import { SamplesPanel } from '../panels/Samples/Panel';
import { StatusBarPanel } from '../panels/StatusBar/Panel';
import { DATASETS } from '../ml/data/datasets';
import { MODEL_FAMILIES } from '../ml/models/family';
import { activeRecord, currentData, currentTermWeights, labControls } from '../state/labState';
import { anotherProbe, randomPair } from '../state/probes';
import { MODEL_TEXT } from '../panels/modelText';
import { useLab } from '../state/useLab';
import { DivergenceAlert, ErrorAlert, FailureAlert, LoadingNotice, UrlNotes } from './Notices';

export function App() {
  const { state, store } = useLab();
  const { settings, probes, error } = state;
  const { model } = settings;
  const data = currentData(state);
  const record = activeRecord(state);
  const controls = labControls(state);
  const snapshot = record.snapshot;
  const datasetTitle = DATASETS[settings.dataset].title;
  const load = state.loads[settings.dataset] ?? null;
  const trainShardsArriving = load !== null && load.loadedBytes < load.totalBytes;
  const loading = (controls.phase === 'loading' || trainShardsArriving) && error?.source !== 'data';
  const endpoints: [number, number] | null = probes ? [probes.interpolationA, probes.interpolationB] : null;
  const classNames = data?.classNames ?? [];
  const workerRun = state.worker?.run ?? null;
  const runTitle = workerRun ? `${MODEL_FAMILIES[workerRun.model].title} on ${DATASETS[workerRun.dataset].title}` : `Loading ${MODEL_FAMILIES[model].title} on ${datasetTitle}…`;

  const pickAnotherDigit = () => {
    if (data && probes) store.setProbes({ elboIndex: anotherProbe(probes.elboIndex, data.probeLabels.length, Math.random()) });
  };
  const pickNewPair = () => {
    if (!data) return;
    const [interpolationA, interpolationB] = randomPair(data.probeLabels, Math.random);
    store.setProbes({ interpolationA, interpolationB });
  };

  return (
    <div className="app">
      <header className="app-header">
        <h1>VAE Lab</h1>
        <p className="pitch">
          Train autoencoders — AE, denoising, masked, VAE / β-VAE, VQ-VAE — live in your browser and watch them learn.
        </p>
      </header>
      <ControlsPanel
        settings={settings}
        controls={controls}
        pending={state.pendingArchitecture}
        onToggleTraining={store.toggleTraining}
        onStep={store.step}
        onReset={store.reset}
        onModel={store.selectModel}
        onDataset={store.selectDataset}
        onHyper={store.setHyper}
        onArchitecture={store.requestArchitecture}
        onConfirmArchitecture={store.confirmArchitecture}
        onCancelArchitecture={store.cancelArchitecture}
      />
      <div className="notices">
        {loading && <LoadingNotice load={load} title={datasetTitle} waitingFor={controls.waitingFor} />}
        {error && <ErrorAlert error={error} onRetry={store.retry} />}
        {state.failure && <FailureAlert message={state.failure} onDismiss={store.dismissFailure} />}
        {state.diverged && (
          <DivergenceAlert
            diverged={state.diverged}
            learningRate={settings.models[model].learningRate}
            onLowerLearningRate={(learningRate) => {
              store.setHyper({ learningRate });
              store.dismissDivergence();
            }}
            onDismiss={store.dismissDivergence}
          />
        )}
        {state.urlNotes.length > 0 && <UrlNotes notes={state.urlNotes} onDismiss={store.dismissUrlNotes} />}
      </div>
      <main className="lab-grid">
        <Card id="latent" title="Latent space" subtitle={MODEL_TEXT[model].latentSubtitle} className="area-latent">
          <LatentSpace
            model={model}
            latent={snapshot?.latent ?? null}
            labels={data?.probeLabels ?? null}
            probeImages={data?.probeImages ?? null}
            classNames={classNames}
            running={controls.training}
            endpoints={endpoints ?? [0, 1]}
            onPickEndpoints={([interpolationA, interpolationB]) => store.setProbes({ interpolationA, interpolationB })}
            reconstruct={store.reconstructProbe}
          />
        </Card>
        <Card id="loss" title="Loss breakdown" subtitle={MODEL_TEXT[model].lossSubtitle} className="area-loss">
          <LossBreakdown history={record.history} evaluations={record.evaluations} model={model} betaAhead={snapshot?.betaAhead ?? null} />
        </Card>
        <ElboDerivationPanel
          model={model}
          item={DATASETS[settings.dataset].item}
          weights={currentTermWeights(state)}
          digit={snapshot?.digit ?? null}
          probeImages={data?.probeImages ?? null}
          probeLabels={data?.probeLabels ?? null}
          classNames={classNames}
          selectedIndex={probes?.elboIndex ?? null}
          onAnotherDigit={pickAnotherDigit}
        />
        <div className="panel-stack">
          <InterpolationPanel
            model={model}
            probeImages={data?.probeImages ?? null}
            probeLabels={data?.probeLabels ?? null}
            classNames={classNames}
            endpoints={endpoints}
            frames={snapshot?.interpolationFrames ?? null}
            modelVersion={snapshot?.step ?? null}
            decode={store.decodeInterpolation}
            onNewPair={pickNewPair}
          />
          {MODEL_FAMILIES[model].latent === 'codebook' && <CodebookPanel codebook={snapshot?.codebook ?? null} />}
          <ReconstructionsPanel
            model={model}
            probeImages={data?.probeImages ?? null}
            indices={data?.reconstructionIndices ?? []}
            inputs={snapshot?.reconstructionInputs ?? null}
            reconstructions={snapshot?.reconstructions ?? null}
          />
          <SamplesPanel model={model} samples={snapshot?.samples ?? null} />
        </div>
      </main>
      <StatusBarPanel
        runTitle={runTitle}
        model={model}
        snapshot={snapshot}
        controls={controls}
        backend={state.backend}
        latestEvaluation={record.evaluations.at(-1) ?? null}
        trainImagesArriving={load && trainShardsArriving ? load.trainImages : null}
      />
    </div>
  );
}
