import * as tf from '@tensorflow/tfjs-core';
import { gaussianKlPerImage } from './gaussianKl';

/**
 * The lecture notes' classic VAE mistakes, each beside the correct form ('none'):
 * - 'uniformEpsilon': ε ~ U(0, 1) instead of N(0, 1) in z = μ + σ·ε (the KL stays correct).
 * - 'klWithoutHalf': KL = Σ (μ² + σ² − log σ² − 1), twice the true value.
 * - 'logSigmaForLogVar': log σ written where log σ² belongs: ½ Σ (μ² + σ² − log σ − 1).
 * - 'klMinimisedAtZeroSigma': the belief that the KL is smallest at σ = 0, i.e. the −log σ² term dropped:
 *   ½ Σ (μ² + σ² − 1).
 */
export type VaePitfall = 'none' | 'uniformEpsilon' | 'klWithoutHalf' | 'logSigmaForLogVar' | 'klMinimisedAtZeroSigma';

export const VAE_PITFALLS: readonly VaePitfall[] = ['none', 'uniformEpsilon', 'klWithoutHalf', 'logSigmaForLogVar', 'klMinimisedAtZeroSigma'];

/** The KL term one latent dimension contributes under `pitfall`, in nats, for μ and σ > 0 (plain numbers). */
export function klTermPerDimension(pitfall: VaePitfall, mu: number, sigma: number): number {
  const variance = sigma * sigma;
  switch (pitfall) {
    case 'none':
    case 'uniformEpsilon':
      return 0.5 * (mu * mu + variance - Math.log(variance) - 1);
    case 'klWithoutHalf':
      return mu * mu + variance - Math.log(variance) - 1;
    case 'logSigmaForLogVar':
      return 0.5 * (mu * mu + variance - Math.log(sigma) - 1);
    case 'klMinimisedAtZeroSigma':
      return 0.5 * (mu * mu + variance - 1);
    default: {
      const unknown: never = pitfall;
      throw new Error(`Unknown VAE pitfall '${String(unknown)}'`);
    }
  }
}

/**
 * Where each KL curve's minimum over σ ≥ 0 sits (whatever μ is, since μ only adds a constant):
 * - correct, 'uniformEpsilon' and 'klWithoutHalf' (the same curve doubled): d/dσ (σ² − 2 log σ) = 2σ − 2/σ = 0 → σ = 1.
 * - 'logSigmaForLogVar': d/dσ ½(σ² − log σ) = σ − 1/(2σ) = 0 → σ² = ½, σ = 1/√2: the prior's σ = 1 is no longer
 *   the optimum, so the posterior is pushed narrower than the prior.
 * - 'klMinimisedAtZeroSigma': d/dσ ½(σ² − 1) = σ > 0 for every σ > 0, so the minimum is the boundary σ = 0,
 *   where the "KL" is −½ per dimension: negative, which a true KL never is.
 */
export function klMinimumSigma(pitfall: VaePitfall): number {
  switch (pitfall) {
    case 'none':
    case 'uniformEpsilon':
    case 'klWithoutHalf':
      return 1;
    case 'logSigmaForLogVar':
      return Math.SQRT1_2;
    case 'klMinimisedAtZeroSigma':
      return 0;
    default: {
      const unknown: never = pitfall;
      throw new Error(`Unknown VAE pitfall '${String(unknown)}'`);
    }
  }
}

/** `klTermPerDimension(pitfall, mu, σ)` for each σ in `sigmas`, for plotting (nats; mu defaults to 0). */
export function klCurve(pitfall: VaePitfall, sigmas: ArrayLike<number>, mu = 0): Float64Array {
  return Float64Array.from({ length: sigmas.length }, (_, i) => klTermPerDimension(pitfall, mu, sigmas[i]));
}

/**
 * The KL term per image under `pitfall`, summed over latent dimensions → [batch] in nats (caller disposes).
 * mean and logVar = log σ² are [batch, latentDim]; 'none' and 'uniformEpsilon' are exactly `gaussianKlPerImage`.
 */
export function pitfallKlPerImage(mean: tf.Tensor2D, logVar: tf.Tensor2D, pitfall: VaePitfall): tf.Tensor1D {
  switch (pitfall) {
    case 'none':
    case 'uniformEpsilon':
      return gaussianKlPerImage(mean, logVar);
    case 'klWithoutHalf':
      return tf.tidy(() => tf.mul(2, gaussianKlPerImage(mean, logVar)) as tf.Tensor1D);
    case 'logSigmaForLogVar':
      // log σ = ½ log σ² stands where log σ² belongs.
      return tf.tidy(() => {
        const perDim = tf.sub(tf.add(tf.square(mean), tf.exp(logVar)), tf.add(tf.mul(0.5, logVar), 1));
        return tf.mul(0.5, tf.sum(perDim, 1)) as tf.Tensor1D;
      });
    case 'klMinimisedAtZeroSigma':
      return tf.tidy(() => tf.mul(0.5, tf.sum(tf.sub(tf.add(tf.square(mean), tf.exp(logVar)), 1), 1)) as tf.Tensor1D);
    default: {
      const unknown: never = pitfall;
      throw new Error(`Unknown VAE pitfall '${String(unknown)}'`);
    }
  }
}

/**
 * ε for z = μ + σ·ε → `shape`, seeded (caller disposes): U(0, 1) for 'uniformEpsilon', else N(0, 1) drawn by exactly
 * the call the VAE has always made (so the default path is bit-identical).
 */
export function pitfallEpsilon(shape: [number, number], pitfall: VaePitfall, seed: number): tf.Tensor2D {
  if (pitfall === 'uniformEpsilon') return tf.randomUniform(shape, 0, 1, 'float32', seed) as tf.Tensor2D;
  return tf.randomNormal(shape, 0, 1, 'float32', seed) as tf.Tensor2D;
}
