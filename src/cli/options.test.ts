import { describe, expect, it } from 'vitest';
import { parseCliOptions } from './options';

describe('parseCliOptions', () => {
  it('parses the reference recipe', () => {
    const options = parseCliOptions('--model vae --hidden 400 --latent 20 --epochs 10 --batch 128 --lr 1e-3 --seed 1'.split(' '));
    expect(options).toMatchObject({ model: 'vae', hiddenUnits: 400, latentDim: 20, epochs: 10, batchSize: 128, learningRate: 0.001, seed: 1, beta: 1 });
  });

  it('parses VQ-VAE, Gaussian likelihood and schedule options, forcing a conv network for vqvae', () => {
    const options = parseCliOptions('--model vqvae --codebook-size 32 --code-dim 8 --likelihood gaussian --variance 0.05 --beta-schedule warmup --schedule-steps 500'.split(' '));
    expect(options).toMatchObject({ model: 'vqvae', network: 'conv', codebookSize: 32, codeDim: 8, likelihood: { kind: 'gaussian', variance: 0.05 } });
    expect(options.betaSchedule).toEqual({ kind: 'warmup', steps: 500 });
  });

  it('defaults the VQ-VAE to the EMA codebook and parses --codebook-update gradient', () => {
    expect(parseCliOptions(['--model', 'vqvae']).codebookUpdate).toBe('ema');
    expect(parseCliOptions(['--model', 'vqvae', '--codebook-update', 'gradient']).codebookUpdate).toBe('gradient');
  });

  it('parses the continuous Bernoulli likelihood as cbernoulli', () => {
    expect(parseCliOptions(['--likelihood', 'cbernoulli']).likelihood).toEqual({ kind: 'continuousBernoulli' });
  });

  it('parses saving, loading, IWAE, evaluation size and the loss preset, and remembers which flags were written', () => {
    const options = parseCliOptions('--save out/vae --load in.vaelab --iwae 100 --eval-images 1000 --loss-preset reconstruction --latent 2'.split(' '));
    expect(options).toMatchObject({ savePath: 'out/vae', loadPath: 'in.vaelab', iwaeSamples: 100, evalImages: 1000, lossPreset: 'reconstruction' });
    expect([...options.given].sort()).toEqual(['eval-images', 'iwae', 'latent', 'load', 'loss-preset', 'save']);
    expect(parseCliOptions([])).toMatchObject({ savePath: null, loadPath: null, iwaeSamples: 0, evalImages: 0, lossPreset: 'both' });
  });

  it.each([
    ['--model gan', /--model must be one of ae, dae, mae, vae, vqvae/],
    ['--hidden 0', /--hidden must be a whole number ≥ 1/],
    ['--lr abc', /--lr must be a number > 0/],
    ['--beta=-1', /--beta must be a number ≥ 0/],
    ['--mask-ratio 1', /--mask-ratio must be a number ≥ 0 and ≤ 0.95/],
    ['--model vqvae --codebook-size 1', /--codebook-size must be a whole number ≥ 2/],
    ['--epochs 2.5', /--epochs must be a whole number ≥ 1/],
    ['--likelihood poisson', /--likelihood must be one of bernoulli, cbernoulli, gaussian/],
    ['--codebook-update kmeans', /--codebook-update must be one of ema, gradient/],
    ['--iwae 0.5', /--iwae must be a whole number ≥ 0/],
    ['--loss-preset rec', /--loss-preset must be one of both, reconstruction, kl/],
    ['--unknown 3', /Unknown option/],
  ])('rejects %s with a clear message', (args, message) => {
    expect(() => parseCliOptions(args.split(' '))).toThrow(message);
  });
});
