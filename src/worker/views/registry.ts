/** Every analysis view the worker can compute, one row each. */
import type { ViewKind } from '../protocol';
import { gradientVarianceView } from './gradientVariance';
import { latentGridView, latentUnderlayView } from './latentGrid';
import { pitfallLabView } from './pitfallLab';
import { posteriorView } from './posterior';
import { rateDistortionView } from './rateDistortion';
import { refinementView } from './refinement';
import type { ViewModule } from './types';

export const VIEW_MODULES: { [K in ViewKind]: ViewModule<K> } = {
  latentGrid: latentGridView,
  latentUnderlay: latentUnderlayView,
  posterior: posteriorView,
  gradientVariance: gradientVarianceView,
  refinement: refinementView,
  rateDistortion: rateDistortionView,
  pitfallLab: pitfallLabView,
};
