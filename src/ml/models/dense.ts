import * as tf from '@tensorflow/tfjs';

export type Activation = 'linear' | 'relu';

/** A fully connected layer that owns its two variables; y = act(x·W + b). */
export class Dense {
  readonly kernel: tf.Variable;
  readonly bias: tf.Variable;

  /** PyTorch's nn.Linear default init: W, b ~ U(−1/√fanIn, 1/√fanIn) (so CLI numbers compare with it). */
  constructor(
    readonly fanIn: number,
    readonly fanOut: number,
    readonly activation: Activation,
    seed: number,
    name: string,
  ) {
    const limit = 1 / Math.sqrt(fanIn);
    const uniform = (shape: number[], layerSeed: number, label: string) =>
      tf.tidy(() => tf.variable(tf.randomUniform(shape, -limit, limit, 'float32', layerSeed), true, `${name}/${label}`));
    this.kernel = uniform([fanIn, fanOut], seed, 'kernel');
    this.bias = uniform([fanOut], seed + 1, 'bias');
  }

  /** [batch, fanIn] → [batch, fanOut] (caller disposes); one fused matMul + bias + activation. */
  apply(x: tf.Tensor2D): tf.Tensor2D {
    return tf.fused.matMul({ a: x, b: this.kernel as tf.Tensor2D, bias: this.bias, activation: this.activation }) as tf.Tensor2D;
  }

  get variables(): tf.Variable[] {
    return [this.kernel, this.bias];
  }
}
