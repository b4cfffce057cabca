/** Plain-number pieces of the ELBO derivation: per-dimension KL and the TeX that substitutes them. */
import { texSignificant } from '../../components/format';

/** KL(N(μ, σ²) ‖ N(0, 1)) per latent dimension: ½(μ² + σ² − log σ² − 1), nats. */
export function klPerDimension(mean: ArrayLike<number>, logVar: ArrayLike<number>): number[] {
  const terms: number[] = [];
  for (let j = 0; j < mean.length; j++) {
    terms.push(0.5 * (mean[j] ** 2 + Math.exp(logVar[j]) - logVar[j] - 1));
  }
  return terms;
}

/** TeX for a value that follows a plus or minus sign or is squared: negative values in parentheses. */
function grouped(value: number): string {
  const text = texSignificant(value);
  return value < 0 ? `(${text})` : text;
}

/**
 * The KL sum with the first `shown` dimensions' μ_j, σ_j² and log σ_j² written out (three significant
 * figures, negatives in parentheses, log σ² as the encoder outputs it), and its total.
 */
export function klSubstitutionTex(mean: ArrayLike<number>, logVar: ArrayLike<number>, shown = 2): string {
  const count = Math.min(shown, mean.length);
  const groups: string[] = [];
  for (let j = 0; j < count; j++) {
    groups.push(String.raw`\big(${grouped(mean[j])}^2 + ${texSignificant(Math.exp(logVar[j]))} - ${grouped(logVar[j])} - 1\big)`);
  }
  const rest = mean.length > count ? String.raw` + \dots_{\,${mean.length - count}\text{ more}}` : '';
  const total = klPerDimension(mean, logVar).reduce((sum, term) => sum + term, 0);
  return String.raw`\tfrac12\Big[${groups.join(' + ')}${rest}\Big] = ${texSignificant(total)}\ \text{nats}`;
}
