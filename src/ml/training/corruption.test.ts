import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../math/random';
import type { ModelKind } from '../models/types';
import { addGaussianNoise, blur, corruptInput, maskPatches, type CorruptionSettings } from './corruption';

const SIDE = 28;
const PIXELS = SIDE * SIDE;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

afterAll(async () => {
  await tf.setBackend('cpu');
});

function randomImages(rows: number, seed: number): tf.Tensor2D {
  const uniform = mulberry32(seed);
  return tf.tensor2d(Float32Array.from({ length: rows * PIXELS }, () => uniform()), [rows, PIXELS]);
}

/** Direct 'same' convolution with [1,2,1]ᵀ[1,2,1]/16 and zero padding, one image of 784 pixels. */
function bruteForceBlur(image: ArrayLike<number>): number[] {
  const taps = [1, 2, 1];
  const out = new Array<number>(PIXELS).fill(0);
  for (let r = 0; r < SIDE; r++) {
    for (let c = 0; c < SIDE; c++) {
      for (let dr = -1; dr <= 1; dr++) {
        for (let dc = -1; dc <= 1; dc++) {
          const rr = r + dr;
          const cc = c + dc;
          if (rr >= 0 && rr < SIDE && cc >= 0 && cc < SIDE) out[r * SIDE + c] += (taps[dr + 1] * taps[dc + 1] * image[rr * SIDE + cc]) / 16;
        }
      }
    }
  }
  return out;
}

/** E[g(Z)] for Z ~ N(0, 1) by Simpson's rule on [−10, 10]. */
function normalExpectation(g: (z: number) => number): number {
  const intervals = 20000;
  const h = 20 / intervals;
  let sum = 0;
  for (let i = 0; i <= intervals; i++) {
    const z = -10 + i * h;
    const weight = i === 0 || i === intervals ? 1 : i % 2 === 1 ? 4 : 2;
    sum += weight * g(z) * Math.exp(-0.5 * z * z);
  }
  return (sum * h) / 3 / Math.sqrt(2 * Math.PI);
}

function meanAndStd(values: number[]): { mean: number; std: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
  return { mean, std: Math.sqrt(variance) };
}

/** numTensors after a call whose outputs are disposed equals numTensors before it (after a warm-up call). */
function expectNoLeak(run: () => tf.Tensor | tf.Tensor[]): void {
  tf.dispose(run());
  const before = tf.memory().numTensors;
  tf.dispose(run());
  expect(tf.memory().numTensors).toBe(before);
}

describe('addGaussianNoise', () => {
  it('std 0.3 on a constant 0.5 image: mean ≈ 0, spread equals the clipped normal (quadrature)', () => {
    const x = tf.fill([200, PIXELS], 0.5) as tf.Tensor2D;
    const noisy = addGaussianNoise(x, 0.3, 11);
    const diff = Array.from(noisy.dataSync(), (v) => v - 0.5);
    const { mean, std } = meanAndStd(diff);
    const clip = (z: number) => Math.min(0.5, Math.max(-0.5, 0.3 * z));
    const clippedStd = Math.sqrt(normalExpectation((z) => clip(z) ** 2));
    expect(clippedStd).toBeGreaterThan(0.27);
    expect(clippedStd).toBeLessThan(0.28);
    expect(mean).toBeCloseTo(0, 2);
    expect(Math.abs(std - clippedStd)).toBeLessThan(0.003);
    const clippedShare = diff.filter((d) => Math.abs(d) >= 0.5 - 1e-6).length / diff.length;
    const expectedShare = normalExpectation((z) => (Math.abs(0.3 * z) >= 0.5 ? 1 : 0));
    expect(Math.abs(clippedShare - expectedShare)).toBeLessThan(0.005);
    tf.dispose([x, noisy]);
  });

  it('small std is unclipped: empirical std ≈ std, mean ≈ 0', () => {
    const x = tf.fill([200, PIXELS], 0.5) as tf.Tensor2D;
    const noisy = addGaussianNoise(x, 0.05, 12);
    const { mean, std } = meanAndStd(Array.from(noisy.dataSync(), (v) => v - 0.5));
    expect(Math.abs(mean)).toBeLessThan(0.001);
    expect(Math.abs(std - 0.05)).toBeLessThan(0.001);
    tf.dispose([x, noisy]);
  });

  it('clips to [0, 1], keeps the shape, is reproducible per seed, and rejects a negative std', () => {
    const x = randomImages(20, 1);
    const a = addGaussianNoise(x, 1, 5);
    const b = addGaussianNoise(x, 1, 5);
    const c = addGaussianNoise(x, 1, 6);
    expect(a.shape).toEqual([20, PIXELS]);
    const values = a.dataSync();
    expect(Math.min(...values)).toBe(0);
    expect(Math.max(...values)).toBe(1);
    expect(Array.from(b.dataSync())).toEqual(Array.from(values));
    expect(Array.from(c.dataSync())).not.toEqual(Array.from(values));
    expect(() => addGaussianNoise(x, -0.1, 1)).toThrow(/std/);
    tf.dispose([x, a, b, c]);
  });
});

describe('blur', () => {
  it('a single bright pixel becomes the kernel, inside and at the zero-padded corner', () => {
    const image = new Float32Array(2 * PIXELS);
    image[10 * SIDE + 12] = 1;
    image[PIXELS] = 1;
    const blurred = blur(tf.tensor2d(image, [2, PIXELS]));
    const values = blurred.dataSync();
    const kernel = [[1, 2, 1], [2, 4, 2], [1, 2, 1]];
    for (let r = 0; r < SIDE; r++) {
      for (let c = 0; c < SIDE; c++) {
        const inside = Math.abs(r - 10) <= 1 && Math.abs(c - 12) <= 1 ? kernel[r - 9][c - 11] / 16 : 0;
        expect(values[r * SIDE + c]).toBeCloseTo(inside, 6);
        const corner = r <= 1 && c <= 1 ? kernel[r + 1][c + 1] / 16 : 0;
        expect(values[PIXELS + r * SIDE + c]).toBeCloseTo(corner, 6);
      }
    }
    tf.dispose(blurred);
  });

  it('equals a brute-force convolution on random images and keeps the shape', () => {
    const x = randomImages(3, 2);
    const blurred = blur(x);
    expect(blurred.shape).toEqual([3, PIXELS]);
    const input = x.dataSync();
    const output = blurred.dataSync();
    for (let n = 0; n < 3; n++) {
      const expected = bruteForceBlur(input.subarray(n * PIXELS, (n + 1) * PIXELS));
      expected.forEach((v, i) => expect(output[n * PIXELS + i]).toBeCloseTo(v, 5));
    }
    tf.dispose([x, blurred]);
  });

  it('preserves total mass when the one-pixel border is empty', () => {
    const uniform = mulberry32(3);
    const image = Float32Array.from({ length: PIXELS }, (_, i) => {
      const r = Math.floor(i / SIDE);
      const c = i % SIDE;
      return r === 0 || c === 0 || r === SIDE - 1 || c === SIDE - 1 ? 0 : uniform();
    });
    const x = tf.tensor2d(image, [1, PIXELS]);
    const blurred = blur(x);
    const mass = image.reduce((a, b) => a + b, 0);
    expect(Array.from(blurred.dataSync()).reduce((a, b) => a + b, 0)).toBeCloseTo(mass, 3);
    tf.dispose([x, blurred]);
  });
});

describe('maskPatches', () => {
  it.each([
    [2, 0.75, 147],
    [4, 0.5, 25],
    [7, 0.3, 5],
  ])('patch %i, ratio %f: exactly %i whole patches hidden per image, set to 0, the rest untouched', (patchSize, ratio, hidden) => {
    const x = randomImages(30, 4);
    const { masked, mask } = maskPatches(x, ratio, patchSize, 9);
    expect(masked.shape).toEqual([30, PIXELS]);
    expect(mask.shape).toEqual([30, PIXELS]);
    const input = x.dataSync();
    const out = masked.dataSync();
    const hiddenMap = mask.dataSync();
    const perSide = SIDE / patchSize;
    for (let n = 0; n < 30; n++) {
      let hiddenPatches = 0;
      for (let p = 0; p < perSide * perSide; p++) {
        const cells: number[] = [];
        for (let r = 0; r < patchSize; r++) {
          for (let c = 0; c < patchSize; c++) {
            cells.push(n * PIXELS + (Math.floor(p / perSide) * patchSize + r) * SIDE + (p % perSide) * patchSize + c);
          }
        }
        const flags = cells.map((i) => hiddenMap[i]);
        expect(flags.every((f) => f === flags[0])).toBe(true);
        if (flags[0] === 1) hiddenPatches++;
        for (const i of cells) expect(out[i]).toBe(flags[0] === 1 ? 0 : input[i]);
      }
      expect(hiddenPatches).toBe(hidden);
    }
    tf.dispose([x, masked, mask]);
  });

  it('hides every patch about equally often over many images (chi-square, 15 dof)', () => {
    const x = tf.ones([2000, PIXELS]) as tf.Tensor2D;
    const { masked, mask } = maskPatches(x, 0.25, 7, 21);
    const hiddenMap = mask.dataSync();
    const counts = new Array<number>(16).fill(0);
    for (let n = 0; n < 2000; n++) {
      for (let p = 0; p < 16; p++) counts[p] += hiddenMap[n * PIXELS + Math.floor(p / 4) * 7 * SIDE + (p % 4) * 7];
    }
    const expected = (2000 * 4) / 16;
    const chiSquare = counts.reduce((a, count) => a + (count - expected) ** 2 / expected, 0);
    expect(chiSquare).toBeLessThan(37.7);
    tf.dispose([x, masked, mask]);
  });

  it('ratio 0 hides nothing; seeds make it reproducible', () => {
    const x = randomImages(5, 6);
    const none = maskPatches(x, 0, 4, 1);
    expect(Array.from(none.masked.dataSync())).toEqual(Array.from(x.dataSync()));
    expect(Math.max(...none.mask.dataSync())).toBe(0);
    const a = maskPatches(x, 0.5, 4, 2);
    const b = maskPatches(x, 0.5, 4, 2);
    const c = maskPatches(x, 0.5, 4, 3);
    expect(Array.from(a.mask.dataSync())).toEqual(Array.from(b.mask.dataSync()));
    expect(Array.from(a.mask.dataSync())).not.toEqual(Array.from(c.mask.dataSync()));
    tf.dispose([x, none.masked, none.mask, a.masked, a.mask, b.masked, b.mask, c.masked, c.mask]);
  });

  it('rejects ratios outside [0, 1), ratios that round to every patch, and patch sizes that do not divide 28', () => {
    const x = randomImages(2, 7);
    expect(() => maskPatches(x, 1, 4, 1)).toThrow('a mask ratio of 1 hides every patch: nothing is left to reconstruct from');
    expect(() => maskPatches(x, 1.5, 4, 1)).toThrow(/hides every patch/);
    expect(() => maskPatches(x, -0.1, 4, 1)).toThrow(/\[0, 1\)/);
    expect(() => maskPatches(x, 0.99, 7, 1)).toThrow(/rounds to all 16 patches/);
    expect(() => maskPatches(x, 0.5, 5, 1)).toThrow(/patch size 5/);
    x.dispose();
  });
});

describe('corruptInput', () => {
  const settings: CorruptionSettings = { noiseStd: 0.2, blur: true, maskRatio: 0.5, patchSize: 4 };
  const kinds: ModelKind[] = ['ae', 'dae', 'mae', 'vae', 'vqvae'];

  it.each(kinds)('%s: leaves x unchanged, returns a new [n, 784] input (and a mask only for mae), leaks nothing', (kind) => {
    const x = randomImages(8, 8);
    const before = Array.from(x.dataSync());
    const { input, hidden } = corruptInput(kind, x, settings, 3);
    expect(input.shape).toEqual([8, PIXELS]);
    expect(input).not.toBe(x);
    expect(hidden?.shape ?? null).toEqual(kind === 'mae' ? [8, PIXELS] : null);
    tf.dispose([input, hidden ?? []]);
    expect(Array.from(x.dataSync())).toEqual(before);
    expectNoLeak(() => {
      const corrupted = corruptInput(kind, x, settings, 3);
      return [corrupted.input, corrupted.hidden ?? []].flat();
    });
    x.dispose();
  });

  it('ae / vae / vqvae copy x; dae without noise is the brute-force blur; mae hides half the patches and says which', () => {
    const x = randomImages(2, 9);
    const copy = corruptInput('vae', x, settings, 1).input;
    expect(Array.from(copy.dataSync())).toEqual(Array.from(x.dataSync()));
    const blurred = corruptInput('dae', x, { ...settings, noiseStd: 0 }, 1).input;
    const expected = bruteForceBlur(x.dataSync().subarray(0, PIXELS));
    expected.forEach((v, i) => expect(blurred.dataSync()[i]).toBeCloseTo(v, 5));
    const { input: masked, hidden } = corruptInput('mae', x, settings, 1);
    const zeros = masked.dataSync().subarray(0, PIXELS).filter((v) => v === 0).length;
    expect(zeros).toBe(25 * 16);
    const mask = hidden?.dataSync() ?? new Float32Array(0);
    const pixels = x.dataSync();
    masked.dataSync().forEach((v, i) => expect(v).toBe(mask[i] === 1 ? 0 : pixels[i]));
    expect(Array.from(mask.subarray(0, PIXELS)).reduce((sum, v) => sum + v, 0)).toBe(25 * 16);
    tf.dispose([x, copy, blurred, masked, hidden ?? []]);
  });

  it('the helpers leak nothing', () => {
    const x = randomImages(4, 10);
    expectNoLeak(() => addGaussianNoise(x, 0.3, 1));
    expectNoLeak(() => blur(x));
    expectNoLeak(() => {
      const { masked, mask } = maskPatches(x, 0.5, 2, 1);
      return [masked, mask];
    });
    x.dispose();
  });

  it('runs on the wasm backend (smoke): blur matches brute force, mae and dae keep the shape', async () => {
    expect(await tf.setBackend('wasm')).toBe(true);
    const x = randomImages(2, 11);
    const blurred = blur(x);
    const expected = bruteForceBlur(x.dataSync().subarray(0, PIXELS));
    expected.forEach((v, i) => expect(blurred.dataSync()[i]).toBeCloseTo(v, 5));
    const dae = corruptInput('dae', x, settings, 2);
    const mae = corruptInput('mae', x, settings, 2);
    expect(dae.input.shape).toEqual([2, PIXELS]);
    expect(mae.input.shape).toEqual([2, PIXELS]);
    expect(mae.hidden?.shape).toEqual([2, PIXELS]);
    tf.dispose([x, blurred, dae.input, mae.input, mae.hidden ?? []]);
  });
});
