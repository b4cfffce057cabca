import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDecoder, createEncoder, createEncoderTrunk, createGridDecoder, createGridEncoder } from './networks';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const images = (n: number, seed: number) => tf.randomUniform([n, 784], 0, 1, 'float32', seed) as tf.Tensor2D;

/** Largest |a − b| per grid cell of two [1, 7, 7, C] outputs → 49 numbers, row-major. */
function cellChanges(a: tf.Tensor4D, b: tf.Tensor4D): number[] {
  const diff = tf.max(tf.abs(tf.sub(a, b)), 3).dataSync();
  return Array.from(diff);
}

describe.each(['mlp', 'conv'] as const)('%s encoder and decoder', (network) => {
  it('map [n, 784] → [n, out] and [n, in] → [n, 784] without leaking', () => {
    const encoder = createEncoder(network, 16, 5, 1);
    const decoder = createDecoder(network, 16, 5, encoder.nextSeed);
    const x = images(3, 2);
    const before = tf.memory().numTensors;
    const z = encoder.apply(x);
    const logits = decoder.apply(z);
    expect(tf.memory().numTensors).toBe(before + 2);
    expect(z.shape).toEqual([3, 5]);
    expect(logits.shape).toEqual([3, 784]);
    expect(Array.from(logits.dataSync()).every(Number.isFinite)).toBe(true);
    tf.dispose([x, z, logits, ...encoder.variables, ...decoder.variables]);
  });

  it('has the documented layers (variable count and shapes)', () => {
    const encoder = createEncoder(network, 16, 5, 1);
    const decoder = createDecoder(network, 16, 5, 9);
    const shapes = (vs: tf.Variable[]) => vs.filter((_, i) => i % 2 === 0).map((v) => v.shape);
    if (network === 'mlp') {
      expect(shapes(encoder.variables)).toEqual([[784, 16], [16, 5]]);
      expect(shapes(decoder.variables)).toEqual([[5, 16], [16, 784]]);
    } else {
      expect(shapes(encoder.variables)).toEqual([[4, 16], [144, 16], [64, 32], [1568, 5]]);
      expect(shapes(decoder.variables)).toEqual([[5, 1568], [288, 32], [32, 64], [144, 16], [16, 4]]);
    }
    tf.dispose([...encoder.variables, ...decoder.variables]);
  });
});

describe('seeds', () => {
  it('give every layer its own seed and report the next free one', () => {
    const trunk = createEncoderTrunk('mlp', 8, 10);
    expect(trunk.nextSeed).toBe(12);
    expect(trunk.outFeatures).toBe(8);
    const conv = createEncoder('conv', 8, 3, 10);
    expect(conv.nextSeed).toBe(18);
    const first = conv.variables.map((v) => v.dataSync()[0]);
    expect(new Set(first).size).toBe(first.length);
    tf.dispose([...trunk.variables, ...conv.variables]);
  });
});

describe('grid encoder and decoder (VQ-VAE)', () => {
  it('map [n, 784] → [n, 7, 7, D] → [n, 784] without leaking', () => {
    const encoder = createGridEncoder(6, 3);
    const decoder = createGridDecoder(6, encoder.nextSeed);
    const x = images(2, 4);
    const before = tf.memory().numTensors;
    const grid = encoder.apply(x);
    const logits = decoder.apply(grid);
    expect(tf.memory().numTensors).toBe(before + 2);
    expect(grid.shape).toEqual([2, 7, 7, 6]);
    expect(logits.shape).toEqual([2, 784]);
    expect(encoder.variables).toHaveLength(8);
    expect(decoder.variables).toHaveLength(10);
    tf.dispose([x, grid, logits, ...encoder.variables, ...decoder.variables]);
  });

  it('are local: the top-left pixel reaches only nearby cells, the top-left cell only nearby pixels', () => {
    const encoder = createGridEncoder(4, 5);
    const decoder = createGridDecoder(4, encoder.nextSeed);
    const x = images(1, 6);
    const bumped = tf.add(x, tf.oneHot([0], 784).mul(5)) as tf.Tensor2D;
    const changes = cellChanges(encoder.apply(x), encoder.apply(bumped));
    expect(changes[0]).toBeGreaterThan(0);
    // Receptive field: 4×4 pixels per cell plus one 3×3 conv at 14×14 (±2 pixels) → only cells (0..1, 0..1).
    changes.forEach((change, cell) => {
      if (Math.floor(cell / 7) > 1 || cell % 7 > 1) expect(change).toBe(0);
    });
    const grid = tf.randomNormal([1, 7, 7, 4], 0, 1, 'float32', 7) as tf.Tensor4D;
    const gridBumped = tf.add(grid, tf.reshape(tf.oneHot([0], 7 * 7 * 4).mul(5), [1, 7, 7, 4])) as tf.Tensor4D;
    const pixelChanges = tf.abs(tf.sub(decoder.apply(grid), decoder.apply(gridBumped))).dataSync();
    expect(pixelChanges[0]).toBeGreaterThan(0);
    // Cell (0, 0) → 3×3 at 7×7 (cells 0..1) → pixels 0..3 at 14×14 → 3×3 (0..4) → pixels 0..9 at 28×28.
    pixelChanges.forEach((change, pixel) => {
      if (Math.floor(pixel / 28) > 9 || pixel % 28 > 9) expect(change).toBe(0);
    });
    tf.dispose([...encoder.variables, ...decoder.variables]);
  });
});

describe('two-plane input (the MAE: image, then mask)', () => {
  it('MLP reads 2·784 inputs; conv puts the second plane on the same 28×28 grid as the first', () => {
    const mlp = createEncoder('mlp', 16, 5, 1, 2);
    expect(mlp.variables[0].shape).toEqual([1568, 16]);
    const trunk = createEncoderTrunk('conv', 16, 3, 2);
    const x = tf.concat([images(1, 4), images(1, 5)], 1) as tf.Tensor2D;
    const bottomRight = 27 * 28 + 27;
    const grid = (input: tf.Tensor2D) => tf.reshape(trunk.apply(input), [1, 7, 7, 32]) as tf.Tensor4D;
    for (const plane of [0, 1]) {
      const bumped = tf.add(x, tf.oneHot([plane * 784 + bottomRight], 1568).mul(5)) as tf.Tensor2D;
      const changes = cellChanges(grid(x), grid(bumped));
      expect(changes[48]).toBeGreaterThan(0);
      changes.forEach((change, cell) => {
        if (Math.floor(cell / 7) < 5 || cell % 7 < 5) expect(change).toBe(0);
      });
    }
    tf.dispose([x, ...mlp.variables, ...trunk.variables]);
  });
});
