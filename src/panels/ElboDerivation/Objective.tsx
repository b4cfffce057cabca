/**
 * For the models without an ELBO: the objective they minimise instead, typeset, with the live
 * reconstruction NLL of the selected digit, and why sampling from them fails or needs a separate prior.
 */
import type { ReactNode } from 'react';
import { Math as Tex } from '../../components/Math';
import { texNumber } from '../../components/format';
import type { DigitTerms } from '../../worker/protocol';
import type { ObjectiveText } from '../modelText';
import { LiveBox, LiveValue } from './LiveValue';

const NLL_TEX = String.raw`-\log p(x\mid \hat x) = \begin{cases} -\sum_i \big[x_i\log \hat x_i + (1-x_i)\log(1-\hat x_i)\big] & \text{Bernoulli (BCE)} \\ \dfrac{\lVert x-\hat x\rVert^2}{2\sigma^2} + \dfrac{784}{2}\log 2\pi\sigma^2 & \text{Gaussian (MSE)} \end{cases}`;

export function Objective({ text, digit, figure }: { text: ObjectiveText; digit: DigitTerms | null; figure: ReactNode }) {
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
          <Tex displayMode tex={NLL_TEX} />
          <p>
            These two numbers are not comparable: the Bernoulli value is a probability mass (and on grey pixels it cannot reach 0 even for a
            perfect reconstruction), the Gaussian value a density whose size is set by the chosen σ² alone. Neither compares with published
            binarised-MNIST results. Bits per dimension of the 8-bit image (the status bar) put every choice on one scale.
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
