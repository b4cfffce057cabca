/** The page: header, controls, notices, the panel grid and the status bar, wired to the lab store. */
import { Card } from '../components/Card';
import { LatentSpace } from '../panels/LatentSpace/LatentSpace';
import { LossBreakdown } from '../panels/LossBreakdown/LossBreakdown';
import { ControlsPanel } from '../panels/Controls/Panel';
import { ElboDerivationPanel } from '../panels/ElboDerivation/Panel';
import { InterpolationPanel } from '../panels/Interpolation/Panel';
import { ReconstructionsPanel } from '../panels/Reconstructions/Panel';
import { SamplesPanel } from '../panels/Samples/Panel';
import { StatusBarPanel } from '../panels/StatusBar/Panel';
import { anotherProbe, randomPair } from '../state/probes';
import { useLab } from '../state/useLab';
import { DivergenceAlert, ErrorAlert, LoadingNotice, UrlNotes } from './Notices';

export function App() {
  const { state, store } = useLab();
  const { settings, data, probes, snapshot, load, error } = state;
  const ready = data !== null;
  const trainShardsArriving = load !== null && load.loadedBytes < load.totalBytes;
  const loading = (!ready || trainShardsArriving) && error?.source !== 'data';
  const endpoints: [number, number] | null = probes ? [probes.interpolationA, probes.interpolationB] : null;
  const classNames = data?.classNames ?? [];

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
          Train a variational autoencoder on handwritten digits, live in your browser — and watch the latent space, the two
          loss terms and the ELBO respond.
        </p>
      </header>
      <ControlsPanel
        settings={settings}
        running={state.running}
        ready={ready}
        pending={state.pendingArchitecture}
        onToggleTraining={store.toggleTraining}
        onStep={store.step}
        onReset={store.reset}
        onHyper={store.setHyper}
        onArchitecture={store.requestArchitecture}
        onConfirmArchitecture={store.confirmArchitecture}
        onCancelArchitecture={store.cancelArchitecture}
      />
      <div className="notices">
        {loading && <LoadingNotice load={load} />}
        {error && <ErrorAlert error={error} onRetry={store.retryData} />}
        {state.diverged && (
          <DivergenceAlert
            diverged={state.diverged}
            learningRate={settings.learningRate}
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
        <Card id="latent" title="Latent space" subtitle="Where the encoder puts 2,000 test digits: the mean μ of q(z|x), coloured by class" className="area-latent">
          <LatentSpace
            latent={snapshot?.latent ?? null}
            labels={data?.probeLabels ?? null}
            probeImages={data?.probeImages ?? null}
            classNames={classNames}
            running={state.running}
            endpoints={endpoints ?? [0, 1]}
            onPickEndpoints={([interpolationA, interpolationB]) => store.setProbes({ interpolationA, interpolationB })}
            reconstruct={store.reconstructProbe}
          />
        </Card>
        <Card id="loss" title="Loss breakdown" subtitle="−ELBO = reconstruction + β·KL, in nats per image" className="area-loss">
          <LossBreakdown history={state.history} evaluations={state.evaluations} beta={settings.beta} />
        </Card>
        <ElboDerivationPanel
          elbo={snapshot?.elbo ?? null}
          probeImages={data?.probeImages ?? null}
          probeLabels={data?.probeLabels ?? null}
          classNames={classNames}
          selectedIndex={probes?.elboIndex ?? null}
          onAnotherDigit={pickAnotherDigit}
        />
        <div className="panel-stack">
          <InterpolationPanel
            probeImages={data?.probeImages ?? null}
            probeLabels={data?.probeLabels ?? null}
            classNames={classNames}
            endpoints={endpoints}
            frames={snapshot?.interpolationFrames ?? null}
            modelVersion={snapshot?.step ?? null}
            decode={store.decodeInterpolation}
            onNewPair={pickNewPair}
          />
          <ReconstructionsPanel
            probeImages={data?.probeImages ?? null}
            indices={data?.reconstructionIndices ?? []}
            reconstructions={snapshot?.reconstructions ?? null}
          />
          <SamplesPanel samples={snapshot?.samples ?? null} />
        </div>
      </main>
      <StatusBarPanel
        snapshot={snapshot}
        step={state.step}
        running={state.running}
        backend={state.backend}
        latestEvaluation={state.evaluations.at(-1) ?? null}
        loadingTrain={trainShardsArriving}
      />
    </div>
  );
}
