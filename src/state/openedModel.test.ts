import { describe, expect, it } from 'vitest';
import { MODEL_FAMILIES, MODEL_KINDS, type ModelKind } from '../ml/models/family';
import type { OpenedModel, TestEvaluation } from '../worker/protocol';
import { appendTerms, emptyLossHistory } from './lossHistory';
import { pageDataToSave, readPageData, settingsForOpened } from './openedModel';
import { defaultSettings, toRunConfig, type LabSettings } from './settings';

/** What the worker reports for a model saved by a page with `settings` (its architecture and hyper-parameters). */
function openedFrom(settings: LabSettings, extra: Partial<OpenedModel> = {}): OpenedModel {
  const { dataset, model, architecture, hyper, seed } = toRunConfig(settings);
  return { ok: true, token: 1, dataset, model, architecture, hyper, seed, step: 500, samplesSeen: 64_000, storage: 'float32', hasOptimizer: true, curves: null, evaluations: null, ...extra };
}

function withModel(model: ModelKind, change: (settings: LabSettings) => void = () => {}): LabSettings {
  const settings = defaultSettings();
  settings.model = model;
  change(settings);
  return settings;
}

describe('settingsForOpened', () => {
  it('gives back the settings a model was saved with, for every family and other choices than the defaults', () => {
    for (const model of MODEL_KINDS) {
      const saved = withModel(model, (s) => {
        s.dataset = 'fashion';
        s.seed = 7;
        Object.assign(s.models[model], { learningRate: 0.0003, batchSize: 64, beta: 2.5, schedule: 'warmup', warmupSteps: 300, likelihood: 'gaussian', variance: 0.1 });
      });
      const result = settingsForOpened(defaultSettings(), openedFrom(saved));
      if ('reason' in result) throw new Error(`${model}: ${result.reason}`);
      expect(toRunConfig(result.settings)).toEqual(toRunConfig(saved));
      expect(result.settings.models[model]).toEqual(saved.models[model]);
    }
  });

  it('refuses a width the controls do not offer, naming it and what they offer', () => {
    const opened = openedFrom(withModel('vae'));
    const result = settingsForOpened(defaultSettings(), { ...opened, architecture: { ...opened.architecture, hiddenUnits: 400 } });
    expect(result).toEqual({ reason: expect.stringMatching(/hiddenUnits is 400.*128, 256, 512, 1024/) });
  });

  it('refuses a codebook trained by gradient (the page trains EMA codebooks only)', () => {
    const opened = openedFrom(withModel('vqvae'));
    const result = settingsForOpened(defaultSettings(), { ...opened, architecture: { ...opened.architecture, codebookUpdate: 'gradient' } });
    expect(result).toEqual({ reason: expect.stringContaining('gradient') });
  });
});

describe('readPageData', () => {
  const names = MODEL_FAMILIES.vae.termNames;
  const history = appendTerms(emptyLossHistory(), {
    steps: new Float64Array([1, 2]),
    names: [...names],
    values: names.map(() => new Float32Array([100, 90])),
    weights: names.map(() => new Float32Array([1, 1])),
  });
  const evaluation: TestEvaluation = { model: 'vae', epoch: 1, step: 469, terms: { rec: 120, kl: 20 }, negElboNats: 140, discretisedNll: 900, bitsPerDim: 5.5 };

  it('round-trips the curves and evaluations the page saved (through JSON, as in a file)', () => {
    const saved = JSON.parse(JSON.stringify(pageDataToSave(history, [evaluation]))) as { curves: unknown; evaluations: unknown };
    const read = readPageData(openedFrom(withModel('vae'), saved), names);
    expect(read.history).toEqual(history);
    expect(read.evaluations).toEqual([evaluation]);
  });

  it('turns a checkpoint’s test scores into an evaluation at its step (epoch = samples seen / 60,000)', () => {
    const scores = { testImages: 10_000, seed: 1, terms: { rec: 154, kl: 5.5 }, negElbo: 159.5, discretisedNll: 3142.4, bitsPerDim: 5.78 };
    const read = readPageData(openedFrom(withModel('vae'), { evaluations: [scores], step: 2345, samplesSeen: 300_000 }), names);
    expect(read.evaluations).toEqual([{ model: 'vae', epoch: 5, step: 2345, terms: { rec: 154, kl: 5.5 }, negElboNats: 159.5, discretisedNll: 3142.4, bitsPerDim: 5.78 }]);
  });

  it('leaves out what is malformed: curves of other terms, NaN, evaluations of another model or a later step', () => {
    const saved = JSON.parse(JSON.stringify(pageDataToSave({ ...history, names: ['rec'] }, [evaluation]))) as { curves: unknown; evaluations: unknown };
    const bad = [{ ...evaluation, model: 'ae' }, { ...evaluation, step: 10_000 }, { ...evaluation, terms: { rec: 'x' } }, null, 'text'];
    const read = readPageData(openedFrom(withModel('vae'), { curves: saved.curves, evaluations: [...bad, { ...evaluation, bitsPerDim: null }] }), names);
    expect(read.history.steps).toEqual([]);
    expect(read.evaluations).toEqual([]);
  });
});
