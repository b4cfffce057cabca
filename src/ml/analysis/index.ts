/** "The bound and the trade-off, made visible": estimators over one digit's latent posterior (see each module). */
export { gradientVariance, type EstimatorSummary, type GradientVariance, type GradientVarianceOptions } from './gradientVariance';
export { boundLadder, iwaeBound, iwaeLogPx, logImportanceWeights, type BoundLadderOptions, type LadderRung } from './iwae';
export {
  DEFAULT_BATCH_SIZE,
  klToStandardNormal,
  logLikelihoodAt,
  problemFor,
  withVariational,
  type DecoderBudget,
  type LatentPosteriorProblem,
} from './problem';
export { refinePosterior, type RefinedPosterior, type RefineOptions } from './refinePosterior';
export { truePosterior, type TruePosterior, type TruePosteriorOptions } from './truePosterior';
