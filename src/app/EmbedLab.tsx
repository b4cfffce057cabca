/**
 * Embed mode (`?embed=1&panels=latent,loss`), for an iframe in slides or a course page: the chosen panels in the
 * given order under a compact bar (Train/Pause, the step, a link to the full lab), and alerts only for errors.
 */
import { formatCount } from '../components/format';
import { fullPageSearch } from '../state/settings';
import type { WorkerPhase } from '../worker/protocol';
import type { LabView } from './labView';
import { LabAlerts } from './Notices';
import { PANEL_VIEWS } from './panelViews';
import './Embed.css';

const PHASE_TEXT: Record<WorkerPhase, string> = { loading: 'Loading…', ready: 'Paused', training: 'Training', stepping: 'Stepping', failed: 'Stopped' };

export function EmbedLab({ view, runTitle }: { view: LabView; runTitle: string }) {
  const { state, store, controls, snapshot, model } = view;
  const { settings, error } = state;
  const step = snapshot?.step ?? controls.step;
  const fullLab = `${window.location.pathname}${fullPageSearch(settings, window.location.search)}`;
  return (
    <div className="embed">
      <section className="embed-bar" aria-label="Training controls">
        <button type="button" className={controls.pauses ? 'primary pause' : 'primary'} onClick={store.toggleTraining} disabled={!controls.canTrain}>
          {controls.pauses ? 'Pause' : 'Train'}
        </button>
        <div
          role="status"
          aria-live="off"
          className="embed-status"
          data-step={step}
          data-backend={snapshot?.backend ?? state.backend?.backend ?? ''}
          data-running={String(controls.training)}
          data-phase={controls.phase}
          data-model={model}
        >
          <span className="embed-run" title={runTitle}>
            {runTitle}
          </span>
          <span>
            {PHASE_TEXT[controls.phase]} · step {formatCount(step)}
          </span>
        </div>
        <a className="embed-open" href={fullLab} target="_blank" rel="noopener" title="The full lab with these settings, in a new tab">
          Open in VAE Lab
        </a>
      </section>
      {(error || state.failure || state.diverged) && (
        <div className="notices">
          <LabAlerts state={state} store={store} />
        </div>
      )}
      <main className="embed-panels">
        {settings.panels.map((id) => {
          const Panel = PANEL_VIEWS[id];
          return <Panel key={id} view={view} />;
        })}
      </main>
    </div>
  );
}
