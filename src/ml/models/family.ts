/**
 * The model families the lab teaches, written once: what each is called, the loss terms it reports,
 * how its input is damaged, what a point of its latent space is. Plain data (no tfjs), so the page,
 * the worker, the CLI and the tests all read the same table. A new family is one row here plus its
 * model file (and its builder in createModel.ts).
 */
import type { InterpolationKind } from '../math/interpolation';

export type ModelKind = 'ae' | 'dae' | 'mae' | 'vae' | 'vqvae';
export type NetworkKind = 'mlp' | 'conv';
/** Named loss terms; each model reports a subset, in a fixed order. */
export type TermName = 'rec' | 'kl' | 'codebook' | 'commitment';

export interface ModelFamily {
  /** Menu name. */
  title: string;
  /** The unweighted terms its loss reports, in order (rec and kl in nats; codebook and commitment squared distances). */
  termNames: readonly TermName[];
  /** How the trainer damages the encoder's input: not at all, Gaussian noise (and blur), or hidden patches. */
  corruption: 'none' | 'noise' | 'mask';
  /** What one point of the latent scatter is: a code z = f(x), the posterior mean μ(x), or an encoder output z_e. */
  codeSymbol: 'z' | 'μ' | 'z_e';
  /** What a reconstruction is decoded from. */
  decodedFrom: 'z' | 'μ' | 'z_q';
  /** Its latent: a continuous code whose size is a setting (maybe over-complete), or a codebook of K vectors. */
  latent: 'code' | 'overcompleteCode' | 'codebook';
  /** Whether decoding draws from a prior makes images (only the VAE has a prior it was trained towards). */
  hasPrior: boolean;
  /** The network it uses unless told otherwise. */
  defaultNetwork: NetworkKind;
  /** Number key that selects it in lecture mode. */
  shortcut: string;
}

export const MODEL_FAMILIES: Readonly<Record<ModelKind, ModelFamily>> = {
  ae: { title: 'Autoencoder', termNames: ['rec'], corruption: 'none', codeSymbol: 'z', decodedFrom: 'z', latent: 'overcompleteCode', hasPrior: false, defaultNetwork: 'mlp', shortcut: '1' },
  dae: { title: 'Denoising autoencoder', termNames: ['rec'], corruption: 'noise', codeSymbol: 'z', decodedFrom: 'z', latent: 'code', hasPrior: false, defaultNetwork: 'mlp', shortcut: '2' },
  mae: { title: 'Masked autoencoder', termNames: ['rec'], corruption: 'mask', codeSymbol: 'z', decodedFrom: 'z', latent: 'code', hasPrior: false, defaultNetwork: 'mlp', shortcut: '3' },
  vae: { title: 'VAE / β-VAE', termNames: ['rec', 'kl'], corruption: 'none', codeSymbol: 'μ', decodedFrom: 'μ', latent: 'code', hasPrior: true, defaultNetwork: 'mlp', shortcut: '4' },
  vqvae: { title: 'VQ-VAE', termNames: ['rec', 'codebook', 'commitment'], corruption: 'none', codeSymbol: 'z_e', decodedFrom: 'z_q', latent: 'codebook', hasPrior: false, defaultNetwork: 'conv', shortcut: '5' },
};

/** Every family, in menu order. */
export const MODEL_KINDS = Object.keys(MODEL_FAMILIES) as ModelKind[];

export const NETWORK_KINDS: readonly NetworkKind[] = ['mlp', 'conv'];

/** True for the families whose loss has a KL term (and so an ELBO). */
export function hasKl(kind: ModelKind): boolean {
  return MODEL_FAMILIES[kind].termNames.includes('kl');
}

/** True when `value` names a family (for parsing untrusted input). */
export function isModelKind(value: unknown): value is ModelKind {
  return typeof value === 'string' && Object.hasOwn(MODEL_FAMILIES, value);
}

/**
 * The interpolation paths a family offers: a codebook model only the straight line between its z_e grids; a continuous
 * code also the great circle (slerp); a model with a prior also the straight line in the prior's quantile space.
 */
export function interpolationKinds(kind: ModelKind): readonly InterpolationKind[] {
  const { latent, hasPrior } = MODEL_FAMILIES[kind];
  if (latent === 'codebook') return ['linear'];
  return hasPrior ? ['linear', 'slerp', 'quantile'] : ['linear', 'slerp'];
}
