/**
 * The baseline: a VAE written the straightforward way with tfjs-layers (784→hidden→(μ, log σ²) and
 * latent→hidden→784), `optimizer.minimize(() => loss)` and `loss.dataSync()` after every step.
 * Backend setup (SOFTWARE_WEBGL_ENABLED, setWasmPaths with Vite-served .wasm files) matches the app's.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { PlainEvent, PlainStart } from './messages';

const PIXELS = 784;

function post(event: PlainEvent): void {
  postMessage(event);
}

async function switchBackend(name: string): Promise<string> {
  setWasmPaths({
    'tfjs-backend-wasm.wasm': wasmUrl,
    'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
    'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimdUrl,
  });
  if (name === 'webgl') tf.env().set('SOFTWARE_WEBGL_ENABLED', true);
  await tf.setBackend(name);
  await tf.ready();
  return tf.getBackend();
}

/** Raw bytes → floats in [0, 1], count × 784. */
async function loadImages(url: string): Promise<Float32Array> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  return Float32Array.from(bytes, (v) => v / 255);
}

async function train(config: PlainStart): Promise<void> {
  const backend = await switchBackend(config.backend);
  if (backend !== config.backend) throw new Error(`setBackend('${config.backend}') gave '${backend}'`);
  const images = await loadImages(config.dataUrl);
  const imageCount = images.length / PIXELS;
  post({ type: 'ready', backend, images: imageCount });

  const encoder = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [PIXELS], units: config.hiddenUnits, activation: 'relu' }),
      tf.layers.dense({ units: 2 * config.latentDim }),
    ],
  });
  const decoder = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [config.latentDim], units: config.hiddenUnits, activation: 'relu' }),
      tf.layers.dense({ units: PIXELS }),
    ],
  });
  const optimizer = tf.train.adam(0.001);
  const batchSize = config.batchSize;
  const batchesPerEpoch = Math.floor(imageCount / batchSize);

  for (let step = 1; ; step++) {
    const start = ((step - 1) % batchesPerEpoch) * batchSize;
    const x = tf.tensor2d(images.subarray(start * PIXELS, (start + batchSize) * PIXELS), [batchSize, PIXELS]);
    const loss = optimizer.minimize(() => {
      const h = encoder.apply(x) as tf.Tensor2D;
      const mean = h.slice([0, 0], [-1, config.latentDim]);
      const logVar = h.slice([0, config.latentDim], [-1, config.latentDim]);
      const z = mean.add(tf.exp(logVar.mul(0.5)).mul(tf.randomNormal(mean.shape)));
      const logits = decoder.apply(z) as tf.Tensor2D;
      const rec = tf.losses.sigmoidCrossEntropy(x, logits, undefined, 0, tf.Reduction.NONE).sum(1).mean();
      const kl = tf.scalar(-0.5).mul(tf.scalar(1).add(logVar).sub(mean.square()).sub(logVar.exp()).sum(1)).mean();
      return rec.add(kl) as tf.Scalar;
    }, true) as tf.Scalar;
    const lossValue = loss.dataSync()[0];
    tf.dispose([x, loss]);
    post({ type: 'step', step, loss: lossValue, tensors: tf.memory().numTensors });
  }
}

onmessage = (event: MessageEvent<PlainStart>) => {
  train(event.data).catch((error: unknown) => post({ type: 'error', message: String(error) }));
};
