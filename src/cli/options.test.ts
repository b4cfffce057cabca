import { describe, expect, it } from 'vitest';
import { parseCliOptions } from './options';

describe('parseCliOptions', () => {
  it('parses the reference recipe', () => {
    const options = parseCliOptions('--model vae --hidden 400 --latent 20 --epochs 10 --batch 128 --lr 1e-3 --seed 1'.split(' '));
    expect(options).toMatchObject({ model: 'vae', hiddenUnits: 400, latentDim: 20, epochs: 10, batchSize: 128, learningRate: 0.001, seed: 1, beta: 1 });
  });

  it.each([
    ['--model gan', /--model must be one of vae/],
    ['--hidden 0', /--hidden must be a positive whole number/],
    ['--lr abc', /--lr must be a positive number/],
    ['--beta=-1', /--beta must be a number ≥ 0/],
    ['--epochs 2.5', /--epochs must be a positive whole number/],
    ['--unknown 3', /Unknown option/],
  ])('rejects %s with a clear message', (args, message) => {
    expect(() => parseCliOptions(args.split(' '))).toThrow(message);
  });
});
