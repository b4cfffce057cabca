import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Conv3x3, depthToSpace, Pointwise, spaceToDepth } from './conv';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Plain-JS NHWC indexing. */
const at = (shape: number[]) => (b: number, y: number, x: number, c: number) => ((b * shape[1] + y) * shape[2] + x) * shape[3] + c;

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, digits = 4) {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expect(actual[i]).toBeCloseTo(expected[i], digits);
}

describe('spaceToDepth / depthToSpace', () => {
  it('moves pixel (f·y + dy, f·x + dx, c) to channel (dy·f + dx)·C + c, by brute force', () => {
    const shape = [2, 6, 4, 3];
    const factor = 2;
    const values = Array.from({ length: 2 * 6 * 4 * 3 }, (_, i) => i);
    const out = spaceToDepth(tf.tensor4d(values, shape as [number, number, number, number]), factor);
    expect(out.shape).toEqual([2, 3, 2, 12]);
    const inIndex = at(shape);
    const outIndex = at(out.shape);
    const expected = new Array<number>(values.length);
    for (let b = 0; b < 2; b++)
      for (let y = 0; y < 3; y++)
        for (let x = 0; x < 2; x++)
          for (let dy = 0; dy < factor; dy++)
            for (let dx = 0; dx < factor; dx++)
              for (let c = 0; c < 3; c++) expected[outIndex(b, y, x, (dy * factor + dx) * 3 + c)] = values[inIndex(b, factor * y + dy, factor * x + dx, c)];
    expect(Array.from(out.dataSync())).toEqual(expected);
  });

  it('agrees with tf.depthToSpace and is the exact inverse, both ways', () => {
    const x = tf.randomNormal([3, 4, 6, 5], 0, 1, 'float32', 1) as tf.Tensor4D;
    const deep = tf.randomNormal([2, 3, 2, 12], 0, 1, 'float32', 2) as tf.Tensor4D;
    expect(Array.from(spaceToDepth(depthToSpace(deep, 2), 2).dataSync())).toEqual(Array.from(deep.dataSync()));
    expect(Array.from(depthToSpace(spaceToDepth(x, 2), 2).dataSync())).toEqual(Array.from(x.dataSync()));
    expect(Array.from(depthToSpace(deep, 2).dataSync())).toEqual(Array.from(tf.depthToSpace(deep, 2).dataSync()));
  });

  it('rejects sizes the factor does not divide', () => {
    expect(() => spaceToDepth(tf.zeros([1, 3, 4, 1]) as tf.Tensor4D, 2)).toThrow(/divisible/);
    expect(() => depthToSpace(tf.zeros([1, 3, 4, 6]) as tf.Tensor4D, 2)).toThrow(/divisible/);
  });

  it('leaks no tensors', () => {
    const x = tf.randomNormal([2, 4, 4, 3]) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const deep = spaceToDepth(x, 2);
    const out = depthToSpace(deep, 2);
    expect(tf.memory().numTensors).toBe(before + 2);
    tf.dispose([x, deep, out]);
  });
});

describe('Conv3x3', () => {
  it.each(['linear', 'relu'] as const)('%s: equals a brute-force same-padded convolution', (activation) => {
    const [n, height, width, inC, outC] = [2, 5, 4, 3, 2];
    const layer = new Conv3x3(inC, outC, activation, 11);
    const x = tf.randomNormal([n, height, width, inC], 0, 1, 'float32', 3) as tf.Tensor4D;
    const input = x.dataSync();
    const kernel = layer.variables[0].dataSync(); // [9·inC, outC], row (dy·3 + dx)·inC + c
    const bias = layer.bias.dataSync();
    const inIndex = at([n, height, width, inC]);
    const expected: number[] = [];
    for (let b = 0; b < n; b++)
      for (let y = 0; y < height; y++)
        for (let xx = 0; xx < width; xx++)
          for (let o = 0; o < outC; o++) {
            let sum = bias[o];
            for (let dy = 0; dy < 3; dy++)
              for (let dx = 0; dx < 3; dx++) {
                const sy = y + dy - 1;
                const sx = xx + dx - 1;
                if (sy < 0 || sy >= height || sx < 0 || sx >= width) continue;
                for (let c = 0; c < inC; c++) sum += input[inIndex(b, sy, sx, c)] * kernel[((dy * 3 + dx) * inC + c) * outC + o];
              }
            expected.push(activation === 'relu' ? Math.max(0, sum) : sum);
          }
    const out = layer.apply(x);
    expect(out.shape).toEqual([n, height, width, outC]);
    expectClose(out.dataSync(), expected, 4);
    layer.variables.forEach((v) => v.dispose());
  });

  it('initialises weights in ±1/√(9·inChannels) like PyTorch Conv2d', () => {
    const layer = new Conv3x3(16, 8, 'relu', 4);
    const kernel = Array.from(layer.variables[0].dataSync());
    const limit = 1 / Math.sqrt(9 * 16);
    expect(Math.max(...kernel)).toBeLessThanOrEqual(limit);
    expect(Math.min(...kernel)).toBeGreaterThanOrEqual(-limit);
    expect(Math.max(...kernel)).toBeGreaterThan(0.9 * limit);
    layer.variables.forEach((v) => v.dispose());
  });

  it.each(['linear', 'relu'] as const)('%s: gradients for input, kernel and bias equal tf.grads of tf.conv2d', (activation) => {
    const layer = new Conv3x3(3, 4, activation, 21);
    const x = tf.randomNormal([2, 5, 6, 3], 0, 1, 'float32', 5) as tf.Tensor4D;
    const weights = tf.randomNormal([2, 5, 6, 4], 0, 1, 'float32', 6);
    const loss = (y: tf.Tensor) => tf.sum(tf.mul(y, weights)) as tf.Scalar;
    const reference = (input: tf.Tensor, filter: tf.Tensor, bias: tf.Tensor) => {
      const pre = tf.add(tf.conv2d(input as tf.Tensor4D, filter as tf.Tensor4D, 1, 'same'), bias);
      return loss(activation === 'relu' ? tf.relu(pre) : pre);
    };
    const filter = layer.filter();
    const [dInput, dFilter, dBias] = tf.grads(reference)([x, filter, layer.bias]);
    const [dInputOurs] = tf.grads((input: tf.Tensor) => loss(layer.apply(input as tf.Tensor4D)))([x]);
    const { value, grads } = tf.variableGrads(() => loss(layer.apply(x)), layer.variables);
    expect(value.dataSync()[0]).toBeCloseTo(reference(x, filter, layer.bias).dataSync()[0], 3);
    expectClose(dInputOurs.dataSync(), dInput.dataSync());
    expectClose(grads[layer.variables[0].name].dataSync(), dFilter.dataSync());
    expectClose(grads[layer.bias.name].dataSync(), dBias.dataSync());
  });

  it('leaks no tensors in apply or its gradient', () => {
    const layer = new Conv3x3(2, 3, 'relu', 1);
    const x = tf.randomNormal([1, 4, 4, 2]) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const out = layer.apply(x);
    const { value, grads } = tf.variableGrads(() => tf.sum(layer.apply(x)) as tf.Scalar, layer.variables);
    expect(tf.memory().numTensors).toBe(before + 1 + 1 + 2);
    tf.dispose([out, value, ...Object.values(grads), x, ...layer.variables]);
  });
});

describe('Pointwise', () => {
  it('applies the same affine map to every pixel, by brute force', () => {
    const layer = new Pointwise(3, 2, 'linear', 8);
    const x = tf.randomNormal([2, 3, 2, 3], 0, 1, 'float32', 9) as tf.Tensor4D;
    const input = x.dataSync();
    const kernel = layer.variables[0].dataSync();
    const bias = layer.variables[1].dataSync();
    const expected: number[] = [];
    for (let p = 0; p < 2 * 3 * 2; p++)
      for (let o = 0; o < 2; o++) {
        let sum = bias[o];
        for (let c = 0; c < 3; c++) sum += input[p * 3 + c] * kernel[c * 2 + o];
        expected.push(sum);
      }
    const before = tf.memory().numTensors;
    const out = layer.apply(x);
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(out.shape).toEqual([2, 3, 2, 2]);
    expectClose(out.dataSync(), expected, 5);
    tf.dispose([out, x, ...layer.variables]);
  });
});
