import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { MlpVae } from './vae';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('MlpVae', () => {
  it('encodes to [batch, latentDim] twice and decodes to [batch, 784] logits', () => {
    const model = new MlpVae({ inputSize: 784, hiddenUnits: 16, latentDim: 3, seed: 1 });
    const x = tf.randomUniform([5, 784]) as tf.Tensor2D;
    const { mean, logVar } = model.encode(x);
    const logits = model.decode(mean);
    expect(mean.shape).toEqual([5, 3]);
    expect(logVar.shape).toEqual([5, 3]);
    expect(logits.shape).toEqual([5, 784]);
    expect(model.variables).toHaveLength(10);
    tf.dispose([x, mean, logVar, logits]);
    model.dispose();
  });

  it('initialises weights in ±1/√fanIn like PyTorch nn.Linear', () => {
    const model = new MlpVae({ inputSize: 784, hiddenUnits: 16, latentDim: 2, seed: 1 });
    const kernel = model.variables[0].dataSync();
    const limit = 1 / Math.sqrt(784);
    expect(Math.max(...kernel)).toBeLessThanOrEqual(limit);
    expect(Math.min(...kernel)).toBeGreaterThanOrEqual(-limit);
    expect(Math.max(...kernel)).toBeGreaterThan(0.9 * limit);
    model.dispose();
  });

  it('leaks no tensors in encode, decode, lossTerms and dispose', () => {
    const before = tf.memory().numTensors;
    const model = new MlpVae({ inputSize: 784, hiddenUnits: 8, latentDim: 2, seed: 2 });
    const x = tf.randomUniform([4, 784]) as tf.Tensor2D;
    const eps = tf.randomNormal([4, 2]) as tf.Tensor2D;
    const afterSetup = tf.memory().numTensors;
    const code = model.encode(x);
    const logits = model.decode(code.mean);
    const terms = model.lossTerms(x, eps);
    expect(tf.memory().numTensors).toBe(afterSetup + 5);
    tf.dispose([code.mean, code.logVar, logits, terms.rec, terms.kl, x, eps]);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
