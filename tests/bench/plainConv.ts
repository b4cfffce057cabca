/**
 * The baseline: the conv models written the straightforward way with tfjs-layers, trained with
 * `optimizer.minimize(() => loss, true)` and `loss.dataSync()` after every step. Same shapes as the app's
 * networks (src/ml/models/networks.ts): its space-to-depth + 1×1 is a 2×2 stride-2 conv2d here, its 1×1 +
 * depth-to-space a 2×2 stride-2 conv2dTranspose, so every layer has the app's receptive field and widths.
 * VQ-VAE stand-in: the same conv autoencoder through the 7×7×D code grid, without quantization (no VQ layer in
 * tfjs-layers); VAE: the same encoder → μ, log σ² (Dense) → z → Dense 7·7·32 → the same decoder.
 * On wasm it needs registerWasmConv2dFilterGradient() first.
 */
import * as tf from '@tensorflow/tfjs';
import type { ConvBenchModel } from './convModels';

const PIXELS = 784;

function encoderLayers(): tf.layers.Layer[] {
  return [
    tf.layers.reshape({ inputShape: [PIXELS], targetShape: [28, 28, 1] }),
    tf.layers.conv2d({ filters: 16, kernelSize: 2, strides: 2, activation: 'relu' }),
    tf.layers.conv2d({ filters: 16, kernelSize: 3, padding: 'same', activation: 'relu' }),
    tf.layers.conv2d({ filters: 32, kernelSize: 2, strides: 2, activation: 'relu' }),
  ];
}

function decoderLayers(): tf.layers.Layer[] {
  return [
    tf.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same', activation: 'relu' }),
    tf.layers.conv2dTranspose({ filters: 16, kernelSize: 2, strides: 2, activation: 'relu' }),
    tf.layers.conv2d({ filters: 16, kernelSize: 3, padding: 'same', activation: 'relu' }),
    tf.layers.conv2dTranspose({ filters: 1, kernelSize: 2, strides: 2 }),
    tf.layers.flatten(),
  ];
}

/** Σ BCE over pixels, mean over the batch. */
function reconstruction(x: tf.Tensor2D, logits: tf.Tensor2D): tf.Scalar {
  return tf.losses.sigmoidCrossEntropy(x, logits, undefined, 0, tf.Reduction.NONE).sum(1).mean();
}

/** A training step on one batch (count × 784 in [0, 1]) that returns the loss read with dataSync. */
export interface PlainStepper {
  step(images: Float32Array): number;
  dispose(): void;
}

export function createPlainConv(which: ConvBenchModel, batchSize: number, codeDim = 16, latentDim = 2): PlainStepper {
  const optimizer = tf.train.adam(1e-3);
  let loss: (x: tf.Tensor2D) => tf.Scalar;
  let models: tf.LayersModel[];
  if (which === 'vqvae') {
    const encoder = tf.sequential({ layers: [...encoderLayers(), tf.layers.conv2d({ filters: codeDim, kernelSize: 1 })] });
    const decoder = tf.sequential({ layers: [tf.layers.conv2d({ inputShape: [7, 7, codeDim], filters: 32, kernelSize: 1, activation: 'relu' }), ...decoderLayers()] });
    models = [encoder, decoder];
    loss = (x) => reconstruction(x, decoder.apply(encoder.apply(x)) as tf.Tensor2D);
  } else {
    const encoder = tf.sequential({ layers: [...encoderLayers(), tf.layers.flatten(), tf.layers.dense({ units: 2 * latentDim })] });
    const decoder = tf.sequential({
      layers: [tf.layers.dense({ inputShape: [latentDim], units: 7 * 7 * 32, activation: 'relu' }), tf.layers.reshape({ targetShape: [7, 7, 32] }), ...decoderLayers()],
    });
    models = [encoder, decoder];
    loss = (x) => {
      const h = encoder.apply(x) as tf.Tensor2D;
      const mean = h.slice([0, 0], [-1, latentDim]);
      const logVar = h.slice([0, latentDim], [-1, latentDim]);
      const z = mean.add(tf.exp(logVar.mul(0.5)).mul(tf.randomNormal(mean.shape)));
      const kl = tf.scalar(-0.5).mul(tf.scalar(1).add(logVar).sub(mean.square()).sub(logVar.exp()).sum(1)).mean();
      return reconstruction(x, decoder.apply(z) as tf.Tensor2D).add(kl);
    };
  }
  return {
    step(images) {
      const x = tf.tensor2d(images, [batchSize, PIXELS]);
      const value = optimizer.minimize(() => loss(x), true) as tf.Scalar;
      const result = value.dataSync()[0];
      tf.dispose([x, value]);
      return result;
    },
    dispose() {
      models.forEach((model) => model.dispose());
      optimizer.dispose();
    },
  };
}
