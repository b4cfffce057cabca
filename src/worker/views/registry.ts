/** Every analysis view the worker can compute, one row each. */
import type { ViewKind } from '../protocol';
import { aggregatePosteriorView } from './aggregatePosterior';
import { drawnDigitView } from './drawnDigit';
import { latentGridView, latentUnderlayView } from './latentGrid';
import { latentUsageView } from './latentUsage';
import { traversalsView } from './traversals';
import { gradientVarianceView } from './gradientVariance';
import { pitfallLabView } from './pitfallLab';
import { posteriorView } from './posterior';
import { rateDistortionView } from './rateDistortion';
import { refinementView } from './refinement';
import type { ViewModule } from './types';

export const VIEW_MODULES: { [K in ViewKind]: ViewModule<K> } = {
  latentGrid: latentGridView,
  latentUnderlay: latentUnderlayView,
  drawnDigit: drawnDigitView,
  traversals: traversalsView,
  aggregatePosterior: aggregatePosteriorView,
  latentUsage: latentUsageView,
  posterior: posteriorView,
  gradientVariance: gradientVarianceView,
  refinement: refinementView,
  rateDistortion: rateDistortionView,
  pitfallLab: pitfallLabView,
};
