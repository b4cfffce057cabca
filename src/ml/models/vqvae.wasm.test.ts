import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CODEBOOK_UPKEEP, VqVae } from './vqvae';
import { batchOf } from './testing';

beforeAll(async () => {
  await tf.setBackend('wasm');
  expect(tf.getBackend()).toBe('wasm');
});

/** 12 images of one bright 4-pixel bar each, six rows and six columns (a tiny learnable dataset). */
function bars(): tf.Tensor2D {
  const pixels = new Float32Array(12 * 784);
  for (let n = 0; n < 12; n++) {
    const offset = 4 * (n % 6) + 2;
    for (let i = 0; i < 28; i++) for (let w = 0; w < 4; w++) {
      const [row, col] = n < 6 ? [offset + w, i] : [i, offset + w];
      pixels[n * 784 + row * 28 + col] = 1;
    }
  }
  return tf.tensor2d(pixels, [12, 784]);
}

describe('VqVae on wasm (no UnsortedSegmentSum or Conv2DBackpropFilter kernels there)', () => {
  it.each(['gradient', 'ema'] as const)('%s codebook: 80 Adam steps with dead-code restarts train every variable, halve rec and leak nothing', async (codebookUpdate) => {
    const model = new VqVae({
      kind: 'vqvae', network: 'conv', likelihood: { kind: 'bernoulli' }, latentDim: 2, hiddenUnits: 32,
      codebookSize: 16, codeDim: 4, codebookUpdate, seed: 5,
    }, { ...DEFAULT_CODEBOOK_UPKEEP, restartEvery: 10, deadAfterSteps: 10 });
    const optimizer = tf.train.adam(3e-3);
    const x = bars();
    const rec = () => tf.tidy(() => model.lossTerms(batchOf(x))[0].dataSync()[0]);
    const step = () => {
      optimizer.minimize(() => {
        const [recTerm, codebook, commitment] = model.lossTerms(batchOf(x));
        return tf.addN([recTerm, codebook, tf.mul(commitment, 0.25)]) as tf.Scalar;
      }, false, model.variables);
      model.afterStep(x, { restartDeadCodes: true });
    };
    const initial = rec();
    const before = model.variables.map((v) => v.dataSync().slice());
    step();
    const tensors = tf.memory().numTensors;
    for (let k = 1; k < 80; k++) step();
    expect(tf.memory().numTensors).toBe(tensors);
    model.variables.forEach((v, i) => expect(v.dataSync().some((value, j) => value !== before[i][j])).toBe(true));
    expect(rec()).toBeLessThan(0.5 * initial);
    const points = model.embed(x).points;
    const statistics = await model.codebookStatistics(points);
    points.dispose();
    // Whole counts (wasm's oneHot ignores a float32 dtype and would hand back int32 bits: 1 → 1.4e-45).
    expect(Array.from(statistics.counts).reduce((a, b) => a + b, 0)).toBe(12 * 49);
    expect(statistics.restartedCodes).toBeGreaterThan(0);
    expect(statistics.perplexity).toBeGreaterThan(1);
    model.dispose();
    optimizer.dispose();
  });
});
