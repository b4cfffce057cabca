/**
 * For the models without an ELBO: the objective they minimise instead, typeset, with the live
 * reconstruction NLL of the selected digit, and why sampling from them fails or needs a separate prior.
 */
import type { ReactNode } from 'react';
import { Math as Tex } from '../../components/Math';
import { texNumber } from '../../components/format';
import type { LikelihoodKind } from '../../state/modelSettings';
import type { DigitTerms } from '../../worker/protocol';
import type { ObjectiveText } from '../modelText';
import { LIKELIHOOD_TEXT } from './likelihoodText';
import { LiveBox, LiveValue } from './LiveValue';

export function Objective({ text, digit, figure, likelihood }: { text: ObjectiveText; digit: DigitTerms | null; figure: ReactNode; likelihood: LikelihoodKind }) {
  const { tex: objective, gloss, sampling } = text;
  const recNll = digit?.recNll ?? null;
  return (
    <>
      <LiveBox figure={figure} ready={digit !== null}>
        <LiveValue testId="objective-value-rec" value={recNll} label="−log p(x | x̂) for this image" />
      </LiveBox>
      <ol className="elbo-steps">
        <li>
          <Tex displayMode tex={objective} />
          <p>{gloss}</p>
          {recNll !== null && <Tex className="substitution" displayMode tex={String.raw`-\log p(x\mid\hat x) = ${texNumber(recNll, 1)}\ \text{nats}`} />}
        </li>
        <li>
          <Tex displayMode tex={LIKELIHOOD_TEXT[likelihood].tex(String.raw`\hat x`)} />
          <p>{LIKELIHOOD_TEXT[likelihood].gloss}</p>
          <p>
            The three likelihoods’ numbers are not comparable: the Bernoulli value is a probability mass (and on grey pixels it cannot
            reach 0 even for a perfect reconstruction), the continuous Bernoulli and the Gaussian values are densities, the Gaussian’s set
            by the chosen σ² alone. None compares with published binarised-MNIST results. Bits per dimension of the 8-bit image (the
            status bar, after each test evaluation) put every choice on one scale.
          </p>
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
