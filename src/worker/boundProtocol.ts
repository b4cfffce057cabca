/**
 * Requests and payloads of the bound and trade-off views (types only; viewProtocol.ts lists them as rows and
 * re-exports them). Every number is in nats unless it says otherwise; arrays are transferred.
 */
import type { VaePitfall } from '../ml/losses/pitfalls';
import type { BetaSchedule, LossPreset } from '../ml/training/schedules';
import type { ArchitectureSettings } from './protocol';

export type { VaePitfall };

/** One rung of the bound ladder: the IWAE-k bound's Monte Carlo mean and standard error over `estimates` groups. */
export interface LadderRungPayload {
  k: number;
  mean: number;
  standardError: number;
  estimates: number;
}

/** The exact posterior of a 2-D latent by adaptive grid quadrature (ml/analysis/truePosterior.ts). */
export interface QuadraturePayload {
  logPx: number;
  /** Estimated quadrature error of logPx (|spacing h − spacing 2h|). */
  logPxError: number;
  /** ELBO = E_q log p(x|z) − KL(q ‖ p(z)), the expectation by quadrature on a grid over μ ± 8σ. */
  elbo: number;
  expectedLogLikelihood: number;
  klToPrior: number;
  /** KL(q ‖ p(z|x)) = logPx − elbo, with its estimated error. */
  klToPosterior: number;
  quadratureError: number;
  converged: boolean;
  decoderEvaluations: number;
  posteriorMean: [number, number];
  posteriorCovariance: [[number, number], [number, number]];
  /** log p(z|x) at z = (xs[ix], ys[iy]) in logDensity[iy·xs.length + ix]: at most 63 points per axis, for contours. */
  grid: { xs: Float32Array; ys: Float32Array; logDensity: Float32Array };
}

/** The selected digit's posterior: q(z|x), the exact posterior (latent 2) and the IWAE bound ladder, from one frozen copy of the weights. */
export interface PosteriorPayload {
  probeIndex: number;
  /** μ and log σ² of q(z|x), latent size each. */
  mean: Float32Array;
  logVar: Float32Array;
  /** Null when the latent is not 2-D (`quadratureNote` says why). */
  quadrature: QuadraturePayload | null;
  quadratureNote: string | null;
  /** ELBO (k = 1), IWAE-10, IWAE-100, IWAE-1000 (the rungs computed; fewer on the slow cpu backend). */
  ladder: LadderRungPayload[];
  ladderDecoderEvaluations: number;
}

/** Mean, variance and standard error of one estimator per parameter (order: μ₁…μ_d, log σ²₁…log σ²_d). */
export interface EstimatorPayload {
  mean: Float64Array;
  variance: Float64Array;
  standardError: Float64Array;
}

/** Reparameterised against score-function (REINFORCE) estimates of ∂E_q[log p(x|z)]/∂(μ, log σ²) for the selected digit. */
export interface GradientVariancePayload {
  probeIndex: number;
  samples: number;
  /** 'mu[j]' then 'logVar[j]'. */
  parameters: string[];
  reparameterised: EstimatorPayload;
  scoreFunction: EstimatorPayload;
  /** scoreFunction.variance / reparameterised.variance per parameter. */
  varianceRatio: Float64Array;
}

/** Each click on "Refine q for this digit" sends a new requestId. */
export interface RefinementRequest {
  requestId: number;
}

/** The amortisation gap of the selected digit (Cremer et al. 2018): q refined by gradient steps, decoder and encoder frozen. */
export interface RefinementPayload {
  probeIndex: number;
  /** Fixed-draw ELBO before the first step and after each step: never decreasing. */
  trajectory: Float64Array;
  /** ELBO of the encoder's q and of the refined q from the same fresh draws, and their paired difference. */
  initialElbo: number;
  finalElbo: number;
  finalElboStandardError: number;
  amortisationGap: number;
  amortisationGapStandardError: number;
  acceptedSteps: number;
  /** log p(x): exact by quadrature (latent 2) or an IWAE estimate with the refined q as proposal (a lower bound). */
  logPx: number;
  logPxKind: 'quadrature' | 'iwae';
  logPxError: number;
  /** log p(x) − finalElbo: what no Gaussian q can close. */
  approximationGap: number;
  encoderMean: Float32Array;
  encoderLogVar: Float32Array;
  refinedMean: Float32Array;
  refinedLogVar: Float32Array;
}

/** One point of the rate–distortion plane: a fixed test subset evaluated at one step. */
export interface RateDistortionPayload {
  /** KL(q ‖ p(z)) averaged over the images (nats per image). */
  rate: number;
  /** −E_q log p(x|z), one ε draw per image (nats per image). */
  distortion: number;
  images: number;
  /** The KL's weight at this step (β(t)). */
  klWeight: number;
  /** The settings the point was trained under, so the page can tell trails apart and label them. */
  hyper: { beta: number; betaSchedule: BetaSchedule; lossPreset: LossPreset };
  architecture: ArchitectureSettings;
}

/** The pitfall lab asks for one mistake ('none': no pair is trained; only the KL curve is drawn). */
export interface PitfallLabRequest {
  pitfall: VaePitfall;
}

/** What one of the pair's runs has become, measured on the first `images` test digits. */
export interface PitfallRunMeasures {
  /** Test terms under the correct ELBO (rec and KL with ε ~ N(0, I)), nats per image. */
  rec: number;
  kl: number;
  negElbo: number;
  /** The KL as this run's own (possibly mistaken) loss computes it, nats per image. */
  objectiveKl: number;
  /** Geometric mean of σ over the digits, per latent dimension. */
  sigma: Float32Array;
  /** μ of each digit on latent dimensions 1 and 2 (images each). */
  x: Float32Array;
  y: Float32Array;
  /** 784-byte images (0–255) decoded from the same draws z ~ N(0, I) for both runs. */
  samples: Uint8Array;
}

export interface PitfallLabPayload {
  pitfall: VaePitfall;
  /** The KL term of one dimension at μ = 0 over σ: correct, and as the pitfall writes it (null for 'none'). */
  klCurve: { sigmas: Float32Array; correct: Float32Array; mistaken: Float32Array | null; correctMinimum: number; mistakenMinimum: number | null };
  /** The pair, once one is trained: both runs at the same step. */
  pair: { step: number; images: number; sampleCount: number; correct: PitfallRunMeasures; mistaken: PitfallRunMeasures } | null;
}
