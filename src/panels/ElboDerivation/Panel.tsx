/** The ELBO derived in five lines, each with a plain-English gloss and live numbers for one test digit. */
import { DigitImage } from '../../components/DigitImage';
import { Card } from '../../components/Card';
import { Math as Tex } from '../../components/Math';
import { formatNats, texNumber } from '../../components/format';
import type { ElboTerms } from '../../worker/protocol';
import { klSubstitutionTex } from './elboMath';
import './ElboDerivation.css';

export interface ElboDerivationProps {
  /** Terms for the digit the worker last evaluated (may lag a new selection by one snapshot). */
  elbo: ElboTerms | null;
  probeImages: Uint8Array | null;
  probeLabels: Uint8Array | null;
  classNames: string[];
  selectedIndex: number | null;
  onAnotherDigit(): void;
}

const BOUND_TEX = String.raw`\log p(x) = \mathrm{ELBO}(x) + \mathrm{KL}\big(q(z\mid x)\,\|\,p(z\mid x)\big)`;
const ELBO_TEX = String.raw`\mathrm{ELBO}(x) = \underbrace{\mathbb{E}_{q(z\mid x)}\big[\log p(x\mid z)\big]}_{\text{reconstruction}} - \underbrace{\mathrm{KL}\big(q(z\mid x)\,\|\,p(z)\big)}_{\text{stay near the prior}}`;
const KL_TEX = String.raw`\mathrm{KL}\big(\mathcal{N}(\mu,\operatorname{diag}\sigma^2)\,\|\,\mathcal{N}(0,I)\big) = \tfrac12 \sum_{j=1}^{d} \big(\mu_j^2 + \sigma_j^2 - \log\sigma_j^2 - 1\big)`;
const REPARAM_TEX = String.raw`z = \mu + \sigma \odot \varepsilon, \qquad \varepsilon \sim \mathcal{N}(0, I)`;
const BERNOULLI_TEX = String.raw`\log p(x\mid z) = \sum_{i=1}^{784} x_i \log p_i + (1 - x_i)\log(1 - p_i)`;

/** A live number with its raw value in data-value for tests and tools. */
function LiveValue({ testId, value, label }: { testId?: string; value: number | null; label: string }) {
  return (
    <div className="live-value">
      <dt>{label}</dt>
      <dd data-testid={testId} data-value={value ?? undefined}>
        {formatNats(value)}
        <span className="unit"> nats</span>
      </dd>
    </div>
  );
}

export function ElboDerivationPanel({ elbo, probeImages, probeLabels, classNames, selectedIndex, onAnotherDigit }: ElboDerivationProps) {
  const current = elbo && elbo.probeIndex === selectedIndex ? elbo : null;
  const gap = current ? current.logPxEstimate - current.elbo : null;
  const label = selectedIndex !== null && probeLabels ? classNames[probeLabels[selectedIndex]] ?? String(probeLabels[selectedIndex]) : '';
  return (
    <Card
      id="elbo"
      title="The ELBO, step by step"
      subtitle="Where the loss comes from, with live numbers for one test digit"
      className="elbo-card"
      testId="elbo-panel"
    >
      <div className="elbo-live">
        <figure className="elbo-digit">
          <DigitImage pixels={probeImages} index={selectedIndex ?? 0} size={84} label={`Test digit ${label}`} />
          <figcaption>
            Test digit #{selectedIndex ?? '—'} {label && `(“${label}”)`}
          </figcaption>
          <button type="button" onClick={onAnotherDigit} disabled={!probeImages}>
            Another digit
          </button>
        </figure>
        <dl className="live-values" aria-live="off">
          <LiveValue testId="elbo-value-rec" value={current?.recLogLik ?? null} label="E_q[log p(x|z)]" />
          <LiveValue testId="elbo-value-kl" value={current?.kl ?? null} label="KL(q(z|x) ‖ p(z))" />
          <LiveValue testId="elbo-value-elbo" value={current?.elbo ?? null} label="ELBO" />
          <LiveValue testId="elbo-value-logpx" value={current?.logPxEstimate ?? null} label={`log p̂(x) (${current?.samples ?? 'K'} samples)`} />
          <LiveValue testId="elbo-value-gap" value={gap} label="gap = log p̂(x) − ELBO" />
        </dl>
        {!current && <p className="hint">Numbers appear with the next training step.</p>}
      </div>
      <ol className="elbo-steps">
        <li>
          <Tex displayMode tex={BOUND_TEX} />
          <p>The gap is the KL to the true posterior, ≥ 0, so the ELBO is a lower bound on log p(x).</p>
          {current && gap !== null && (
            <p className="substitution">
              Here: log p̂(x) ≈ {formatNats(current.logPxEstimate)}, gap ≈ {formatNats(gap)} nats ≈ KL(q‖p(z|x)), how far q
              is from the true posterior.
            </p>
          )}
        </li>
        <li>
          <Tex displayMode tex={ELBO_TEX} />
          <p>Reconstruct x well from z, but keep every q(z|x) close to the prior p(z) = N(0, I).</p>
          {current && (
            <Tex
              className="substitution"
              displayMode
              tex={`${texNumber(current.elbo, 1)} = ${texNumber(current.recLogLik, 1)} - ${texNumber(current.kl, 1)}`}
            />
          )}
        </li>
        <li>
          <Tex displayMode tex={KL_TEX} />
          <p>Zero only when μ = 0 and σ = 1 (not at σ = 0: there −log σ² → ∞).</p>
          {current && <Tex className="substitution" displayMode tex={klSubstitutionTex(current.mean, current.logVar)} />}
        </li>
        <li>
          <Tex displayMode tex={REPARAM_TEX} />
          <p>ε is standard normal, not uniform; the randomness is moved outside the network so gradients flow through μ and σ.</p>
        </li>
        <li>
          <Tex displayMode tex={BERNOULLI_TEX} />
          <p>Each pixel is a coin flip with probability pᵢ from the decoder: this is minus the binary cross-entropy.</p>
        </li>
      </ol>
    </Card>
  );
}
