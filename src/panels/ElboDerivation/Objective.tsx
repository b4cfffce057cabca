/**
 * For the models without an ELBO: the objective they minimise instead, typeset, with the live
 * reconstruction NLL of the selected digit, and why sampling from them fails or needs a separate prior.
 */
import type { ReactNode } from 'react';
import { Math as Tex } from '../../components/Math';
import { texNumber } from '../../components/format';
import type { DigitTerms, ModelKind } from '../../worker/protocol';
import { LiveBox, LiveValue } from './LiveValue';

type NonVae = Exclude<ModelKind, 'vae'>;

interface Explanation {
  objective: string;
  gloss: string;
  /** Why decoding random codes does not give images, or what it takes. */
  sampling: string;
}

const NLL_TEX = String.raw`-\log p(x\mid \hat x) = \begin{cases} -\sum_i x_i\log \hat x_i + (1-x_i)\log(1-\hat x_i) & \text{Bernoulli (BCE)} \\ \dfrac{\lVert x-\hat x\rVert^2}{2\sigma^2} + \dfrac{784}{2}\log 2\pi\sigma^2 & \text{Gaussian (MSE)} \end{cases}`;

const NO_PRIOR_SAMPLING =
  'There is no KL term and no prior: nothing asks the codes to fill any region, so a z drawn from N(0, I) usually lands where the decoder was never trained — decoding it gives garbage. A VAE adds the KL to a prior precisely so that sampling works.';

const EXPLANATIONS: Record<NonVae, Explanation> = {
  ae: {
    objective: String.raw`\min_{f,g}\; \mathbb{E}_x\big[-\log p\big(x \mid g(f(x))\big)\big]`,
    gloss: 'Encode x to a deterministic code z = f(x), decode, and score the reconstruction: no KL, no prior.',
    sampling: NO_PRIOR_SAMPLING,
  },
  dae: {
    objective: String.raw`\min_{f,g}\; \mathbb{E}_{x,\;\tilde x \sim C(\tilde x\mid x)}\big[-\log p\big(x \mid g(f(\tilde x))\big)\big]`,
    gloss: 'The encoder sees a corrupted x̃ (noise, blur); the target stays the clean x. No KL, no prior.',
    sampling: NO_PRIOR_SAMPLING,
  },
  mae: {
    objective: String.raw`\min_{f,g}\; \mathbb{E}_{x,\;m}\big[-\log p\big(x \mid g(f(m \odot x))\big)\big]`,
    gloss: 'Random patches are hidden by the mask m; the model must reconstruct the whole image. No KL, no prior.',
    sampling: NO_PRIOR_SAMPLING,
  },
  vqvae: {
    objective: String.raw`\mathcal{L} = \underbrace{-\log p(x\mid z_q)}_{\text{reconstruction}} + \underbrace{\lVert \mathrm{sg}[z_e] - e\rVert^2}_{\text{codebook}} + \beta_c\,\underbrace{\lVert z_e - \mathrm{sg}[e]\rVert^2}_{\text{commitment}}`,
    gloss:
      'z_e is the encoder output, e its nearest codebook vector, z_q = e with the gradient copied straight through to z_e. sg[·] stops the gradient: the codebook term moves only the codes, the commitment term only the encoder.',
    sampling:
      'The codes are discrete and there is no KL: the prior over the 7×7 code grid must be learned separately. Here codes are drawn independently from their usage; the paper fits a PixelCNN over the grid.',
  },
};

export function Objective({ model, digit, figure }: { model: NonVae; digit: DigitTerms | null; figure: ReactNode }) {
  const { objective, gloss, sampling } = EXPLANATIONS[model];
  const recNll = digit?.recNll ?? null;
  return (
    <>
      <LiveBox figure={figure} ready={digit !== null}>
        <LiveValue testId="objective-value-rec" value={recNll} label="−log p(x | x̂) for this digit" />
      </LiveBox>
      <ol className="elbo-steps">
        <li>
          <Tex displayMode tex={objective} />
          <p>{gloss}</p>
          {recNll !== null && <Tex className="substitution" displayMode tex={String.raw`-\log p(x\mid\hat x) = ${texNumber(recNll, 1)}\ \text{nats}`} />}
        </li>
        <li>
          <Tex displayMode tex={NLL_TEX} />
          <p>Both likelihoods are negative log-likelihoods in nats, so they compare with each other and with a VAE’s reconstruction term.</p>
        </li>
        <li>
          <p className="sampling-note">
            <strong>Why not sample from it?</strong> {sampling}
          </p>
        </li>
      </ol>
    </>
  );
}
