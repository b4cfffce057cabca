import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bceWithLogitsPerImage } from '../losses/bce';
import type { CodebookUpdate } from './types';
import { bars, distance, encoderRows, onlyCodeZeroUsed, vqSpec } from './vqvaeTesting';
import { DEFAULT_CODEBOOK_UPKEEP, VqVae, type CodebookUpkeep } from './vqvae';
import { batchOf } from './testing';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const models: VqVae[] = [];
afterEach(() => models.splice(0).forEach((model) => model.dispose()));

function makeModel(codebookSize: number, codeDim: number, codebookUpdate: CodebookUpdate = 'gradient', upkeep: Partial<CodebookUpkeep> = {}): VqVae {
  const model = new VqVae(vqSpec(codebookSize, codeDim, codebookUpdate), { ...DEFAULT_CODEBOOK_UPKEEP, ...upkeep });
  models.push(model);
  return model;
}

/** Largest absolute entry of each gradient, by variable (absent = not connected = 0). */
function gradientSizes(model: VqVae, term: number, x: tf.Tensor2D): Map<tf.Variable, number> {
  const { value, grads } = tf.variableGrads(() => model.lossTerms(batchOf(x))[term], model.variables);
  const sizes = new Map(model.variables.map((v) => [v, grads[v.name] ? tf.max(tf.abs(grads[v.name])).dataSync()[0] : 0]));
  tf.dispose([value, ...Object.values(grads)]);
  return sizes;
}

describe('VqVae shapes', () => {
  it('reports its terms, embeds to 49·D, decodes, samples and copies its codebook', () => {
    const model = makeModel(6, 3);
    const x = bars(2);
    expect(model.termNames).toEqual(['rec', 'codebook', 'commitment']);
    expect(model.embedDim).toBe(147);
    const terms = model.lossTerms(batchOf(x));
    expect(terms.map((t) => t.shape)).toEqual([[], [], []]);
    const { points } = model.embed(x);
    expect(points.shape).toEqual([2, 147]);
    expect(model.decodeEmbedding(points).shape).toEqual([2, 784]);
    expect(model.sample(5, 1).shape).toEqual([5, 784]);
    expect(model.codebook().shape).toEqual([6, 3]);
    expect(model.codeCounts(points).shape).toEqual([6]);
    expect(() => new VqVae({ ...model.spec, kind: 'vae' })).toThrow(/vqvae/);
  });

  it('evaluationTerms repeats lossTerms and adds 784 ln 256 + 49 ln K to a Gaussian rec', () => {
    const model = new VqVae({ ...makeModel(6, 3).spec, likelihood: { kind: 'gaussian', variance: 0.1 } });
    models.push(model);
    const x = bars(2);
    const terms = model.lossTerms(batchOf(x)).map((t) => t.dataSync()[0]);
    const evaluation = model.evaluationTerms(batchOf(x));
    expect(evaluation.terms.map((t) => t.dataSync()[0])).toEqual(terms);
    expect(evaluation.discretisedNll.dataSync()[0]).toBeCloseTo(terms[0] + 784 * Math.log(256) + 49 * Math.log(6), 2);
    const before = tf.memory().numTensors;
    const again = model.evaluationTerms(batchOf(x));
    expect(again.discretisedNll.shape).toEqual([]);
    tf.dispose([...again.terms, again.discretisedNll]);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('VqVae gradients', () => {
  let x: tf.Tensor2D;
  beforeAll(() => {
    x = bars(3);
  });
  const split = (model: VqVae, term: number) => {
    const sizes = gradientSizes(model, term, x);
    const largest = (vars: tf.Variable[]) => Math.max(...vars.map((v) => sizes.get(v)!));
    return {
      encoder: largest(model.encoder.variables),
      codebook: sizes.get(model.codebookVariable)!,
      decoder: largest(model.decoder.variables),
    };
  };

  it('the codebook term reaches only the codebook', () => {
    const { encoder, codebook, decoder } = split(makeModel(5, 4), 1);
    expect(codebook).toBeGreaterThan(0);
    expect([encoder, decoder]).toEqual([0, 0]);
  });

  it('the commitment term reaches only the encoder', () => {
    const { encoder, codebook, decoder } = split(makeModel(5, 4), 2);
    expect(encoder).toBeGreaterThan(0);
    expect([codebook, decoder]).toEqual([0, 0]);
  });

  it('EMA codebook: not trainable, so the codebook term reaches no trainable variable; its EMA state is in variables', () => {
    const model = makeModel(5, 4, 'ema');
    expect(model.codebookVariable.trainable).toBe(false);
    expect(model.variables).toHaveLength(model.encoder.variables.length + 1 + model.decoder.variables.length + 2);
    const { encoder, codebook, decoder } = split(model, 1);
    expect([encoder, codebook, decoder]).toEqual([0, 0, 0]);
    expect(split(model, 2).encoder).toBeGreaterThan(0);
  });

  it('the reconstruction gradient passes straight through to the encoder but not the codebook', () => {
    const { encoder, codebook, decoder } = split(makeModel(5, 4), 0);
    expect(encoder).toBeGreaterThan(0);
    expect(decoder).toBeGreaterThan(0);
    expect(codebook).toBe(0);
  });

  it('the encoder gradient of rec is the encoder VJP of the decoder gradient taken at z_q (dL/dz_e = dL/dz_q)', () => {
    const model = makeModel(5, 4);
    const encoderVariables = model.encoder.variables;
    const codes = model.codebook().arraySync();
    const nearest = (row: number[]) =>
      codes.reduce((best, code, k) => (distance(row, code) < distance(row, codes[best]) ? k : best), 0);
    const zq = tf.tensor2d(encoderRows(model, x).map((row) => codes[nearest(row)]));
    const nll = (rows: tf.Tensor) => tf.mean(bceWithLogitsPerImage(model.decoder.apply(tf.reshape(rows, [3, 7, 7, 4])), x)) as tf.Scalar;
    const dLdzq = tf.grad(nll)(zq);
    const viaModel = tf.variableGrads(() => model.lossTerms(batchOf(x))[0], encoderVariables).grads;
    const viaChainRule = tf.variableGrads(
      () => tf.sum(tf.mul(tf.reshape(model.encoder.apply(x), [-1, 4]), dLdzq)) as tf.Scalar,
      encoderVariables,
    ).grads;
    for (const { name } of encoderVariables) {
      const [a, b] = [viaModel[name].dataSync(), viaChainRule[name].dataSync()];
      const scale = Math.max(...Array.from(b, Math.abs));
      expect(scale).toBeGreaterThan(0);
      a.forEach((value, i) => expect(Math.abs(value - b[i])).toBeLessThan(1e-4 * scale));
    }
  });
});

describe('VqVae decoding and sampling', () => {
  it('decodeEmbedding snaps each position to its brute-force nearest code before decoding', () => {
    const model = makeModel(7, 2);
    const x = bars(2);
    const codes = model.codebook().arraySync();
    const nearest = encoderRows(model, x).map((row) =>
      codes.reduce((best, code, k) => (distance(row, code) < distance(row, codes[best]) ? k : best), 0),
    );
    const expected = model.decoder.apply(tf.reshape(tf.tensor2d(nearest.map((k) => codes[k])), [2, 7, 7, 2]));
    const decoded = model.decodeEmbedding(model.embed(x).points);
    expect(Array.from(decoded.dataSync())).toEqual(Array.from(expected.dataSync()));
  });

  it('samples codes from the empirical usage: with only code 0 used, every position decodes code 0', () => {
    const model = makeModel(5, 3);
    onlyCodeZeroUsed(model);
    model.afterStep(bars(4), { restartDeadCodes: false });
    const allCodeZero = model.decoder.apply(tf.zeros([2, 7, 7, 3]));
    expect(Array.from(model.sample(2, 9).dataSync())).toEqual(Array.from(allCodeZero.dataSync()));
  });
});

describe('VqVae tensors', () => {
  it.each(['gradient', 'ema'] as const)('building and disposing a model (%s codebook) leaves no tensor behind', (update) => {
    const before = tf.memory().numTensors;
    makeModel(6, 3, update).dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
