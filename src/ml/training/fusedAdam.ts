/**
 * Adam whose update runs as one pass per weight on the wasm backend. tfjs's Adam runs 14 elementwise kernels per
 * weight, each a pass over memory, which took 27% of an MLP VAE's training step on wasm; this pass reads the weight,
 * its gradient and both moments once and writes the three new tensors once: in WebAssembly SIMD (adam.wat, four
 * weights per instruction) where it can run, else in a JavaScript loop. It is tfjs's AdamOptimizer otherwise (the
 * same state, names and getWeights / setWeights layout: src/ml/io/optimizer.ts saves it), and on other backends
 * (webgl, cpu) it is tfjs's update unchanged.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { simdAdam } from './wasmAdam';

/** What one step needs besides the arrays: tfjs's β powers (β^t as float32 variables) and the hyperparameters. */
export interface AdamStep {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** β1^t and β2^t for this step t (tfjs's accBeta1 / accBeta2). */
  beta1Power: number;
  beta2Power: number;
}

/**
 * One Adam step for one weight, in tfjs's (and PyTorch's) form: m' = β1·m + (1−β1)·g, v' = β2·v + (1−β2)·g²,
 * w' = w − lr · (m' / (1−β1^t)) / (√(v' / (1−β2^t)) + ε). Writes m', v', w' to `next` (which may be the input arrays).
 */
export function adamUpdate(
  current: { weight: Float32Array; gradient: Float32Array; m: Float32Array; v: Float32Array },
  next: { weight: Float32Array; m: Float32Array; v: Float32Array },
  step: AdamStep,
): void {
  const { weight, gradient, m, v } = current;
  const { weight: nextWeight, m: nextM, v: nextV } = next;
  const { beta1, beta2, learningRate, epsilon } = step;
  const keep1 = 1 - beta1;
  const keep2 = 1 - beta2;
  const unbias1 = 1 / (1 - step.beta1Power);
  const unbias2 = 1 / (1 - step.beta2Power);
  for (let i = 0; i < weight.length; i++) {
    const g = gradient[i];
    const mi = beta1 * m[i] + keep1 * g;
    const vi = beta2 * v[i] + keep2 * g * g;
    nextM[i] = mi;
    nextV[i] = vi;
    nextWeight[i] = weight[i] - (learningRate * (mi * unbias1)) / (Math.sqrt(vi * unbias2) + epsilon);
  }
}

/** tfjs's AdamOptimizer state (private in its typings). */
interface AdamInternals {
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: Array<{ originalName: string; variable: tf.Variable }>;
  accumulatedSecondMoment: Array<{ originalName: string; variable: tf.Variable }>;
}

function moment(variable: tf.Variable, which: 'm' | 'v') {
  return { originalName: `${variable.name}/${which}`, variable: tf.tidy(() => tf.zerosLike(variable).variable(false)) };
}

export class FusedAdam extends tf.AdamOptimizer {
  /** Whether the SIMD kernel (wasmAdam.ts) may do the update where it can run; false keeps the JavaScript loop. */
  useSimd = true;

  override applyGradients(variableGradients: Parameters<tf.AdamOptimizer['applyGradients']>[0]): void {
    if (tf.getBackend() !== 'wasm') {
      super.applyGradients(variableGradients);
      return;
    }
    const backend = tf.backend() as BackendWasm;
    const kernel = this.useSimd ? simdAdam(backend) : null;
    const state = this as unknown as AdamInternals;
    const named = Array.isArray(variableGradients)
      ? variableGradients
      : Object.keys(variableGradients).map((name) => ({ name, tensor: variableGradients[name] }));
    const step: AdamStep = {
      learningRate: this.learningRate,
      beta1: this.beta1,
      beta2: this.beta2,
      epsilon: this.epsilon,
      beta1Power: state.accBeta1.dataSync()[0],
      beta2Power: state.accBeta2.dataSync()[0],
    };
    named.forEach(({ name, tensor: gradient }, i) => {
      const variable = tf.engine().registeredVariables[name];
      state.accumulatedFirstMoment[i] ??= moment(variable, 'm');
      state.accumulatedSecondMoment[i] ??= moment(variable, 'v');
      if (gradient == null) return;
      const m = state.accumulatedFirstMoment[i].variable;
      const v = state.accumulatedSecondMoment[i].variable;
      // Fresh tensors, not writes in place: the wasm matMul keeps its right operand packed per tensor, so a weight
      // changed in place would be multiplied as it was; and a variable shares memory with the tensor it was made
      // from or assigned (setWeights' tensors stay the caller's).
      const outputs = [variable, m, v].map((source) => backend.makeOutput(source.shape, 'float32'));
      if (kernel) {
        const at = (info: tf.TensorInfo) => backend.getMemoryOffset(info.dataId);
        const { beta1, beta2, learningRate, epsilon, beta1Power, beta2Power } = step;
        kernel(at(variable), at(gradient), at(m), at(v), at(outputs[0]), at(outputs[1]), at(outputs[2]), variable.size, beta1, beta2, 1 - beta1, 1 - beta2, learningRate, epsilon, 1 / (1 - beta1Power), 1 / (1 - beta2Power));
      } else {
        const heap = (info: tf.TensorInfo) => backend.typedArrayFromHeap(info) as Float32Array;
        adamUpdate(
          { weight: heap(variable), gradient: heap(gradient), m: heap(m), v: heap(v) },
          { weight: heap(outputs[0]), m: heap(outputs[1]), v: heap(outputs[2]) },
          step,
        );
      }
      [variable, m, v].forEach((target, k) => {
        const fresh = tf.engine().makeTensorFromTensorInfo(outputs[k], backend);
        target.assign(fresh);
        fresh.dispose();
      });
    });
    tf.tidy(() => {
      state.accBeta1.assign(tf.mul(state.accBeta1, this.beta1));
      state.accBeta2.assign(tf.mul(state.accBeta2, this.beta2));
    });
    this.incrementIterations();
  }
}
