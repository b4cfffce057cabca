/** One line of run facts pinned to the bottom: model, backend, step, epoch, speed, test loss, data still arriving. */
import { formatCount, formatNats } from '../../components/format';
import type { BackendEvent, ModelKind, Snapshot, TestEvaluation } from '../../worker/protocol';
import './StatusBar.css';

export interface StatusBarProps {
  /** e.g. "VAE / β-VAE on MNIST". */
  runTitle: string;
  model: ModelKind;
  snapshot: Snapshot | null;
  /** Step when no snapshot is at hand (before the first, or just after a reset). */
  step: number;
  running: boolean;
  backend: BackendEvent | null;
  latestEvaluation: TestEvaluation | null;
  /** Training shards are still arriving. */
  loadingTrain: boolean;
}

/** "test −ELBO 123.4 nats" for the VAE; the test reconstruction NLL for the other models. */
function testLossText(model: ModelKind, evaluation: TestEvaluation | null): string {
  const current = evaluation?.model === model ? evaluation : null;
  if (model === 'vae') return `test −ELBO ${current ? `${formatNats(current.negElboNats)} nats` : '—'}`;
  return `test −log p(x|x̂) ${current ? `${formatNats(current.terms.rec)} nats` : '—'}`;
}

export function StatusBarPanel({ runTitle, model, snapshot, step, running, backend, latestEvaluation, loadingTrain }: StatusBarProps) {
  const backendName = snapshot?.backend ?? backend?.backend ?? '…';
  const epoch = snapshot?.epoch ?? 0;
  const samplesPerSecond = snapshot?.samplesPerSecond ?? 0;
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
        data-samples-per-second={Math.round(samplesPerSecond)}
        data-running={String(running)}
        data-model={model}
      >
        <span className={running ? 'run-dot running' : 'run-dot'} aria-hidden="true" />
        <span>{running ? 'Training' : 'Paused'}</span>
        <span className="status-item">{runTitle}</span>
        <span className="status-item" title={backend?.reason ?? 'Choosing a backend…'}>
          Backend <strong>{backendName}</strong>
        </span>
        <span className="status-item">Step {formatCount(snapshot?.step ?? step)}</span>
        <span className="status-item epoch">
          Epoch {epoch.toFixed(2)}
          <progress max={1} value={snapshot?.epochFraction ?? 0} aria-label="Progress through this epoch" />
        </span>
        <span className="status-item">{formatCount(samplesPerSecond)} samples/s</span>
        <span className="status-item">{testLossText(model, latestEvaluation)}</span>
        {loadingTrain && snapshot && (
          <span className="status-item">{formatCount(snapshot.trainImagesAvailable)} training images loaded</span>
        )}
      </div>
    </footer>
  );
}
