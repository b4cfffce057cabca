import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, describe, expect, it } from 'vitest';
import { mulberry32, standardNormals } from '../math/random';
import { Conv3x3 } from './conv';

afterAll(async () => {
  await tf.setBackend('cpu');
});

/** Values of `fn`'s tensors, computed on `backend`. */
async function on(backend: 'cpu' | 'wasm', fn: () => tf.Tensor[]): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  expect(tf.getBackend()).toBe(backend);
  return tf.tidy(fn).map((t) => {
    const values = t.dataSync() as Float32Array;
    t.dispose();
    return Float32Array.from(values);
  });
}

describe('Conv3x3 on wasm (XNNPACK convolutions, explicit padding)', () => {
  it.each(['linear', 'relu'] as const)('%s: value and gradients equal tf.conv2d and its autodiff gradients on cpu', async (activation) => {
    const [n, height, width, inC, outC] = [3, 6, 5, 4, 3];
    const x = standardNormals(n * height * width * inC, mulberry32(12));
    const weights = standardNormals(n * height * width * outC, mulberry32(13));
    const inputs = () => [tf.tensor4d(x, [n, height, width, inC]), tf.tensor4d(weights, [n, height, width, outC])] as const;
    const loss = (y: tf.Tensor, w: tf.Tensor) => tf.sum(tf.mul(y, w)) as tf.Scalar;
    await tf.setBackend('wasm');
    const layer = new Conv3x3(inC, outC, activation, 14);
    const [kernel, bias] = layer.variables.map((v) => Array.from(v.dataSync()));
    const ours = await on('wasm', () => {
      const [input, w] = inputs();
      const { value, grads } = tf.variableGrads(() => loss(layer.apply(input), w), layer.variables);
      const [dInput] = tf.grads((i: tf.Tensor) => loss(layer.apply(i as tf.Tensor4D), w))([input]);
      return [value, dInput, grads[layer.variables[0].name], grads[layer.bias.name]];
    });
    const reference = await on('cpu', () => {
      const [input, w] = inputs();
      const f = (i: tf.Tensor, filter: tf.Tensor, b: tf.Tensor) => {
        const pre = tf.add(tf.conv2d(i as tf.Tensor4D, filter as tf.Tensor4D, 1, 'same'), b);
        return loss(activation === 'relu' ? tf.relu(pre) : pre, w);
      };
      const filter = tf.tensor4d(kernel, [3, 3, inC, outC]);
      const b = tf.tensor1d(bias);
      return [f(input, filter, b), ...tf.grads(f)([input, filter, b])];
    });
    ours.forEach((values, t) => {
      expect(values.length).toBe(reference[t].length);
      values.forEach((value, i) => expect(value).toBeCloseTo(reference[t][i], 3));
    });
    await tf.setBackend('wasm');
    tf.dispose(layer.variables);
  });

  it.each(['linear', 'relu'] as const)('%s: leaks no tensors through a training step', async (activation) => {
    await tf.setBackend('wasm');
    const layer = new Conv3x3(2, 3, activation, 1);
    const x = tf.randomNormal([2, 4, 6, 2]) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const { value, grads } = tf.variableGrads(() => tf.sum(layer.apply(x)) as tf.Scalar, layer.variables);
    expect(tf.memory().numTensors).toBe(before + 1 + 2);
    expect(grads[layer.variables[0].name].shape).toEqual([18, 3]);
    tf.dispose([value, ...Object.values(grads), x, ...layer.variables]);
  });
});
