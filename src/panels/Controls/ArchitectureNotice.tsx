/** Inline question before an architecture change throws away the trained weights. */
import type { ArchitectureChange } from '../../state/labStore';

export interface ArchitectureNoticeProps {
  change: ArchitectureChange;
  onConfirm(): void;
  onCancel(): void;
}

const FIELD_NAMES: Record<keyof ArchitectureChange, string> = {
  network: 'the network',
  likelihood: 'the likelihood',
  variance: 'σ²',
  latentDim: 'the latent dimension',
  hiddenUnits: 'the hidden width',
  codebookSize: 'the codebook size',
  codeDim: 'the code dimension',
  backend: 'the backend',
};

/** "Changing the latent dimension and the backend starts fresh weights." */
export function describeArchitectureChange(change: ArchitectureChange): string {
  const parts = (Object.keys(FIELD_NAMES) as (keyof ArchitectureChange)[]).filter((field) => change[field] !== undefined).map((field) => FIELD_NAMES[field]);
  const scope = change.backend !== undefined ? 'for every model' : 'for this model';
  return `Changing ${parts.join(' and ')} starts fresh weights ${scope}.`;
}

export function ArchitectureNotice({ change, onConfirm, onCancel }: ArchitectureNoticeProps) {
  return (
    <div className="notice architecture-notice" role="group" aria-label="Confirm fresh weights">
      <p>{describeArchitectureChange(change)} The loss history starts over.</p>
      <div className="notice-actions">
        <button type="button" className="primary" onClick={onConfirm}>
          Start fresh weights
        </button>
        <button type="button" onClick={onCancel}>
          Keep current weights
        </button>
      </div>
    </div>
  );
}
