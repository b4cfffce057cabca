/** The ELBO derived in five lines, each with a plain-English gloss and live numbers for one test digit. */
import type { ReactNode } from 'react';
import { Math as Tex } from '../../components/Math';
import { formatNats, texNumber } from '../../components/format';
import type { LikelihoodKind } from '../../state/modelSettings';
import type { DigitTerms } from '../../worker/protocol';
import { klSubstitutionTex } from './elboMath';
import { LIKELIHOOD_TEXT } from './likelihoodText';
import { LiveBox, LiveValue } from './LiveValue';

const BOUND_TEX = String.raw`\log p(x) = \mathrm{ELBO}(x) + \mathrm{KL}\big(q(z\mid x)\,\|\,p(z\mid x)\big)`;
const ELBO_TEX = String.raw`\mathrm{ELBO}(x) = \underbrace{\mathbb{E}_{q(z\mid x)}\big[\log p(x\mid z)\big]}_{\text{reconstruction}} - \underbrace{\mathrm{KL}\big(q(z\mid x)\,\|\,p(z)\big)}_{\text{stay near the prior}}`;
const KL_TEX = String.raw`\mathrm{KL}\big(\mathcal{N}(\mu,\operatorname{diag}\sigma^2)\,\|\,\mathcal{N}(0,I)\big) = \tfrac12 \sum_{j=1}^{d} \big(\mu_j^2 + \sigma_j^2 - \log\sigma_j^2 - 1\big)`;
const REPARAM_TEX = String.raw`z = \mu + \sigma \odot \varepsilon, \qquad \varepsilon \sim \mathcal{N}(0, I)`;

/** What training minimises when the weights are not those of the ELBO (β ≠ 1, or a loss preset), in Alemi et al.'s words. */
function ObjectiveNote({ weights }: { weights: { rec: number; kl: number } }) {
  if (weights.rec === 1 && weights.kl === 1) return null;
  const beta = formatWeight(weights.kl);
  const objective =
    weights.rec === 0 ? 'the KL term alone' : weights.kl === 0 ? 'the reconstruction term alone (β = 0)' : `rec + ${beta}·KL (β = ${beta})`;
  return (
    <p className="objective-note" role="note">
      <strong>Training now minimises {objective}, which is not −ELBO:</strong> the loss is no longer a bound on −log p(x). The numbers
      below still show the true ELBO of this image under the current encoder and decoder. In the rate–distortion view (Alemi et al. 2018) the KL is the
      rate R, the nats the code carries about x, and the reconstruction term the distortion D; a β-VAE minimises D + β·R, trading one for the
      other.
    </p>
  );
}

function formatWeight(weight: number): string {
  return Number(weight.toPrecision(3)).toString();
}

/** VAE terms of the selected digit, or null while they lag the selection; `weights` are the terms' current training weights. */
export function VaeDerivation({
  digit,
  figure,
  weights,
  likelihood,
}: {
  digit: DigitTerms | null;
  figure: ReactNode;
  weights: { rec: number; kl: number };
  likelihood: LikelihoodKind;
}) {
  const recLogLik = digit ? -digit.recNll : null;
  const kl = digit?.kl ?? null;
  const elbo = digit?.elbo ?? null;
  const logPx = digit?.logPxEstimate ?? null;
  const sameDraws = digit?.elboSameDraws ?? null;
  // Against the ELBO from the same draws (never above log p̂), so the estimate is never negative.
  const gap = logPx !== null && sameDraws !== null ? logPx - sameDraws : null;
  const samples = digit?.samples ?? 'K';
  return (
    <>
      <LiveBox figure={figure} ready={digit !== null}>
        <LiveValue testId="elbo-value-rec" value={recLogLik} label="E_q[log p(x|z)]" />
        <LiveValue testId="elbo-value-kl" value={kl} label="KL(q(z|x) ‖ p(z))" />
        <LiveValue testId="elbo-value-elbo" value={elbo} label="ELBO" />
        <LiveValue testId="elbo-value-logpx" value={logPx} label={`log p̂(x) (IWAE, ${samples} samples)`} />
        <LiveValue testId="elbo-value-gap" value={gap} label={`gap ≈ KL(q ‖ p(z|x)), a lower-bound estimate`} />
      </LiveBox>
      <ObjectiveNote weights={weights} />
      <ol className="elbo-steps">
        <li>
          <Tex displayMode tex={BOUND_TEX} />
          <p>The gap is the KL to the true posterior, ≥ 0, so the ELBO is a lower bound on log p(x).</p>
          {logPx !== null && gap !== null && sameDraws !== null && (
            <p className="substitution">
              Here: log p̂(x) ≈ {formatNats(logPx)} from {samples} importance samples, and the ELBO from the same samples is{' '}
              {formatNats(sameDraws)}, so KL(q‖p(z|x)) is at least about {formatNats(gap)} nats: how far q is from the true posterior. Both
              numbers are estimates: log p̂(x) sits below log p(x), so the gap is an underestimate of the KL.
            </p>
          )}
        </li>
        <li>
          <Tex displayMode tex={ELBO_TEX} />
          <p>Reconstruct x well from z, but keep every q(z|x) close to the prior p(z) = N(0, I).</p>
          {recLogLik !== null && elbo !== null && kl !== null && (
            <Tex className="substitution" displayMode tex={`${texNumber(elbo, 1)} = ${texNumber(recLogLik, 1)} - ${texNumber(kl, 1)}`} />
          )}
        </li>
        <li>
          <Tex displayMode tex={KL_TEX} />
          <p>Zero only when μ = 0 and σ = 1 (not at σ = 0: there −log σ² → ∞).</p>
          {digit?.mean && digit.logVar && <Tex className="substitution" displayMode tex={klSubstitutionTex(digit.mean, digit.logVar)} />}
        </li>
        <li>
          <Tex displayMode tex={REPARAM_TEX} />
          <p>ε is standard normal, not uniform; the randomness is moved outside the network so gradients flow through μ and σ.</p>
        </li>
        <li>
          <Tex displayMode tex={LIKELIHOOD_TEXT[likelihood].tex('z')} />
          <p>{LIKELIHOOD_TEXT[likelihood].gloss}</p>
        </li>
      </ol>
    </>
  );
}
