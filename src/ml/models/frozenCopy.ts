import { createModel } from './createModel';
import type { LatentModel } from './types';

/**
 * A model of the same spec holding the weights `model` has now (caller disposes). The copies share the tensors'
 * data until the original's variables are reassigned (an optimizer step), so it costs a network's construction
 * (~8 ms for a hidden-512 MLP VAE on wasm) and no copy of the weights. A long analysis reads the copy while
 * training goes on, so it sees the weights of one step throughout. Training-only options (a VAE's pitfall) are
 * not copied: they change the loss, not the encoder or the decoder.
 */
export function frozenCopy(model: LatentModel): LatentModel {
  const copy = createModel(model.spec);
  const [from, to] = [model.variables, copy.variables];
  if (from.length !== to.length) throw new Error(`frozenCopy: ${from.length} variables, the copy has ${to.length}`);
  to.forEach((variable, i) => variable.assign(from[i]));
  return copy;
}
