/**
 * Where the loss comes from, for one test digit: the ELBO derivation for the VAE, and for every other
 * model the objective it optimises instead and why sampling from it fails or needs a separate prior.
 */
import { DigitImage } from '../../components/DigitImage';
import { Card } from '../../components/Card';
import type { DigitTerms, ModelKind } from '../../worker/protocol';
import { Objective } from './Objective';
import { VaeDerivation } from './VaeDerivation';
import './ElboDerivation.css';

export interface ElboDerivationProps {
  model: ModelKind;
  /** Terms for the digit the worker last evaluated (may lag a new selection by one snapshot). */
  digit: DigitTerms | null;
  probeImages: Uint8Array | null;
  probeLabels: Uint8Array | null;
  classNames: string[];
  selectedIndex: number | null;
  onAnotherDigit(): void;
}

export function ElboDerivationPanel({ model, digit, probeImages, probeLabels, classNames, selectedIndex, onAnotherDigit }: ElboDerivationProps) {
  const current = digit && digit.probeIndex === selectedIndex ? digit : null;
  const label = selectedIndex !== null && probeLabels ? classNames[probeLabels[selectedIndex]] ?? String(probeLabels[selectedIndex]) : '';
  const isVae = model === 'vae';
  const figure = (
    <figure className="elbo-digit">
      <DigitImage pixels={probeImages} index={selectedIndex ?? 0} size={84} label={`Test digit ${label}`} />
      <figcaption>
        Test digit #{selectedIndex ?? '—'} {label && `(“${label}”)`}
      </figcaption>
      <button type="button" onClick={onAnotherDigit} disabled={!probeImages}>
        Another digit
      </button>
    </figure>
  );
  return (
    <Card
      id="elbo"
      title={isVae ? 'The ELBO, step by step' : 'The objective (no ELBO here)'}
      subtitle={isVae ? 'Where the loss comes from, with live numbers for one test digit' : 'What this model minimises instead, and why sampling from it needs more'}
      className="elbo-card"
      testId="elbo-panel"
    >
      {model === 'vae' ? <VaeDerivation digit={current} figure={figure} /> : <Objective model={model} digit={current} figure={figure} />}
    </Card>
  );
}
