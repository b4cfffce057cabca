import * as tf from '@tensorflow/tfjs-core';

export type Activation = 'linear' | 'relu';

/** ∂L/∂(x·W + b) from ∂L/∂y and y = act(x·W + b) (read only for ReLU). */
function preActivationGradient(dy: tf.Tensor2D, output: tf.Tensor2D | undefined, activation: Activation): tf.Tensor2D {
  return activation === 'relu' ? tf.mul(dy, tf.step(output as tf.Tensor2D)) : dy;
}

/**
 * a·bᵀ ('abT') or aᵀ·b ('aTb'), transposing explicitly on wasm: tfjs-wasm's matMul with a transpose flag (what
 * the built-in fused gradient uses) runs about 10× slower than transpose + matMul. Other backends (webgl reads
 * transposed operands for free) keep the flags.
 *
 * On wasm, XNNPACK repacks a matMul's right operand whenever it is a new tensor, at about the cost of a transpose,
 * so a·bᵀ for a = ∂L/∂y [batch, out] and b = W [in, out] would transpose and pack the whole weight. When the batch
 * is the smaller side it computes (b·aᵀ)ᵀ instead: the weight stays as it is, and only batch-sized matrices are
 * transposed or packed.
 */
function transposedProduct(which: 'abT' | 'aTb', a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  if (tf.getBackend() !== 'wasm') return which === 'abT' ? tf.matMul(a, b, false, true) : tf.matMul(a, b, true, false);
  if (which === 'aTb') return tf.matMul(tf.transpose(a), b);
  const [rows, inner] = a.shape;
  const columns = b.shape[0];
  const weightSized = 2 * columns * inner;
  const batchSized = 2 * rows * inner + rows * columns;
  return batchSized < weightSized ? tf.transpose(tf.matMul(b, tf.transpose(a))) : tf.matMul(a, tf.transpose(b));
}

/**
 * y = act(x·W + b) with a hand-written gradient (see transposedProduct). tfjs clones every tensor a custom gradient
 * saves (a copy on wasm), so it saves only what tidy could free: the input, and the output where ReLU's mask needs it.
 * The backward pass reads the kernel, a variable, directly.
 */
function denseOnActivations(kernel: tf.Variable, activation: Activation) {
  return tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [input, w, b] = args as tf.Tensor[];
    const save = args[3] as tf.GradSaveFunc;
    const y = tf.fused.matMul({ a: input as tf.Tensor2D, b: w as tf.Tensor2D, bias: b, activation });
    save(activation === 'relu' ? [input, y] : [input]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, [savedInput, output]: tf.Tensor[]) => {
        const dPre = preActivationGradient(dy as tf.Tensor2D, output as tf.Tensor2D | undefined, activation);
        return [transposedProduct('abT', dPre, kernel as tf.Tensor as tf.Tensor2D), transposedProduct('aTb', savedInput as tf.Tensor2D, dPre), tf.sum(dPre, 0)];
      },
    };
  });
}

/**
 * The same layer for an input that is data: the input is not an argument of the custom gradient, so backprop never
 * computes ∂/∂x (a sixth of an MLP VAE's training FLOPs), and `tf.grad` with respect to it fails loudly instead of
 * reading zero. The input must not depend on a trainable variable: `variableGrads` would silently give it no gradient.
 * The op is made per call, as it closes over that call's input.
 */
function denseOnData(x: tf.Tensor2D, kernel: tf.Variable, bias: tf.Variable, activation: Activation): tf.Tensor2D {
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [w, b] = args as tf.Tensor[];
    const save = args[2] as tf.GradSaveFunc;
    const y = tf.fused.matMul({ a: x, b: w as tf.Tensor2D, bias: b, activation });
    // Saved, so a tidy around the forward pass cannot free the input before the backward pass reads it.
    save(activation === 'relu' ? [x, y] : [x]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, [input, output]: tf.Tensor[]) => {
        const dPre = preActivationGradient(dy as tf.Tensor2D, output as tf.Tensor2D | undefined, activation);
        return [transposedProduct('aTb', input as tf.Tensor2D, dPre), tf.sum(dPre, 0)];
      },
    };
  });
  return op(kernel, bias) as tf.Tensor2D;
}

/** A fully connected layer that owns its two variables; y = act(x·W + b). */
export class Dense {
  readonly kernel: tf.Variable;
  readonly bias: tf.Variable;
  /** The layer's op on activations (see denseOnActivations), made once: it closes over the kernel variable. */
  private readonly onActivations: ReturnType<typeof denseOnActivations>;

  /**
   * PyTorch's nn.Linear default init: W, b ~ U(−1/√fanIn, 1/√fanIn) (so CLI numbers compare with it). A first layer,
   * fed the images themselves, sets `inputIsData`: no gradient flows back into its input.
   */
  constructor(
    readonly fanIn: number,
    readonly fanOut: number,
    readonly activation: Activation,
    seed: number,
    readonly inputIsData = false,
  ) {
    const limit = 1 / Math.sqrt(fanIn);
    const uniform = (shape: number[], layerSeed: number) =>
      tf.tidy(() => tf.variable(tf.randomUniform(shape, -limit, limit, 'float32', layerSeed)));
    this.kernel = uniform([fanIn, fanOut], seed);
    this.bias = uniform([fanOut], seed + 1);
    this.onActivations = denseOnActivations(this.kernel, activation);
  }

  /** [batch, fanIn] → [batch, fanOut] (caller disposes). */
  apply(x: tf.Tensor2D): tf.Tensor2D {
    if (this.inputIsData) return denseOnData(x, this.kernel, this.bias, this.activation);
    return this.onActivations(x, this.kernel, this.bias) as tf.Tensor2D;
  }

  get variables(): tf.Variable[] {
    return [this.kernel, this.bias];
  }
}
