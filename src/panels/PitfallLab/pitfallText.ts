/** What each lecture-note mistake is, as a switch, a formula and a paragraph on why it goes wrong (all pitfall prose in one table). */
import type { VaePitfall } from '../../worker/protocol';

export type PitfallKind = Exclude<VaePitfall, 'none'>;

export interface PitfallText {
  /** The switch's accessible name. */
  switchLabel: string;
  /** The mistaken formula, typeset. */
  tex: string;
  /** Why it goes wrong and what to look for in the measurements. */
  why: string;
}

export const PITFALL_TEXT: Readonly<Record<PitfallKind, PitfallText>> = {
  uniformEpsilon: {
    switchLabel: 'ε ~ U(0, 1) instead of N(0, 1)',
    tex: String.raw`z = \mu + \sigma\odot\varepsilon,\quad \varepsilon \sim \mathcal{U}(0, 1)`,
    why: 'The KL still assumes q = N(μ, σ²), but the decoder is trained on z = μ + σ·u with u uniform on [0, 1]: a draw that is shifted by σ/2 and has only 1/12 of the variance. So q is not what the sampler does: the encoder can afford wide σ (the noise it really adds is small), the decoder never sees the tails of N(0, 1), and the correct ELBO (scored with ε ~ N(0, 1)) is worse than the run’s own loss says. Samples from the prior N(0, I) land where the decoder was trained on a shifted, narrower cloud.',
  },
  klWithoutHalf: {
    switchLabel: 'KL without its ½',
    tex: String.raw`\mathrm{KL} = \textstyle\sum_j \big(\mu_j^2 + \sigma_j^2 - \log\sigma_j^2 - 1\big)`,
    why: 'Dropping the ½ doubles the KL: the run trains a β-VAE with β = 2 without knowing it. Its minimum is still at μ = 0, σ = 1, so nothing looks broken, but the rate is squeezed: a lower KL, a higher reconstruction term, blurrier reconstructions and a latent cloud pulled tighter to the prior. Its correct −ELBO ends up a little worse than the correct twin’s.',
  },
  logSigmaForLogVar: {
    switchLabel: 'log σ where log σ² belongs',
    tex: String.raw`\mathrm{KL} = \tfrac12\textstyle\sum_j \big(\mu_j^2 + \sigma_j^2 - \log\sigma_j - 1\big)`,
    why: 'With log σ in place of log σ² = 2 log σ the penalty for a narrow posterior is halved, and the per-dimension curve’s minimum moves from σ = 1 to σ = 1/√2 ≈ 0.71 (see the chart). Even a dimension the decoder ignores, which should relax to the prior’s σ = 1, settles at 0.71: q no longer matches the prior where it should, and the objective is no longer a bound on log p(x).',
  },
  klMinimisedAtZeroSigma: {
    switchLabel: 'KL minimised at σ = 0 (−log σ² dropped)',
    tex: String.raw`\mathrm{KL} = \tfrac12\textstyle\sum_j \big(\mu_j^2 + \sigma_j^2 - 1\big)`,
    why: 'Without −log σ², nothing stops σ from shrinking: the “KL” falls as σ → 0 and even goes negative, which a true KL never does. The encoder collapses q to a point, the VAE turns into a plain autoencoder with a pull towards the origin, and the true KL (−log σ² grows without bound) explodes. Look at σ in the numbers and at the samples: the prior N(0, I) now covers regions the decoder has never been trained on.',
  },
};

export const PITFALL_KINDS = Object.keys(PITFALL_TEXT) as PitfallKind[];
