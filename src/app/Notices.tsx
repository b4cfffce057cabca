/** Messages above the panels: data loading, errors (with Retry), divergence, ignored link values, saved models and the last session. */
import { formatCount, formatMegabytes } from '../components/format';
import { DATASETS } from '../ml/data/datasets';
import { MODEL_FAMILIES } from '../ml/models/family';
import type { LastSession } from '../state/autosave';
import type { LabState, LabStore } from '../state/labStore';
import { suggestLowerLearningRate } from '../state/settings';
import { useState } from 'react';
import type { DeviceLostEvent, DivergedEvent, ErrorEvent, LoadProgressEvent } from '../worker/protocol';
import './Notices.css';

/**
 * Progress of the data download, what the worker waits for, and how many training images have arrived
 * (the same count the status bar shows); indeterminate until the first byte counts arrive.
 */
export function LoadingNotice({ load, title, waitingFor }: { load: LoadProgressEvent | null; title: string; waitingFor: string | null }) {
  const known = load !== null && load.totalBytes > 0;
  const trainImages = load?.trainImages ?? 0;
  return (
    <div className="notice loading-notice">
      <p>
        Loading {title}… {known && `${formatMegabytes(load.loadedBytes)} / ${formatMegabytes(load.totalBytes)} MB`}
        {trainImages > 0 && ` · ${formatCount(trainImages)} training images have arrived, so you can already train on them`}
        {waitingFor && trainImages === 0 && ` · waiting for ${waitingFor}`}
      </p>
      {known ? (
        <progress aria-label="Loading data" max={load.totalBytes} value={load.loadedBytes} />
      ) : (
        <progress aria-label="Loading data" />
      )}
    </div>
  );
}

const SOURCE_TITLES: Record<ErrorEvent['source'], string> = {
  data: 'The data could not be loaded.',
  backend: 'No compute backend could start.',
  training: 'Training stopped with an error.',
};

/** A problem the user must see; data errors that may pass offer "Retry". */
export function ErrorAlert({ error, onRetry }: { error: ErrorEvent; onRetry(): void }) {
  return (
    <div className="notice alert" role="alert">
      <p>
        <strong>{SOURCE_TITLES[error.source]}</strong> {error.message}
        {error.retryable && ' Check the connection and press Retry; if it keeps failing, the site’s data files may be damaged.'}
      </p>
      {error.retryable && (
        <button type="button" className="primary" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}

export interface DivergenceAlertProps {
  diverged: DivergedEvent;
  learningRate: number;
  /** Applies the suggested rate (and dismisses the alert). */
  onLowerLearningRate(rate: number): void;
  onDismiss(): void;
}

/** Says what happened (NaN/∞), what was done (rolled back, paused) and what to change. */
export function DivergenceAlert({ diverged, learningRate, onLowerLearningRate, onDismiss }: DivergenceAlertProps) {
  const suggestion = suggestLowerLearningRate(learningRate);
  return (
    <div className="notice alert" role="alert">
      <p>
        <strong>
          Training diverged at step {diverged.badStep} (the loss became NaN/∞).
        </strong>{' '}
        The weights were rolled back to step {diverged.restoredStep} and training is paused. Try a lower learning rate (e.g. {suggestion}).
      </p>
      <div className="notice-actions">
        {suggestion < learningRate && (
          <button type="button" className="primary" onClick={() => onLowerLearningRate(suggestion)}>
            Use learning rate {suggestion}
          </button>
        )}
        <button type="button" onClick={onDismiss}>
          Dismiss
        </button>
      </div>
    </div>
  );
}

/** "the last 56 steps were lost", "no steps were lost", "the last step was lost". */
function lostStepsText(lost: number): string {
  if (lost <= 0) return 'no steps were lost';
  return lost === 1 ? 'the last step was lost' : `the last ${formatCount(lost)} steps were lost`;
}

/** What happened to the GPU, where training goes on and from which step, and what became of the other models. */
export function deviceLostText(event: DeviceLostEvent): string {
  const active = event.active && event.runs.find(({ run }) => run.dataset === event.active?.dataset && run.model === event.active.model);
  const where = event.backend === event.lostBackend ? `${event.backend} (a new GPU context)` : event.backend;
  const others = event.runs.filter((restored) => restored !== active);
  const parts = ['The graphics processor was reset'];
  if (active) {
    const lost = lostStepsText(active.lostStep - active.restoredStep);
    parts.push(event.training ? `training continues on ${where} from step ${formatCount(active.restoredStep)} (${lost})` : `the model is back on ${where} at step ${formatCount(active.restoredStep)} (${lost})`);
  } else {
    parts.push(`the lab now runs on ${where}`);
  }
  const text = `${parts.join('; ')}.`;
  if (others.length === 0) return text;
  const steps = others.map(({ run, restoredStep }) => `${run.model} on ${run.dataset} at step ${formatCount(restoredStep)}`).join(', ');
  return `${text} Your other models were rebuilt from their last copies: ${steps}.`;
}

/** The GPU was lost and the lab rebuilt its models (see the worker's `recoverIfLost`); dismissing hides this event's notice. */
export function DeviceLostNotice({ event }: { event: DeviceLostEvent }) {
  const [dismissed, setDismissed] = useState<DeviceLostEvent | null>(null);
  if (dismissed === event) return null;
  return (
    <div className="notice alert" role="alert">
      <p>{deviceLostText(event)}</p>
      <div className="notice-actions">
        <button type="button" onClick={() => setDismissed(event)}>
          Dismiss
        </button>
      </div>
    </div>
  );
}

/** Something went wrong outside the worker's own reports (a crashed worker, a rejected call); Retry starts a new worker. */
export function FailureAlert({ message, restartable, onRetry, onDismiss }: { message: string; restartable: boolean; onRetry(): void; onDismiss(): void }) {
  return (
    <div className="notice alert" role="alert">
      <p>
        <strong>The training worker reported a problem.</strong> {message}
        {restartable && ' Retry starts a new worker with the same settings and restores the last autosave if there is one (made every 30 s of training).'}
      </p>
      <div className="notice-actions">
        {restartable && (
          <button type="button" className="primary" onClick={onRetry}>
            Retry
          </button>
        )}
        <button type="button" onClick={onDismiss}>
          Dismiss
        </button>
      </div>
    </div>
  );
}

/** Values in the page's link that were ignored or adjusted. */
export function UrlNotes({ notes, onDismiss }: { notes: string[]; onDismiss(): void }) {
  return (
    <div className="notice url-notes">
      <p>Some settings in this link were not used:</p>
      <ul>
        {notes.map((note, index) => (
          <li key={index}>{note}</li>
        ))}
      </ul>
      <button type="button" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}

/** The outcome of a save, open or load: a status line, or an alert when the file was refused (the model is unchanged). */
export function ModelNotice({ notice, onDismiss }: { notice: { tone: 'done' | 'refused'; text: string }; onDismiss(): void }) {
  const refused = notice.tone === 'refused';
  return (
    <div className={refused ? 'notice alert' : 'notice'} role={refused ? 'alert' : 'status'} data-testid="model-notice">
      <p>{notice.text}</p>
      <button type="button" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}

/** "Restore your last session (VAE / β-VAE on MNIST, step 2,345, 3 min ago)": the autosave, offered when the page opens. */
export function LastSessionOffer({ session, busy, onRestore, onDismiss }: { session: LastSession; busy: boolean; onRestore(): void; onDismiss(): void }) {
  const what = `${MODEL_FAMILIES[session.model].title} on ${DATASETS[session.dataset].title}, step ${session.step.toLocaleString('en-US')}, ${session.ago}`;
  return (
    <div className="notice" role="status" data-testid="last-session">
      <p>
        Your last session was saved in this browser ({what}).
      </p>
      <button type="button" className="primary" onClick={onRestore} disabled={busy}>
        Restore your last session
      </button>
      <button type="button" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}

/** The alerts every form of the page shows: a worker error (with Retry), a crashed worker, a divergence. */
export function LabAlerts({ state, store }: { state: LabState; store: LabStore }) {
  const { error, failure, diverged, settings } = state;
  return (
    <>
      {error && <ErrorAlert error={error} onRetry={store.retry} />}
      {failure && <FailureAlert message={failure.message} restartable={failure.restartable} onRetry={store.restartWorker} onDismiss={store.dismissFailure} />}
      {diverged && (
        <DivergenceAlert
          diverged={diverged}
          learningRate={settings.models[settings.model].learningRate}
          onLowerLearningRate={(learningRate) => {
            store.setHyper({ learningRate });
            store.dismissDivergence();
          }}
          onDismiss={store.dismissDivergence}
        />
      )}
    </>
  );
}
