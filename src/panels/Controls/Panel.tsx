/** Run buttons, β, and the settings that shape the network; all native controls, so keyboard-ready. */
import type { ChangeEvent } from 'react';
import type { ArchitectureChange } from '../../state/labStore';
import { BACKEND_CHOICES, BATCH_SIZES, BETA_RANGE, HIDDEN_WIDTHS, LATENT_DIMS, LEARNING_RATES } from '../../state/settings';
import type { LabSettings } from '../../state/settings';
import type { BackendChoice, HyperSettings, LatentDim } from '../../worker/protocol';
import { ArchitectureNotice } from './ArchitectureNotice';
import './Controls.css';

export interface ControlsProps {
  settings: LabSettings;
  running: boolean;
  /** Data has arrived: training can start. */
  ready: boolean;
  pending: ArchitectureChange | null;
  onToggleTraining(): void;
  onStep(): void;
  onReset(): void;
  onHyper(patch: Partial<HyperSettings>): void;
  onArchitecture(change: ArchitectureChange): void;
  onConfirmArchitecture(): void;
  onCancelArchitecture(): void;
}

/** A labelled <select> whose accessible name is exactly `label`. */
function Choice<T extends string | number>(props: {
  label: string;
  value: T;
  options: readonly T[];
  onChange(value: T): void;
}) {
  const { label, value, options, onChange } = props;
  const handle = (event: ChangeEvent<HTMLSelectElement>) => {
    const picked = options.find((option) => String(option) === event.target.value);
    if (picked !== undefined) onChange(picked);
  };
  return (
    <label className="choice">
      <span>{label}</span>
      <select aria-label={label} value={String(value)} onChange={handle}>
        {options.map((option) => (
          <option key={String(option)} value={String(option)}>
            {String(option)}
          </option>
        ))}
      </select>
    </label>
  );
}

export function ControlsPanel(props: ControlsProps) {
  const { settings, running, ready, pending, onToggleTraining, onStep, onReset, onHyper, onArchitecture } = props;
  const latentDim = pending?.latentDim ?? settings.latentDim;
  const hiddenUnits = pending?.hiddenUnits ?? settings.hiddenUnits;
  const backend = pending?.backend ?? settings.backend;
  return (
    <section className="controls card" aria-label="Training controls">
      <div className="run-buttons">
        <button type="button" className={running ? 'primary pause' : 'primary'} onClick={onToggleTraining} disabled={!ready}>
          {running ? 'Pause' : 'Train'}
        </button>
        <button type="button" onClick={onStep} disabled={!ready || running}>
          Step
        </button>
        <button type="button" onClick={onReset} disabled={!ready}>
          Reset
        </button>
      </div>
      <div className="beta-control">
        <label className="beta-label">
          <span>
            β = <span className="readout">{settings.beta.toFixed(1)}</span>
          </span>
          <input
            type="range"
            aria-label="β"
            min={BETA_RANGE.min}
            max={BETA_RANGE.max}
            step={BETA_RANGE.step}
            value={settings.beta}
            onChange={(event) => onHyper({ beta: Number(event.target.value) })}
          />
        </label>
        <p className="hint">β = 1 is the ELBO; β &gt; 1 favours a simpler latent code; β = 0 is a plain autoencoder with noise</p>
      </div>
      <div className="choices">
        <Choice label="Learning rate" value={settings.learningRate} options={LEARNING_RATES} onChange={(learningRate) => onHyper({ learningRate })} />
        <Choice label="Batch size" value={settings.batchSize} options={BATCH_SIZES} onChange={(batchSize) => onHyper({ batchSize })} />
        <Choice<LatentDim> label="Latent dimension" value={latentDim} options={LATENT_DIMS} onChange={(next) => onArchitecture({ latentDim: next })} />
        <Choice label="Hidden width" value={hiddenUnits} options={HIDDEN_WIDTHS} onChange={(next) => onArchitecture({ hiddenUnits: next })} />
        <Choice<BackendChoice> label="Backend" value={backend} options={BACKEND_CHOICES} onChange={(next) => onArchitecture({ backend: next })} />
      </div>
      {pending && <ArchitectureNotice change={pending} onConfirm={props.onConfirmArchitecture} onCancel={props.onCancelArchitecture} />}
    </section>
  );
}
