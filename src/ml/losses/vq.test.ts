import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { mulberry32, standardNormals } from '../math/random';
import { codeUsageFromCounts, gatherCodes, nearestCodes, perplexity, quantize, stopGradient, straightThrough, vqTerms } from './vq';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Plain-JS nearest neighbour in float64: first k with the smallest squared distance. */
function bruteForceNearest(vectors: Float32Array, codes: Float32Array, dim: number): number[] {
  const rows = vectors.length / dim;
  const codeCount = codes.length / dim;
  const result: number[] = [];
  for (let i = 0; i < rows; i++) {
    let best = -1;
    let bestDistance = Infinity;
    for (let k = 0; k < codeCount; k++) {
      let distance = 0;
      for (let d = 0; d < dim; d++) distance += (vectors[i * dim + d] - codes[k * dim + d]) ** 2;
      if (distance < bestDistance) [best, bestDistance] = [k, distance];
    }
    result.push(best);
  }
  return result;
}

describe('stopGradient', () => {
  it('is the identity forward and blocks the gradient: d/dx Σ sg[x]·x = x, not 2x', () => {
    const x = tf.tensor1d([1.5, -2, 3]);
    expect(Array.from(stopGradient(x).dataSync())).toEqual([1.5, -2, 3]);
    const grad = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(stopGradient(v), v)))(x);
    expect(Array.from(grad.dataSync())).toEqual([1.5, -2, 3]);
  });
});

describe('nearestCodes', () => {
  it('matches a brute-force nearest-neighbour search on random data', () => {
    const uniform = mulberry32(11);
    const [rows, codeCount, dim] = [400, 37, 5];
    const vectors = standardNormals(rows * dim, uniform);
    const codes = standardNormals(codeCount * dim, uniform);
    const indices = nearestCodes(tf.tensor2d(vectors, [rows, dim]), tf.tensor2d(codes, [codeCount, dim]));
    expect(indices.shape).toEqual([rows]);
    expect(indices.dtype).toBe('int32');
    expect(Array.from(indices.dataSync())).toEqual(bruteForceNearest(vectors, codes, dim));
  });

  it('breaks exact ties toward the lowest index (tfjs argMin keeps the first minimum)', () => {
    const codebook = tf.tensor2d([[5, 5], [1, 0], [0, 1], [1, 0]]);
    const vectors = tf.tensor2d([[1, 0], [0.5, 0.5], [2, 0]]);
    // (1, 0): codes 1 and 3 are both at distance 0; (½, ½): codes 1, 2, 3 all at ½.
    expect(Array.from(nearestCodes(vectors, codebook).dataSync())).toEqual([1, 1, 1]);
  });
});

describe('quantize and gatherCodes', () => {
  it('returns the chosen rows, and the codebook gradient counts how often each row was used', () => {
    const codebook = tf.tensor2d([[0, 0], [10, 10], [-10, 0]]);
    const vectors = tf.tensor2d([[1, 1], [9, 8], [0.5, -1], [-7, 1]]);
    const { quantized, indices } = quantize(vectors, codebook);
    expect(Array.from(indices.dataSync())).toEqual([0, 1, 0, 2]);
    expect(quantized.arraySync()).toEqual([[0, 0], [10, 10], [0, 0], [-10, 0]]);
    const grad = tf.grad((book: tf.Tensor) => tf.sum(gatherCodes(book as tf.Tensor2D, indices)))(codebook);
    expect(grad.arraySync()).toEqual([[2, 2], [1, 1], [1, 1]]);
  });
});

describe('straightThrough', () => {
  it('has the value of z_q and hands the whole gradient to z_e', () => {
    const ze = tf.tensor2d([[0.3, -0.1]]);
    const zq = tf.tensor2d([[1, 2]]);
    expect(straightThrough(ze, zq).arraySync()).toEqual([[1, 2]]);
    const weights = tf.tensor2d([[3, -4]]);
    const [gradZe, gradZq] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.mul(weights, straightThrough(a as tf.Tensor2D, b as tf.Tensor2D))),
    )([ze, zq]);
    expect(gradZe.arraySync()).toEqual([[3, -4]]);
    expect(gradZq.arraySync()).toEqual([[0, 0]]);
  });

  it('dL/dz_e equals dL/dz_q for a nonlinear L: L(z) = (z·w)², w = (3, 1), z_e = (0.2, 0.9) → z_q = (0, 1)', () => {
    const w = tf.tensor2d([[3], [1]]);
    const loss = (z: tf.Tensor) => tf.sum(tf.square(tf.matMul(z as tf.Tensor2D, w)));
    const ze = tf.tensor2d([[0.2, 0.9]]);
    const codebook = tf.tensor2d([[0, 1], [1, 0]]);
    const gradZe = tf.grad((z: tf.Tensor) => loss(straightThrough(z as tf.Tensor2D, quantize(z as tf.Tensor2D, codebook).quantized)))(ze);
    // At z_q: z·w = 1, so dL/dz = 2·1·w = (6, 2); evaluated at z_e it would be 2·1.5·w = (9, 3).
    expect(Array.from(gradZe.dataSync())).toEqual([6, 2]);
  });
});

describe('vqTerms', () => {
  // Two images of two positions. Row squared distances 1, 2 | 1, 0 → image sums 3 and 1 → mean 2.
  let [ze, zq]: tf.Tensor2D[] = [];
  beforeAll(() => {
    ze = tf.tensor2d([[1, 2], [0, 0], [3, 0], [1, 1]]);
    zq = tf.tensor2d([[0, 2], [1, 1], [3, 1], [1, 1]]);
  });

  it('matches hand-worked per-image sums averaged over images', () => {
    const { codebook, commitment } = vqTerms(ze, zq, 2);
    expect(codebook.shape).toEqual([]);
    expect(codebook.dataSync()[0]).toBeCloseTo(2, 6);
    expect(commitment.dataSync()[0]).toBeCloseTo(2, 6);
  });

  it('sends the codebook term only to z_q and the commitment term only to z_e', () => {
    const term = (name: 'codebook' | 'commitment') =>
      tf.grads((a: tf.Tensor, b: tf.Tensor) => vqTerms(a as tf.Tensor2D, b as tf.Tensor2D, 2)[name])([ze, zq]);
    // d/dzq of ½ Σ (zq − ze)² (2 images) is zq − ze; d/dze of the commitment term is ze − zq.
    const difference = [[-1, 0], [1, 1], [0, 1], [0, 0]];
    const [codebookZe, codebookZq] = term('codebook');
    expect(codebookZe.arraySync()).toEqual([[0, 0], [0, 0], [0, 0], [0, 0]]);
    expect(codebookZq.arraySync()).toEqual(difference);
    const [commitmentZe, commitmentZq] = term('commitment');
    expect(commitmentZe.arraySync()).toEqual([[1, 0], [-1, -1], [0, -1], [0, 0]]);
    expect(commitmentZq.arraySync()).toEqual([[0, 0], [0, 0], [0, 0], [0, 0]]);
  });

  it('rejects rows that are not whole images', () => {
    expect(() => vqTerms(ze, zq, 3)).toThrow(/whole images/);
  });
});

describe('usage and perplexity', () => {
  it('codeUsageFromCounts counts the codes with a positive count and takes exp(H) of the shares', () => {
    // Counts 2, 0, 1, 1, 0 → shares ½, ¼, ¼ → H = ½ ln 2 + 2 · ¼ ln 4 = 1.5 ln 2 → exp(H) = 2^1.5.
    const usage = codeUsageFromCounts([2, 0, 1, 1, 0]);
    expect(Array.from(usage.counts)).toEqual([2, 0, 1, 1, 0]);
    expect(usage.codesUsed).toBe(3);
    expect(usage.perplexity).toBeCloseTo(2 ** 1.5, 6);
    expect(codeUsageFromCounts([0, 0, 0])).toEqual({ counts: new Float32Array(3), codesUsed: 0, perplexity: 0 });
  });

  it('perplexity matches hand-computed values', () => {
    expect(perplexity(new Float32Array([0.25, 0.25, 0.25, 0.25]))).toBeCloseTo(4, 6);
    expect(perplexity(new Float32Array([0.5, 0.5, 0, 0]))).toBeCloseTo(2, 6);
    expect(perplexity(new Float32Array([0, 1, 0, 0]))).toBeCloseTo(1, 6);
    // exp(−(¼ ln ¼ + ¾ ln ¾)) = exp(0.562335) = 1.754765.
    expect(perplexity(new Float32Array([0.25, 0.75]))).toBeCloseTo(1.754765, 5);
  });
});

describe('leaks', () => {
  it('a quantize + vqTerms gradient step leaves numTensors unchanged', () => {
    const vectors = tf.variable(tf.randomNormal<tf.Rank.R2>([12, 3], 0, 1, 'float32', 1));
    const codebook = tf.variable(tf.randomNormal<tf.Rank.R2>([5, 3], 0, 1, 'float32', 2));
    const step = () =>
      tf.tidy(() => {
        const { grads, value } = tf.variableGrads(() => {
          const { quantized } = quantize(vectors, codebook);
          const terms = vqTerms(vectors, quantized, 4);
          const decoded = straightThrough(vectors, quantized);
          return tf.addN([terms.codebook, terms.commitment, tf.sum(tf.square(decoded))]) as tf.Scalar;
        }, [vectors, codebook]);
        expect(Object.keys(grads)).toHaveLength(2);
        return value;
      }).dispose();
    step();
    const before = tf.memory().numTensors;
    step();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([vectors, codebook]);
  });
});
