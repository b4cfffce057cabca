import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, describe, expect, it } from 'vitest';
import { Dense } from './dense';

afterAll(async () => {
  await tf.setBackend('cpu');
});

const CASES = [
  ['cpu', 'relu'],
  ['cpu', 'linear'],
  ['wasm', 'relu'],
  ['wasm', 'linear'],
] as const;

/**
 * Layer sizes and batch: on wasm the input gradient ∂L/∂y·Wᵀ is computed as (W·(∂L/∂y)ᵀ)ᵀ when the batch is the
 * smaller side (the second shape) and as ∂L/∂y·Wᵀ otherwise (the first).
 */
const SHAPES = [
  { fanIn: 5, fanOut: 3, batch: 4 },
  { fanIn: 12, fanOut: 10, batch: 2 },
];
const INPUT_GRADIENT_CASES = CASES.flatMap(([backend, activation]) => SHAPES.map((shape) => [backend, activation, shape] as const));

describe('Dense', () => {
  it.each(INPUT_GRADIENT_CASES)('%s, %s, %o: value and gradients equal autodiff of the plain formula', async (backend, activation, shape) => {
    await tf.setBackend(backend);
    expect(tf.getBackend()).toBe(backend);
    const layer = new Dense(shape.fanIn, shape.fanOut, activation, 9);
    const x = tf.randomNormal([shape.batch, shape.fanIn], 0, 1, 'float32', 2) as tf.Tensor2D;
    const weights = tf.randomNormal([shape.batch, shape.fanOut], 0, 1, 'float32', 3);
    const loss = (y: tf.Tensor) => tf.sum(tf.mul(y, weights)) as tf.Scalar;
    const plain = (input: tf.Tensor, kernel: tf.Tensor, bias: tf.Tensor) => {
      const pre = tf.add(tf.matMul(input, kernel), bias);
      return loss(activation === 'relu' ? tf.relu(pre) : pre);
    };
    const expected = tf.grads(plain)([x, layer.kernel, layer.bias]);
    const actual = tf.grads((input: tf.Tensor) => loss(layer.apply(input as tf.Tensor2D)))([x]);
    const { grads } = tf.variableGrads(() => loss(layer.apply(x)), layer.variables);
    Array.from(actual[0].dataSync()).forEach((g, i) => expect(g).toBeCloseTo(expected[0].dataSync()[i], 5));
    Array.from(grads[layer.kernel.name].dataSync()).forEach((g, i) => expect(g).toBeCloseTo(expected[1].dataSync()[i], 5));
    Array.from(grads[layer.bias.name].dataSync()).forEach((g, i) => expect(g).toBeCloseTo(expected[2].dataSync()[i], 5));
    expect(loss(layer.apply(x)).dataSync()[0]).toBeCloseTo(plain(x, layer.kernel, layer.bias).dataSync()[0], 5);
  });

  it.each(CASES)('%s, %s, a layer fed data: weight gradients of the plain formula; asking for the input gradient fails', async (backend, activation) => {
    await tf.setBackend(backend);
    const layer = new Dense(5, 3, activation, 9, true);
    const x = tf.randomNormal([4, 5], 0, 1, 'float32', 2) as tf.Tensor2D;
    const weights = tf.randomNormal([4, 3], 0, 1, 'float32', 3);
    const loss = (y: tf.Tensor) => tf.sum(tf.mul(y, weights)) as tf.Scalar;
    const plain = (kernel: tf.Tensor, bias: tf.Tensor) => {
      const pre = tf.add(tf.matMul(x, kernel), bias);
      return loss(activation === 'relu' ? tf.relu(pre) : pre);
    };
    const [kernelGrad, biasGrad] = tf.grads(plain)([layer.kernel, layer.bias]);
    const { grads } = tf.variableGrads(() => loss(layer.apply(x)), layer.variables);
    Array.from(grads[layer.kernel.name].dataSync()).forEach((g, i) => expect(g).toBeCloseTo(kernelGrad.dataSync()[i], 5));
    Array.from(grads[layer.bias.name].dataSync()).forEach((g, i) => expect(g).toBeCloseTo(biasGrad.dataSync()[i], 5));
    expect(() => tf.grads((input: tf.Tensor) => loss(layer.apply(input as tf.Tensor2D)))([x])).toThrow(/gradient/i);
  });
});
