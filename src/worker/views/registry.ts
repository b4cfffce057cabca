/** Every analysis view the worker can compute, one row each. */
import type { ViewKind } from '../protocol';
import { latentGridView, latentUnderlayView } from './latentGrid';
import type { ViewModule } from './types';

export const VIEW_MODULES: { [K in ViewKind]: ViewModule<K> } = {
  latentGrid: latentGridView,
  latentUnderlay: latentUnderlayView,
};
