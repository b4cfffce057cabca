/**
 * Where the loss comes from, for one test digit: the ELBO derivation for the VAE, and for every other
 * model the objective it optimises instead and why sampling from it fails or needs a separate prior.
 */
import { DigitImage } from '../../components/DigitImage';
import { Card } from '../../components/Card';
import type { LikelihoodKind } from '../../state/modelSettings';
import type { DigitTerms, ModelKind } from '../../worker/protocol';
import { MODEL_TEXT } from '../modelText';
import { Objective } from './Objective';
import { VaeDerivation } from './VaeDerivation';
import './ElboDerivation.css';

export interface ElboDerivationProps {
  model: ModelKind;
  likelihood: LikelihoodKind;
  /** What one image of the dataset is called ("digit", "item"). */
  item: string;
  /** The reconstruction and KL terms' current training weights (the ELBO's are 1 and 1). */
  weights: { rec: number; kl: number };
  /** Terms for the digit the worker last evaluated (may lag a new selection by one snapshot). */
  digit: DigitTerms | null;
  probeImages: Uint8Array | null;
  probeLabels: Uint8Array | null;
  classNames: string[];
  selectedIndex: number | null;
  /** The drawn digit as the encoder sees it (784 values) while it stands in for the selected test digit; null otherwise. */
  drawnImage?: Float32Array | null;
  onAnotherDigit(): void;
}

export function ElboDerivationPanel({ model, likelihood, item, weights, digit, probeImages, probeLabels, classNames, selectedIndex, drawnImage = null, onAnotherDigit }: ElboDerivationProps) {
  const current = digit && digit.probeIndex === selectedIndex && digit.drawn === (drawnImage !== null) ? digit : null;
  const label = selectedIndex !== null && probeLabels ? classNames[probeLabels[selectedIndex]] ?? String(probeLabels[selectedIndex]) : '';
  const { objective } = MODEL_TEXT[model];
  const figure = (
    <figure className="elbo-digit">
      {drawnImage ? (
        <DigitImage pixels={drawnImage} size={84} label={`Your drawn ${item}`} />
      ) : (
        <DigitImage pixels={probeImages} index={selectedIndex ?? 0} size={84} label={`Test ${item} ${label}`} />
      )}
      <figcaption>{drawnImage ? `Your drawn ${item}` : <>Test {item} #{selectedIndex ?? '—'} {label && `(“${label}”)`}</>}</figcaption>
      <button type="button" onClick={onAnotherDigit} disabled={!probeImages}>
        Another {item}
      </button>
    </figure>
  );
  return (
    <Card
      id="elbo"
      title={objective ? 'The objective (no ELBO here)' : 'The ELBO, step by step'}
      subtitle={objective ? 'What this model minimises instead, and why sampling from it needs more' : `Where the loss comes from, with live numbers for one test ${item}`}
      className="elbo-card"
      testId="elbo-panel"
    >
      {objective ? (
        <Objective text={objective} digit={current} figure={figure} likelihood={likelihood} />
      ) : (
        <VaeDerivation digit={current} figure={figure} weights={weights} likelihood={likelihood} />
      )}
    </Card>
  );
}
