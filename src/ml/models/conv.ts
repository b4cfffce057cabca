import * as tf from '@tensorflow/tfjs-core';
import { type Activation, Dense } from './dense';

/*
 * Convolutions trainable on every backend: tfjs-backend-wasm has no Conv2DBackpropFilter kernel, so tf.conv2d's
 * built-in gradient fails there. Conv3x3 brings its own gradient made of forward ops every backend has.
 */

/**
 * [n, H, W, C] → [n, H/f, W/f, f·f·C]; output channel (dy·f + dx)·C + c holds pixel (f·y + dy, f·x + dx, c),
 * TensorFlow's space_to_depth order (caller disposes). Only rank-4 transposes, which every backend has.
 */
export function spaceToDepth(x: tf.Tensor4D, factor: number): tf.Tensor4D {
  const [n, height, width, channels] = x.shape;
  if (height % factor !== 0 || width % factor !== 0) throw new Error(`spaceToDepth: ${height}×${width} is not divisible by ${factor}`);
  const rows = height / factor;
  const cols = width / factor;
  return tf.tidy(() => {
    const split = tf.reshape(x, [n * rows, factor, cols, factor * channels]);
    return tf.reshape(tf.transpose(split, [0, 2, 1, 3]), [n, rows, cols, factor * factor * channels]);
  });
}

/** Exact inverse of spaceToDepth: [n, h, w, f·f·C] → [n, h·f, w·f, C] (caller disposes). */
export function depthToSpace(x: tf.Tensor4D, factor: number): tf.Tensor4D {
  const [n, rows, cols, depth] = x.shape;
  if (depth % (factor * factor) !== 0) throw new Error(`depthToSpace: ${depth} channels are not divisible by ${factor}²`);
  const channels = depth / (factor * factor);
  return tf.tidy(() => {
    const split = tf.reshape(x, [n * rows, cols, factor, factor * channels]);
    return tf.reshape(tf.transpose(split, [0, 2, 1, 3]), [n, rows * factor, cols * factor, channels]);
  });
}

/** 1×1 convolution: a Dense layer over the channel axis, [n, H, W, inChannels] → [n, H, W, outChannels]. */
export class Pointwise {
  private readonly dense: Dense;

  /** PyTorch Conv2d default init: W, b ~ U(±1/√inChannels). Uses seeds `seed` and `seed + 1`. */
  constructor(inChannels: number, outChannels: number, activation: Activation, seed: number) {
    this.dense = new Dense(inChannels, outChannels, activation, seed);
  }

  /** [n, H, W, inChannels] → [n, H, W, outChannels] (caller disposes). */
  apply(x: tf.Tensor4D): tf.Tensor4D {
    const [n, height, width, channels] = x.shape;
    return tf.tidy(() => {
      const y = this.dense.apply(tf.reshape(x, [n * height * width, channels]));
      return tf.reshape(y, [n, height, width, this.dense.fanOut]);
    });
  }

  get variables(): tf.Variable[] {
    return this.dense.variables;
  }
}

/** Explicit padding by one pixel: tf.conv2d's numeric `pad` sizes both axes from the filter height (wrong for H ≠ W). */
const PAD_ONE: [[number, number], [number, number], [number, number], [number, number]] = [[0, 0], [1, 1], [1, 1], [0, 0]];

/**
 * ∂L/∂W of a 3×3 'same' convolution, x [n, H, W, C] and dPre [n, H, W, O] → [9·C, O], row (dy·3 + dx)·C + c
 * (caller disposes). dW[dy][dx][c][o] = Σ_{n,y,x} xPadded[n, y + dy, x + dx, c] · dPre[n, y, x, o] is itself a
 * convolution with batch and channels swapped: x viewed as [C, H, W, n] (padded by 1), dPre as an [H, W, n, O]
 * filter, output [C, 3, 3, O]. On wasm that runs in XNNPACK's conv kernel: 3–4 ms for x [64, 14, 14, 16], where
 * im2col + matMul took ~20 ms, most of it tfjs-wasm's Slice and Concat copying 16-float runs in JavaScript.
 */
function filterGradient3x3(x: tf.Tensor4D, dPre: tf.Tensor4D): tf.Tensor2D {
  const [inChannels, outChannels] = [x.shape[3], dPre.shape[3]];
  return tf.tidy(() => {
    const images = tf.transpose(x, [3, 1, 2, 0]);
    const filter = tf.transpose(dPre, [1, 2, 0, 3]);
    const perChannel = tf.conv2d(images, filter, 1, PAD_ONE);
    return tf.reshape(tf.transpose(perChannel, [1, 2, 0, 3]), [9 * inChannels, outChannels]);
  });
}

/**
 * y = act(conv3x3(x, W) + b) with a hand-written gradient built from forward ops only:
 * dx = conv3x3(dPre, W flipped in space, in/out swapped); dW = filterGradient3x3(x, dPre); db = Σ dPre.
 */
function conv3x3WithGradient(activation: Activation) {
  return tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [x, kernel, bias] = args as [tf.Tensor4D, tf.Tensor2D, tf.Tensor1D];
    const save = args[3] as tf.GradSaveFunc;
    const [n, height, width, inChannels] = x.shape;
    const outChannels = kernel.shape[1];
    const filter = tf.reshape<tf.Rank.R4>(kernel, [3, 3, inChannels, outChannels]);
    const y = tf.fused.conv2d({ x, filter, strides: 1, pad: 'same', bias, activation });
    save([x, kernel, y]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [input, weights, output] = saved as [tf.Tensor4D, tf.Tensor2D, tf.Tensor4D];
        const dPre = (activation === 'relu' ? tf.mul(dy, tf.step(output)) : dy) as tf.Tensor4D;
        const flipped = tf.transpose(tf.reverse(tf.reshape(weights, [3, 3, inChannels, outChannels]), [0, 1]), [0, 1, 3, 2]);
        const dx = tf.conv2d(dPre, flipped as tf.Tensor4D, 1, 'same');
        const db = tf.sum(tf.reshape(dPre, [n * height * width, outChannels]), 0);
        return [dx, filterGradient3x3(input, dPre), db];
      },
    };
  });
}

const CONV_OPS: Record<Activation, ReturnType<typeof conv3x3WithGradient>> = {
  linear: conv3x3WithGradient('linear'),
  relu: conv3x3WithGradient('relu'),
};

/**
 * 3×3 convolution, stride 1, 'same' zero padding, trainable on wasm. Its [9·inChannels, outChannels] kernel is
 * owned by a Dense layer (for the PyTorch-like init); row (dy·3 + dx)·inChannels + c is tf.conv2d's filter[dy][dx][c].
 */
export class Conv3x3 {
  private readonly dense: Dense;

  /** PyTorch Conv2d default init: W, b ~ U(±1/√(9·inChannels)). Uses seeds `seed` and `seed + 1`. */
  constructor(
    readonly inChannels: number,
    readonly outChannels: number,
    readonly activation: Activation,
    seed: number,
  ) {
    this.dense = new Dense(9 * inChannels, outChannels, activation, seed);
  }

  /** [n, H, W, inChannels] → [n, H, W, outChannels] (caller disposes). */
  apply(x: tf.Tensor4D): tf.Tensor4D {
    return CONV_OPS[this.activation](x, this.dense.kernel, this.dense.bias) as tf.Tensor4D;
  }

  /** The kernel viewed as tf.conv2d's filter → [3, 3, inChannels, outChannels] (caller disposes). */
  filter(): tf.Tensor4D {
    return tf.reshape(this.dense.kernel, [3, 3, this.inChannels, this.outChannels]);
  }

  get bias(): tf.Variable {
    return this.dense.bias;
  }

  get variables(): tf.Variable[] {
    return this.dense.variables;
  }
}
