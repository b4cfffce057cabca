import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { nearZero, powerSeries, splitAtMagnitude } from './stable';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('powerSeries', () => {
  it('sums c₀s + c₁s² + c₂s³ (no constant term), worked by hand', () => {
    // s = 2: 3·2 − 1·4 + 0.5·8 = 6.
    expect(Array.from(powerSeries(tf.tensor1d([2, 0, -1]), [3, -1, 0.5]).dataSync())).toEqual([6, 0, -4.5]);
  });
});

describe('nearZero and splitAtMagnitude', () => {
  it('nearZero is 1 strictly inside the cutoff, 0 at and beyond it', () => {
    expect(Array.from(nearZero(tf.tensor1d([-2, -1, -0.5, 0, 0.99, 1]), 1).dataSync())).toEqual([0, 0, 1, 1, 1, 0]);
  });

  it('uses each branch in its own region, with the documented inputs', () => {
    const x = tf.tensor1d([-3, -0.2, 0, 0.4, 2]);
    const value = splitAtMagnitude(x, 0.5, (clipped) => tf.add(clipped, 100), (magnitude) => tf.neg(magnitude)).dataSync();
    [-3, 99.8, 100, 100.4, -2].forEach((expected, i) => expect(value[i]).toBeCloseTo(expected, 4));
  });

  it('keeps the gradient finite where the unused branch would be infinite (log |x| at 0)', () => {
    const f = (x: tf.Tensor) => tf.sum(splitAtMagnitude(x, 0.5, (c) => tf.square(c), (u) => tf.log(u)));
    const grad = tf.grad(f)(tf.tensor1d([0, 0.25, 1, -2])).dataSync();
    expect(Array.from(grad)).toEqual([0, 0.5, 1, -0.5]);
  });

  it('keeps shapes and leaks no tensors', () => {
    const x = tf.randomNormal([3, 4], 0, 1, 'float32', 1);
    const before = tf.memory().numTensors;
    const outputs = [nearZero(x, 0.5), powerSeries(x, [1, 2]), splitAtMagnitude(x, 0.5, (c) => tf.mul(c, 2), (u) => tf.sqrt(u))];
    expect(outputs.map((t) => t.shape)).toEqual([[3, 4], [3, 4], [3, 4]]);
    expect(tf.memory().numTensors).toBe(before + 3);
    tf.dispose([x, ...outputs]);
  });
});
