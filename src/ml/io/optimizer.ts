/**
 * Adam's state in weight names rather than tfjs's variable ids, so it can be saved and given to a fresh model's
 * trainer. tfjs's Adam keeps its moments by position, in the order `minimize` listed the variables: tfjs's
 * variableGrads names the trainable ones, then the non-trainable ones, as object keys, and object keys that look
 * like integers (tfjs's default variable names) iterate in ascending order. `adamOrder` reproduces that.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Trainer } from '../training/trainer';

/** Adam's update count and the moments of each trainable weight, by weight name (plain arrays, no tensors). */
export interface OptimizerState {
  iterations: number;
  moments: Map<string, { m: Float32Array; v: Float32Array }>;
}

/** The variables in the order tfjs's Adam keeps their moments when `minimize` is given `variables`. */
export function adamOrder(variables: readonly tf.Variable[]): tf.Variable[] {
  const byName = new Map(variables.map((variable) => [variable.name, variable]));
  const listed = [...variables.filter((v) => v.trainable), ...variables.filter((v) => !v.trainable)];
  return Object.keys(Object.fromEntries(listed.map((variable) => [variable.name, true]))).map((name) => byName.get(name) as tf.Variable);
}

/** Adam's state of `trainer` by weight name; null before its first step (a fresh Adam: nothing to save). */
export async function readOptimizerState(trainer: Trainer): Promise<OptimizerState | null> {
  const nameOf = new Map(trainer.model.namedWeights().map(({ name, variable }) => [variable.name, name]));
  const trainable = new Set(trainer.model.variables.filter((v) => v.trainable).map((v) => v.name));
  const [iteration, ...slots] = await trainer.optimizerWeights();
  const iterations = (await iteration.tensor.data())[0];
  iteration.tensor.dispose();
  if (slots.length === 0) return null;
  const moments = new Map<string, { m: Float32Array; v: Float32Array }>();
  for (const { name, tensor } of slots) {
    const [variableName, which] = [name.slice(0, name.lastIndexOf('/')), name.slice(name.lastIndexOf('/') + 1)];
    const weightName = nameOf.get(variableName);
    if (!weightName || !trainable.has(variableName)) continue;
    const entry = moments.get(weightName) ?? { m: new Float32Array(0), v: new Float32Array(0) };
    entry[which as 'm' | 'v'] = (await tensor.data()) as Float32Array;
    moments.set(weightName, entry);
  }
  return { iterations, moments };
}

/**
 * The trainer's weights (by weight name) and Adam's state (as `readOptimizerState`), every tensor read at once (its
 * reads overlap, where `readOptimizerState` awaits them one by one). Packing them into one tensor for a single read
 * was slower on a software GPU: the copy there is bound by bytes moved, not by the number of reads.
 */
export async function readTrainingState(trainer: Trainer): Promise<{ weights: Map<string, Float32Array>; optimizer: OptimizerState | null }> {
  const named = trainer.model.namedWeights();
  const nameOf = new Map(named.map(({ name, variable }) => [variable.name, name]));
  const trainable = new Set(trainer.model.variables.filter((v) => v.trainable).map((v) => v.name));
  const [iteration, ...allSlots] = await trainer.optimizerWeights();
  const slots = allSlots.flatMap(({ name, tensor }) => {
    const cut = name.lastIndexOf('/');
    const variableName = name.slice(0, cut);
    const weightName = nameOf.get(variableName);
    return weightName && trainable.has(variableName) ? [{ weightName, which: name.slice(cut + 1) as 'm' | 'v', tensor }] : [];
  });
  const read = (tensor: tf.Tensor) => tensor.data() as Promise<Float32Array>;
  const [iterations, weightValues, slotValues] = await Promise.all([
    iteration.tensor.data().then((values) => values[0]),
    Promise.all(named.map(({ variable }) => read(variable))),
    Promise.all(slots.map(({ tensor }) => read(tensor))),
  ]).finally(() => iteration.tensor.dispose());
  const weights = new Map(named.map(({ name }, i) => [name, weightValues[i]]));
  if (allSlots.length === 0) return { weights, optimizer: null };
  const moments = new Map<string, { m: Float32Array; v: Float32Array }>();
  slots.forEach(({ weightName, which }, i) => {
    const entry = moments.get(weightName) ?? { m: new Float32Array(0), v: new Float32Array(0) };
    entry[which] = slotValues[i];
    moments.set(weightName, entry);
  });
  return { weights, optimizer: { iterations, moments } };
}

/**
 * Gives `trainer` (fresh: before its first step) a saved Adam state for its model: every trainable weight's
 * moments from `state`, zeros for the rest. Throws when `state` lacks a trainable weight or a shape differs.
 */
export async function restoreOptimizerState(trainer: Trainer, state: OptimizerState): Promise<void> {
  const weightOf = new Map(trainer.model.namedWeights().map(({ name, variable }) => [variable.name, name]));
  const order = adamOrder(trainer.model.variables);
  const saved = order.map((variable) => {
    if (!variable.trainable) return null;
    const weightName = weightOf.get(variable.name) ?? '(unnamed)';
    const moments = state.moments.get(weightName);
    if (!moments || moments.m.length !== variable.size || moments.v.length !== variable.size)
      throw new Error(`optimizer state: no moments of size ${variable.size} for weight '${weightName}'`);
    return moments;
  });
  const slots = (which: 'm' | 'v') =>
    order.map((variable, i) => ({ name: `${variable.name}/${which}`, tensor: saved[i] ? tf.tensor(saved[i][which], variable.shape) : tf.zerosLike(variable) }));
  const list = [{ name: 'iter', tensor: tf.scalar(state.iterations, 'int32') }, ...slots('m'), ...slots('v')];
  try {
    await trainer.setOptimizerWeights(list);
  } finally {
    tf.dispose(list.map(({ tensor }) => tensor));
  }
}
