import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { gaussianKlPerImage } from '../losses/gaussianKl';
import { reconstructionNllPerImage } from '../losses/likelihood';
import { reparameterize } from '../losses/reparameterize';
import { adamStep, testSpec } from './testing';
import { Vae } from './vae';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const spec = (seed: number) => ({ ...testSpec({ latentDim: 2, seed }), kind: 'vae' as const });
const images = (n: number, seed: number) => tf.randomUniform([n, 784], 0, 1, 'float32', seed) as tf.Tensor2D;

/** [rec, kl] rebuilt from embed and decodeEmbedding with the given ε and the correct KL. */
function rebuiltTerms(model: Vae, x: tf.Tensor2D, epsilon: tf.Tensor2D): [number, number] {
  return tf.tidy(() => {
    const { points: mean, logVar } = model.embed(x);
    const output = model.decodeEmbedding(reparameterize(mean, logVar!, epsilon));
    const rec = tf.mean(reconstructionNllPerImage(output, x, model.spec.likelihood)).dataSync()[0];
    return [rec, tf.mean(gaussianKlPerImage(mean, logVar!)).dataSync()[0]];
  });
}

describe('Vae pitfall option', () => {
  it('defaults to none, and the default terms are bit-identical to gaussianKl and a seeded N(0, 1) draw', () => {
    const model = new Vae(spec(3));
    expect(model.pitfall).toBe('none');
    const x = images(5, 2);
    const [rec, kl] = model.lossTerms({ input: x, target: x, hidden: null }, 11).map((t) => t.dataSync()[0]);
    const [expectedRec, expectedKl] = rebuiltTerms(model, x, tf.randomNormal([5, 2], 0, 1, 'float32', 11) as tf.Tensor2D);
    expect(rec).toBe(expectedRec);
    expect(kl).toBe(expectedKl);
    model.dispose();
  });

  it("'none' given explicitly is the same model as the default", () => {
    const [a, b] = [new Vae(spec(4)), new Vae(spec(4), { pitfall: 'none' })];
    const x = images(3, 5);
    const terms = (m: Vae) => m.lossTerms({ input: x, target: x, hidden: null }, 2).map((t) => t.dataSync()[0]);
    expect(terms(b)).toEqual(terms(a));
    a.dispose();
    b.dispose();
  });

  it("'uniformEpsilon' decodes z = μ + σ·u with u ~ U(0, 1) seeded by noiseSeed; the KL stays correct", () => {
    const model = new Vae(spec(6), { pitfall: 'uniformEpsilon' });
    const x = images(4, 7);
    const [rec, kl] = model.lossTerms({ input: x, target: x, hidden: null }, 9).map((t) => t.dataSync()[0]);
    const [expectedRec, expectedKl] = rebuiltTerms(model, x, tf.randomUniform([4, 2], 0, 1, 'float32', 9) as tf.Tensor2D);
    expect(rec).toBeCloseTo(expectedRec, 3);
    expect(kl).toBeCloseTo(expectedKl, 5);
    model.dispose();
  });

  it('the KL pitfalls change only the KL term, as the hand formulas say (plain JS from embed’s μ, log σ²)', () => {
    const x = images(3, 8);
    const reference = new Vae(spec(2));
    const mean = reference.embed(x).points.arraySync();
    const logVar = reference.embed(x).logVar!.arraySync();
    const perImageMean = (term: (mu: number, lv: number) => number) =>
      mean.reduce((sum, row, i) => sum + row.reduce((s, mu, j) => s + term(mu, logVar[i][j]), 0), 0) / mean.length;
    const expected = {
      klWithoutHalf: perImageMean((mu, lv) => mu * mu + Math.exp(lv) - lv - 1),
      logSigmaForLogVar: perImageMean((mu, lv) => 0.5 * (mu * mu + Math.exp(lv) - 0.5 * lv - 1)),
      klMinimisedAtZeroSigma: perImageMean((mu, lv) => 0.5 * (mu * mu + Math.exp(lv) - 1)),
    };
    const [referenceRec] = reference.lossTerms({ input: x, target: x, hidden: null }, 4).map((t) => t.dataSync()[0]);
    for (const [pitfall, kl] of Object.entries(expected)) {
      const model = new Vae(spec(2), { pitfall: pitfall as keyof typeof expected });
      const [rec, klTerm] = model.lossTerms({ input: x, target: x, hidden: null }, 4).map((t) => t.dataSync()[0]);
      expect(rec).toBe(referenceRec);
      expect(klTerm).toBeCloseTo(kl, 5);
      model.dispose();
    }
    reference.dispose();
  });

  it('a pitfall model trains without leaking tensors after a warm-up step', () => {
    const model = new Vae(spec(5), { pitfall: 'logSigmaForLogVar' });
    const x = images(2, 1);
    const optimizer = tf.train.adam(1e-3);
    tf.dispose(adamStep(model, optimizer, x, x, 0));
    const before = tf.memory().numTensors;
    tf.dispose(adamStep(model, optimizer, x, x, 1));
    expect(tf.memory().numTensors).toBe(before);
    optimizer.dispose();
    model.dispose();
    x.dispose();
  });
});
