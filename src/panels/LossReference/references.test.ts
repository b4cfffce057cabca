import { describe, expect, it } from 'vitest';
import { differences, REFERENCE_RUNS, referencesFor, type RunSettings } from './references';

const defaults: RunSettings = { dataset: 'mnist', network: 'mlp', likelihood: 'bernoulli', latentDim: 2, hiddenUnits: 512, batchSize: 128, learningRate: 1e-3, beta: 1 };

describe('loss references', () => {
  it('finds the lab’s own run of the default page settings first, with no differences', () => {
    const [first, ...rest] = referencesFor(defaults);
    expect(first.differences).toEqual([]);
    expect(first.run.latentDim).toBe(2);
    expect(rest.every((r) => r.differences.length > 0)).toBe(true);
  });

  it('names what differs from the user’s settings', () => {
    expect(differences(REFERENCE_RUNS.find((run) => run.hiddenUnits === 400)!, { ...defaults, beta: 4 })).toEqual(['latent 20 (yours 2)', 'hidden 400 (yours 512)', 'β 1 (yours 4)']);
  });

});
