/** Run buttons, model and data set, the network and likelihood, and the active model's own settings; all native controls. */
import type { LabControls } from '../../state/labState';
import type { ArchitectureChange } from '../../state/labStore';
import { DATASET_IDS, DATASETS } from '../../ml/data/datasets';
import { MODEL_FAMILIES, MODEL_KINDS } from '../../ml/models/family';
import { LIKELIHOOD_TITLES, MODEL_PROPERTIES, NETWORK_TITLES } from '../../state/modelSettings';
import type { HyperPatch, LikelihoodKind } from '../../state/modelSettings';
import { BACKEND_CHOICES, activeModelSettings } from '../../state/settings';
import type { LabSettings } from '../../state/settings';
import type { BackendChoice, DatasetName, ModelKind, NetworkKind } from '../../worker/protocol';
import { ArchitectureNotice } from './ArchitectureNotice';
import { Choice } from './Choice';
import { MODEL_TEXT } from '../modelText';
import { MainKnob, ModelOptions } from './ModelOptions';
import { ModelFiles, type ModelFilesProps } from './ModelFiles';
import './Controls.css';

export interface ControlsProps {
  settings: LabSettings;
  /** What the worker allows now (from its status). */
  controls: LabControls;
  pending: ArchitectureChange | null;
  onToggleTraining(): void;
  onStep(): void;
  onReset(): void;
  onModel(model: ModelKind): void;
  onDataset(dataset: DatasetName): void;
  onHyper(patch: HyperPatch): void;
  onArchitecture(change: ArchitectureChange): void;
  onConfirmArchitecture(): void;
  onCancelArchitecture(): void;
  /** Puts the shipped trained model of this model and dataset in place. */
  onLoadTrained(): void;
  /** The save / open fold. */
  models: ModelFilesProps;
}

const GAUSSIAN_TEX_TEXT = '−log p(x|z) = ‖x − x̂‖²/(2σ²) + (784/2)·log(2πσ²)';

export function ControlsPanel(props: ControlsProps) {
  const { settings, controls, pending, onToggleTraining, onStep, onReset, onHyper, onArchitecture } = props;
  const { backend: pendingBackend, ...pendingModel } = pending ?? {};
  const own = { ...activeModelSettings(settings), ...pendingModel };
  const backend = pendingBackend ?? settings.backend;
  const optionProps = { model: settings.model, settings: own, onHyper, onArchitecture };
  return (
    <>
    <section className="run-strip card" aria-label="Training controls">
      <div className="run-bar">
        <div className="run-buttons">
          <button type="button" className={controls.pauses ? 'primary pause' : 'primary'} onClick={onToggleTraining} disabled={!controls.canTrain}>
            {controls.pauses ? 'Pause' : 'Train'}
          </button>
          <button type="button" onClick={onStep} disabled={!controls.canStep}>
            Step
          </button>
          <button type="button" onClick={onReset} disabled={!controls.canReset}>
            Reset
          </button>
          <button
            type="button"
            onClick={props.onLoadTrained}
            disabled={props.models.busy !== null || controls.phase === 'loading'}
            aria-label="Load trained model"
            title="Trained weights shipped with the lab, in place at once"
          >
            Load trained<span className="wide-only"> model</span>
          </button>
        </div>
        <div className="choices">
          <Choice<ModelKind> label="Model" value={settings.model} options={MODEL_KINDS} format={(model) => MODEL_FAMILIES[model].title} onChange={props.onModel} />
          <Choice<DatasetName> label="Dataset" value={settings.dataset} options={DATASET_IDS} format={(dataset) => DATASETS[dataset].title} onChange={props.onDataset} />
        </div>
        <MainKnob {...optionProps} />
      </div>
      {pending && <ArchitectureNotice change={pending} onConfirm={props.onConfirmArchitecture} onCancel={props.onCancelArchitecture} />}
    </section>
    <section className="controls-more" aria-label="What to watch and advanced settings">
      <p className="watch">
        <strong>What to watch:</strong> {MODEL_TEXT[settings.model].watch}
      </p>
      <details className="advanced">
        <summary>Advanced settings</summary>
        <div className="controls-row">
          <div className="choices">
            <Choice<NetworkKind> label="Network" value={own.network} options={MODEL_PROPERTIES.network.options} format={(kind) => NETWORK_TITLES[kind]} onChange={(network) => onArchitecture({ network })} />
            {own.network === 'mlp' && <Choice label="Hidden width" value={own.hiddenUnits} options={MODEL_PROPERTIES.hiddenUnits.options} onChange={(hiddenUnits) => onArchitecture({ hiddenUnits })} />}
            <Choice<LikelihoodKind>
              label="Likelihood"
              value={own.likelihood}
              options={MODEL_PROPERTIES.likelihood.options}
              format={(kind) => LIKELIHOOD_TITLES[kind]}
              onChange={(likelihood) => onArchitecture({ likelihood })}
            />
            {own.likelihood === 'gaussian' && <Choice label="σ²" value={own.variance} options={MODEL_PROPERTIES.variance.options} onChange={(variance) => onArchitecture({ variance })} />}
            <Choice label="Learning rate" value={own.learningRate} options={MODEL_PROPERTIES.learningRate.options} onChange={(learningRate) => onHyper({ learningRate })} />
            <Choice label="Batch size" value={own.batchSize} options={MODEL_PROPERTIES.batchSize.options} onChange={(batchSize) => onHyper({ batchSize })} />
            <Choice<BackendChoice> label="Backend" value={backend} options={BACKEND_CHOICES} onChange={(next) => onArchitecture({ backend: next })} />
          </div>
          <p className="hint likelihood-note">
            Bernoulli: a coin per pixel, fine for black-and-white digits but not a distribution over grey values. Continuous Bernoulli:
            the same with its normaliser, a proper density on [0, 1]. Gaussian with fixed σ²: {GAUSSIAN_TEX_TEXT}, a squared error
            scaled by 1/(2σ²) plus a constant. Their nats do not compare (a probability against two densities): compare likelihoods by
            the status bar’s bits per dimension.
          </p>
        </div>
        <ModelOptions {...optionProps} />
      </details>
      <ModelFiles {...props.models} />
    </section>
    </>
  );
}
