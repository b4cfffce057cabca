import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportModel, importModel, type ImportedModel } from '../ml/io';
import { createModel } from '../ml/models/createModel';
import { TEST_SETTINGS } from '../ml/training/testing';
import { parseCliOptions } from './options';
import { planJob } from './plan';

let saved: ImportedModel;

beforeAll(async () => {
  await tf.setBackend('cpu');
  const model = createModel({ kind: 'vae', network: 'mlp', likelihood: { kind: 'bernoulli' }, latentDim: 2, hiddenUnits: 8, codebookSize: 64, codeDim: 16, seed: 5 });
  const training = { ...TEST_SETTINGS, learningRate: 0.002, beta: 4, lossPreset: 'reconstruction' as const };
  const { modelJson, weightData } = await exportModel(model, { dataset: 'fashion', training, step: 900, samplesSeen: 115_200 });
  model.dispose();
  const result = await importModel([new File([JSON.stringify(modelJson)], 'model.json'), new File([weightData], 'weights.bin')]);
  if (!result.ok) throw new Error(result.reason);
  saved = result.model;
});

const plan = (args: string) => planJob(parseCliOptions(args.split(' ').filter(Boolean)), saved);

describe('planJob with --load', () => {
  it('takes the file’s spec, dataset, settings and seed when no flag says otherwise (the defaults --hidden 400 --latent 20 do not count)', () => {
    const job = plan('--epochs 2');
    expect(job.spec).toEqual(saved.spec);
    expect(job.dataset).toBe('fashion');
    expect(job.settings).toEqual(saved.metadata.training);
    expect(job.seed).toBe(5);
    expect(job.resume).toBe(saved);
  });

  it('lets settings flags override the saved settings, one field each', () => {
    const job = plan('--lr 1e-4 --noise-std 0.2 --seed 9');
    expect(job.settings).toEqual({ ...saved.metadata.training, learningRate: 1e-4, corruption: { ...saved.metadata.training.corruption, noiseStd: 0.2 } });
    expect(job.seed).toBe(9);
  });

  it.each([
    ['--latent 20', /its latentDim is 2, the command line's is 20/],
    ['--hidden 400', /its hiddenUnits is 8, the command line's is 400/],
    ['--model ae', /its kind is vae, the command line's is ae/],
    ['--likelihood gaussian', /its likelihood is bernoulli, the command line's is gaussian/],
    ['--dataset mnist', /trained on fashion; --dataset mnist differs/],
  ])('refuses %s with the reason', (args, reason) => {
    expect(() => plan(args)).toThrow(reason);
  });

  it('accepts architecture flags that agree with the file', () => {
    expect(plan('--model vae --latent 2 --hidden 8 --dataset fashion').spec).toEqual(saved.spec);
  });

  it('refuses --iwae for a model without a prior, fresh or loaded', () => {
    expect(() => planJob(parseCliOptions(['--model', 'ae', '--iwae', '5']), null)).toThrow(/--iwae needs a VAE; this run trains a ae/);
    expect(plan('--iwae 5').iwaeSamples).toBe(5);
  });
});
