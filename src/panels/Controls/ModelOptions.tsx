/**
 * The controls only the active model has. Each family has one main knob, shown beside Train (β for the
 * VAE, the noise for the DAE …), and further settings that fold into "Advanced".
 */
import type { ReactNode } from 'react';
import type { ArchitectureChange } from '../../state/labStore';
import { MODEL_PROPERTIES, OVERCOMPLETE_DIM, SCHEDULE_TITLES, VQ_GRID_VECTORS, latentDimsFor, maxMaskRatio } from '../../state/modelSettings';
import type { HyperPatch, ModelSettings, ScheduleKind } from '../../state/modelSettings';
import type { LossPreset, ModelKind } from '../../worker/protocol';
import { bounds, Choice, Slider, Toggle, WholeNumber } from './Choice';

export interface ModelOptionsProps {
  model: ModelKind;
  /** The active model's settings with any pending architecture change shown. */
  settings: ModelSettings;
  onHyper(patch: HyperPatch): void;
  onArchitecture(change: ArchitectureChange): void;
}

type OptionsProps = Omit<ModelOptionsProps, 'model'>;

const PRESETS: readonly { preset: LossPreset; title: string; picture: string }[] = [
  { preset: 'reconstruction', title: 'Reconstruction only', picture: 'clusters with gaps between them' },
  { preset: 'kl', title: 'KL only', picture: 'everything piled at the origin' },
  { preset: 'both', title: 'Both', picture: 'dense and organised' },
];

/** Why β does not apply under a preset: the KL weight the preset uses instead. */
const PRESET_OVERRIDES: Record<LossPreset, string | undefined> = {
  both: undefined,
  reconstruction: 'not used: “Reconstruction only” trains with KL weight 0',
  kl: 'not used: “KL only” trains the KL alone, weight 1',
};

function LatentSize({ settings, onArchitecture, model }: ModelOptionsProps) {
  return <Choice label="Latent dimension" value={settings.latentDim} options={latentDimsFor(model)} onChange={(latentDim) => onArchitecture({ latentDim })} />;
}

function BetaKnob({ settings, onHyper }: OptionsProps) {
  const unused = PRESET_OVERRIDES[settings.lossPreset];
  return <Slider label="β" value={settings.beta} {...bounds(MODEL_PROPERTIES.beta)} digits={1} unused={unused} onChange={(beta) => onHyper({ beta })} />;
}

function LossPresets({ settings, onHyper }: OptionsProps) {
  return (
    <div className="presets" role="group" aria-label="Loss terms">
      {PRESETS.map(({ preset, title, picture }) => (
        <button key={preset} type="button" aria-pressed={settings.lossPreset === preset} title={picture} onClick={() => onHyper({ lossPreset: preset })}>
          {title}
        </button>
      ))}
    </div>
  );
}

/** Each family's main knob: the one setting a lecture turns. */
const MAIN_KNOBS: Record<ModelKind, (props: ModelOptionsProps) => ReactNode> = {
  ae: (props) => <LatentSize {...props} />,
  dae: ({ settings, onHyper }) => <Slider label="Noise σ" value={settings.noiseStd} {...bounds(MODEL_PROPERTIES.noiseStd)} onChange={(noiseStd) => onHyper({ noiseStd })} />,
  mae: ({ settings, onHyper }) => (
    <Slider
      label="Mask ratio"
      value={settings.maskRatio}
      {...bounds(MODEL_PROPERTIES.maskRatio)}
      max={maxMaskRatio(settings.patchSize)}
      onChange={(maskRatio) => onHyper({ maskRatio })}
    />
  ),
  vae: (props) => <BetaKnob {...props} />,
  vqvae: ({ settings, onArchitecture }) => (
    <Choice label="Codebook size K" value={settings.codebookSize} options={MODEL_PROPERTIES.codebookSize.options} onChange={(codebookSize) => onArchitecture({ codebookSize })} />
  ),
};

/** The active model's main knob, for the run bar. */
export function MainKnob(props: ModelOptionsProps) {
  return <div className="main-knob">{MAIN_KNOBS[props.model](props)}</div>;
}

/** The active model's other settings, for "Advanced". */
export function ModelOptions(props: ModelOptionsProps) {
  const { model } = props;
  return (
    <div className="model-options" role="group" aria-label="Model settings">
      {model !== 'ae' && latentDimsFor(model).length > 0 && (
        <div className="option-block">
          <LatentSize {...props} />
        </div>
      )}
      {model === 'ae' && (
        <p className="hint option-block">
          Latent dimension {OVERCOMPLETE_DIM} is over-complete: the code is bigger than the image — it can learn the identity;
          reconstructions look perfect, the code is useless.
        </p>
      )}
      {model === 'dae' && <DenoisingOptions {...props} />}
      {model === 'mae' && <MaskingOptions {...props} />}
      {model === 'vae' && <VaeOptions {...props} />}
      {model === 'vqvae' && <CodebookOptions {...props} />}
    </div>
  );
}

function DenoisingOptions({ settings, onHyper }: OptionsProps) {
  return (
    <div className="option-block">
      <Toggle label="Blur the input (3×3)" checked={settings.blur} onChange={(blur) => onHyper({ blur })} />
      <p className="hint">The encoder sees the corrupted image; the loss compares the reconstruction with the clean one.</p>
    </div>
  );
}

function MaskingOptions({ settings, onHyper }: OptionsProps) {
  const maxRatio = maxMaskRatio(settings.patchSize);
  const patches = (28 / settings.patchSize) ** 2;
  const changePatch = (patchSize: number) => onHyper({ patchSize, maskRatio: Math.min(settings.maskRatio, maxMaskRatio(patchSize)) });
  return (
    <div className="option-block">
      <Choice label="Patch size" value={settings.patchSize} options={MODEL_PROPERTIES.patchSize.options} format={(size) => `${size}×${size} px`} onChange={changePatch} />
      <p className="hint">
        Hides {Math.round(settings.maskRatio * patches)} of {patches} patches per image (at most {maxRatio}: at least one patch stays
        visible).
      </p>
    </div>
  );
}

function VaeOptions(props: OptionsProps) {
  const { settings, onHyper } = props;
  const unused = PRESET_OVERRIDES[settings.lossPreset];
  return (
    <div className="option-block">
      <LossPresets {...props} />
      <div className="choices">
        <Choice<ScheduleKind>
          label="β schedule"
          value={settings.schedule}
          options={MODEL_PROPERTIES.schedule.options}
          format={(kind) => SCHEDULE_TITLES[kind]}
          onChange={(schedule) => onHyper({ schedule })}
        />
        {settings.schedule === 'warmup' && (
          <WholeNumber label="Warm-up steps" value={settings.warmupSteps} {...bounds(MODEL_PROPERTIES.warmupSteps)} onChange={(warmupSteps) => onHyper({ warmupSteps })} />
        )}
        {settings.schedule === 'cyclical' && (
          <WholeNumber label="Cycle length (steps)" value={settings.cyclePeriod} {...bounds(MODEL_PROPERTIES.cyclePeriod)} onChange={(cyclePeriod) => onHyper({ cyclePeriod })} />
        )}
      </div>
      <p className="hint">
        {unused
          ? 'β is not used while a preset other than “Both” is on.'
          : 'β = 1 is the ELBO; β > 1 favours a simpler latent code; β = 0 is a plain autoencoder with noise.'}{' '}
        Loss terms: {PRESETS.find(({ preset }) => preset === settings.lossPreset)?.picture} — the classic latent picture of this loss. A
        run already trained keeps much of its old picture: press Reset, then Train, to watch a preset shape a latent space from fresh
        weights.
      </p>
    </div>
  );
}

function CodebookOptions({ settings, onHyper, onArchitecture }: OptionsProps) {
  const vectorsPerBatch = VQ_GRID_VECTORS * settings.batchSize;
  return (
    <div className="option-block">
      <div className="choices">
        <Choice label="Code dimension D" value={settings.codeDim} options={MODEL_PROPERTIES.codeDim.options} onChange={(codeDim) => onArchitecture({ codeDim })} />
        <Choice label="Commitment β_c" value={settings.commitmentWeight} options={MODEL_PROPERTIES.commitmentWeight.options} onChange={(commitmentWeight) => onHyper({ commitmentWeight })} />
      </div>
      <Toggle label="Restart dead codes" checked={settings.restartDeadCodes} onChange={(restartDeadCodes) => onHyper({ restartDeadCodes })} />
      <p className="hint">
        A dead code is restarted from one of the batch’s {vectorsPerBatch.toLocaleString('en-US')} encoder vectors (49 per image)
        {settings.codebookSize > vectorsPerBatch ? ` — fewer than K = ${settings.codebookSize}, so not every dead code can restart at once.` : '.'}
      </p>
    </div>
  );
}
