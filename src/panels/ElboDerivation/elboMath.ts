/** Plain-number pieces of the ELBO derivation: per-dimension KL and the TeX that substitutes them. */
import { texNumber } from '../../components/format';

/** KL(N(μ, σ²) ‖ N(0, 1)) per latent dimension: ½(μ² + σ² − log σ² − 1), nats. */
export function klPerDimension(mean: ArrayLike<number>, logVar: ArrayLike<number>): number[] {
  const terms: number[] = [];
  for (let j = 0; j < mean.length; j++) {
    terms.push(0.5 * (mean[j] ** 2 + Math.exp(logVar[j]) - logVar[j] - 1));
  }
  return terms;
}

/** The KL sum with the first `shown` dimensions' μ_j, σ_j² written out, and its total. */
export function klSubstitutionTex(mean: ArrayLike<number>, logVar: ArrayLike<number>, shown = 2): string {
  const count = Math.min(shown, mean.length);
  const groups: string[] = [];
  for (let j = 0; j < count; j++) {
    const variance = Math.exp(logVar[j]);
    groups.push(`\\big(${texNumber(mean[j])}^2 + ${texNumber(variance)} - \\log ${texNumber(variance)} - 1\\big)`);
  }
  const rest = mean.length > count ? ` + \\dots_{\\,${mean.length - count}\\text{ more}}` : '';
  const total = klPerDimension(mean, logVar).reduce((sum, term) => sum + term, 0);
  return `\\tfrac12\\Big[${groups.join(' + ')}${rest}\\Big] = ${texNumber(total, 1)}\\ \\text{nats}`;
}
