/** How each likelihood turns a decoder output into log p(x | z): the line the ELBO panel typesets, and a gloss. */
import type { LikelihoodKind } from '../../state/modelSettings';

export interface LikelihoodText {
  /** log p(x | given) for one image of 784 pixels, given z (the ELBO) or x̂ (a model without a latent density). */
  tex(given: string): string;
  gloss: string;
}

export const LIKELIHOOD_TEXT: Record<LikelihoodKind, LikelihoodText> = {
  bernoulli: {
    tex: (given) => String.raw`\log p(x\mid ${given}) = \sum_{i=1}^{784} \big[x_i \log p_i + (1 - x_i)\log(1 - p_i)\big]`,
    gloss:
      'Each pixel is a coin flip with probability pᵢ from the decoder: this is minus the binary cross-entropy. On grey pixels it is a probability of something that never happens (x is not 0 or 1), so even a perfect reconstruction stays below 0.',
  },
  cbernoulli: {
    tex: (given) => String.raw`\log p(x\mid ${given}) = \sum_{i=1}^{784} \big[x_i \log \lambda_i + (1 - x_i)\log(1 - \lambda_i) + \log C(\lambda_i)\big],\quad C(\lambda) = \frac{2\operatorname{artanh}(1-2\lambda)}{1-2\lambda}`,
    gloss:
      'The continuous Bernoulli (Loaiza-Ganem & Cunningham 2019): the same cross-entropy plus log C(λ), which makes it a proper density on grey values in [0, 1]. C(½) = 2; the images show its mean, which is not λ.',
  },
  gaussian: {
    tex: (given) => String.raw`\log p(x\mid ${given}) = -\frac{\lVert x-\hat x\rVert^2}{2\sigma^2} - \frac{784}{2}\log 2\pi\sigma^2`,
    gloss: 'A Gaussian with fixed σ² around the decoder’s x̂: a squared error scaled by 1/(2σ²), plus a constant set by σ² alone.',
  },
};
