/** One line of run facts pinned to the bottom: model, backend, step, epoch, speed, test loss, data still arriving. */
import { formatCount, formatNats } from '../../components/format';
import { hasKl } from '../../ml/models/family';
import type { LabControls } from '../../state/labState';
import type { BackendEvent, ModelKind, Snapshot, TestEvaluation, WorkerPhase } from '../../worker/protocol';
import './StatusBar.css';

export interface StatusBarProps {
  /** e.g. "VAE / β-VAE on MNIST". */
  runTitle: string;
  model: ModelKind;
  snapshot: Snapshot | null;
  /** The worker's phase and the active run's step. */
  controls: LabControls;
  backend: BackendEvent | null;
  latestEvaluation: TestEvaluation | null;
  /** Training images arrived so far while shards are still arriving (null once all are in). */
  trainImagesArriving: number | null;
}

const PHASE_TEXT: Record<WorkerPhase, string> = {
  loading: 'Loading',
  ready: 'Paused',
  training: 'Training',
  stepping: 'Stepping',
  failed: 'Stopped by an error',
};

/** "test −ELBO 123.4 nats" for the VAE; the test reconstruction NLL for the other models. */
function testLossText(model: ModelKind, evaluation: TestEvaluation | null): string {
  const current = evaluation?.model === model ? evaluation : null;
  if (hasKl(model)) return `test −ELBO ${current ? `${formatNats(current.negElboNats)} nats` : '—'}`;
  return `test −log p(x|x̂) ${current ? `${formatNats(current.terms.rec)} nats` : '—'}`;
}

/** The number testLossText shows, or null. */
function testLossValue(model: ModelKind, evaluation: TestEvaluation | null): number | null {
  if (evaluation?.model !== model) return null;
  return (hasKl(model) ? evaluation.negElboNats : evaluation.terms.rec) ?? null;
}

/** "5.80 bits/dim" of the latest test evaluation for this model. */
function bitsPerDimText(model: ModelKind, evaluation: TestEvaluation | null): string {
  const current = evaluation?.model === model ? evaluation : null;
  return `${current ? current.bitsPerDim.toFixed(2) : '—'} bits/dim`;
}

export function StatusBarPanel({ runTitle, model, snapshot, controls, backend, latestEvaluation, trainImagesArriving }: StatusBarProps) {
  const { step, training } = controls;
  const backendName = snapshot?.backend ?? backend?.backend ?? '…';
  const epoch = snapshot?.epoch ?? 0;
  // Only while training: a failure, a recovery or a switch back to a run leaves the last snapshot's rate behind.
  const samplesPerSecond = training ? (snapshot?.samplesPerSecond ?? null) : null;
  return (
    <footer className="status-bar">
      {/* Live region off: the numbers change many times a second; screen readers read the bar on demand. */}
      <div
        role="status"
        aria-live="off"
        className="status-items"
        data-step={snapshot?.step ?? step}
        data-backend={backendName}
        data-tensors={snapshot?.tensorCount ?? ''}
        data-samples-per-second={samplesPerSecond === null ? '' : Math.round(samplesPerSecond)}
        data-running={String(training)}
        data-phase={controls.phase}
        data-model={model}
      >
        <span className={training ? 'run-dot running' : 'run-dot'} aria-hidden="true" />
        <span>{PHASE_TEXT[controls.phase]}{controls.waitingFor ? ` (waiting for ${controls.waitingFor})` : ''}</span>
        <span className="status-item">{runTitle}</span>
        <span className="status-item" title={backend?.reason ?? 'Choosing a backend…'}>
          Backend <strong>{backendName}</strong>
        </span>
        <span className="status-item">Step {formatCount(snapshot?.step ?? step)}</span>
        <span className="status-item epoch">
          Epoch {epoch.toFixed(2)}
          <progress max={1} value={snapshot?.epochFraction ?? 0} aria-label="Progress through this epoch" />
        </span>
        <span className="status-item" title="Training speed over the last few seconds; measured only while training">
          {samplesPerSecond === null ? '—' : formatCount(samplesPerSecond)} samples/s
        </span>
        <span
          className="status-item"
          data-testid="test-loss"
          data-value={testLossValue(model, latestEvaluation) ?? undefined}
          data-step={latestEvaluation?.model === model ? latestEvaluation.step : undefined}
          title={latestEvaluation?.model === model ? `Over the whole test set, at step ${formatCount(latestEvaluation.step)}` : 'Measured on the test set at the end of each epoch'}
        >
          {testLossText(model, latestEvaluation)}
        </span>
        <span
          className="status-item"
          data-testid="bits-per-dim"
          title="Bits per pixel of the 8-bit test images under the model (a discretised likelihood): the one loss figure that compares across likelihoods and with published results. Lower is better."
        >
          {bitsPerDimText(model, latestEvaluation)}
        </span>
        {trainImagesArriving !== null && <span className="status-item">{formatCount(trainImagesArriving)} training images loaded</span>}
      </div>
    </footer>
  );
}
