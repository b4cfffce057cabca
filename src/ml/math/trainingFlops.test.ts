import { describe, expect, it } from 'vitest';
import { weightLayout } from '../io/layout';
import { trainingFlopsPerSample, type DenseLayer } from './trainingFlops';

/** The dense layers of a spec's weight layout (2-D kernels in order; the first encoder layer reads the data). */
function denseLayers(hiddenUnits: number, latentDim: number): DenseLayer[] {
  const spec = { kind: 'vae', network: 'mlp', likelihood: { kind: 'bernoulli' }, latentDim, hiddenUnits, codebookSize: 64, codeDim: 16, seed: 1 } as const;
  return weightLayout(spec)
    .filter((slot) => slot.shape.length === 2)
    .map(({ name, shape: [fanIn, fanOut] }) => ({ fanIn, fanOut, inputIsData: name === 'encoder/dense0/kernel' }));
}

describe('trainingFlopsPerSample', () => {
  it('counts the default VAE (784-512-(2, 2)-512-784) as a hand count does', () => {
    // Multiply-adds: 784·512 + 512·2 (μ) + 512·2 (log σ²) + 2·512 + 512·784 = 401,408 + 1,024 + 1,024 + 1,024 + 401,408 = 805,888.
    const forward = 2 * 805_888;
    const flops = trainingFlopsPerSample(denseLayers(512, 2));
    expect(flops.forward).toBe(forward);
    expect(flops.conventional).toBe(4_835_328);
    // Without the input gradient of the first layer (784·512 multiply-adds): 3 × forward − 2 · 401,408.
    expect(flops.required).toBe(4_835_328 - 802_816);
    expect((128 * flops.conventional) / 1e6).toBeCloseTo(618.9, 1);
  });

  it('a layer whose input is data costs 4 FLOP per multiply-add in training, any other 6', () => {
    expect(trainingFlopsPerSample([{ fanIn: 3, fanOut: 5, inputIsData: true }]).required).toBe(4 * 15);
    expect(trainingFlopsPerSample([{ fanIn: 3, fanOut: 5, inputIsData: false }]).required).toBe(6 * 15);
  });
});
