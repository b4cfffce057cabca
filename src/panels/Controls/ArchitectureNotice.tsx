/** Inline question before an architecture change throws away the trained weights. */
import type { ArchitectureChange } from '../../state/labStore';

export interface ArchitectureNoticeProps {
  change: ArchitectureChange;
  onConfirm(): void;
  onCancel(): void;
}

/** "Changing the latent dimension and the backend starts fresh weights." */
export function describeArchitectureChange(change: ArchitectureChange): string {
  const parts = [
    change.latentDim !== undefined && 'the latent dimension',
    change.hiddenUnits !== undefined && 'the hidden width',
    change.backend !== undefined && 'the backend',
  ].filter((part): part is string => Boolean(part));
  return `Changing ${parts.join(' and ')} starts fresh weights.`;
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
