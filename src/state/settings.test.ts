import { describe, expect, it } from 'vitest';
import { maxMaskRatio, MODEL_DEFAULTS, toHyper } from './modelSettings';
import { defaultSettings, fullPageSearch, parseSettings, serializeSettings, suggestLowerLearningRate, toProbeSelection, toRunConfig } from './settings';
import type { LabSettings } from './settings';
import { LESSON } from '../lessons';
import { MODEL_KINDS } from '../ml/models/family';

/** A VQ-VAE lesson on Fashion-MNIST, with the VAE's own settings changed too (not in the link). */
function lesson(): LabSettings {
  const settings = defaultSettings();
  settings.model = 'vqvae';
  settings.dataset = 'fashion';
  settings.backend = 'wasm';
  settings.seed = 42;
  settings.interpolationA = 7;
  settings.elboIndex = 0;
  settings.models.vqvae = { ...settings.models.vqvae, codebookSize: 128, codeDim: 4, commitmentWeight: 0.5, restartDeadCodes: false, learningRate: 0.0003 };
  settings.models.vae = { ...settings.models.vae, beta: 4 };
  return settings;
}

describe('settings URL', () => {
  it('round-trips the page and the active model’s settings through the query string', () => {
    const query = serializeSettings(lesson());
    expect(query).toContain('model=vqvae');
    expect(query).toContain('data=fashion');
    expect(query).toContain('K=128');
    expect(query).toContain('restarts=0');
    expect(query).not.toContain('beta=');
    expect(query).not.toContain('net=');
    const expected = lesson();
    expected.models.vae = MODEL_DEFAULTS.vae;
    expect(parseSettings(query)).toEqual({ settings: expected, notes: [] });
  });

  it('writes nothing for the defaults and keeps keys it does not own', () => {
    expect(serializeSettings(defaultSettings())).toBe('');
    const settings = defaultSettings();
    settings.models.vae.beta = 2;
    expect(serializeSettings(settings, '?lang=fr&beta=9')).toBe('?lang=fr&beta=2');
  });

  it('reads the backend preset the browser tests use', () => {
    expect(parseSettings('?backend=cpu').settings.backend).toBe('cpu');
    expect(parseSettings('backend=webgl').settings.backend).toBe('webgl');
  });

  it('falls back to defaults for values it cannot read, with one note each', () => {
    const { settings, notes } = parseSettings('?beta=abc&lr=0.002&latent=3&hidden=&backend=gpu&a=1.5&digit=x&model=gan');
    expect(settings).toEqual(defaultSettings());
    expect(notes).toHaveLength(8);
    expect(notes[0]).toMatch(/^model=gan is not one of/);
  });

  it('offers the over-complete code only to the plain autoencoder', () => {
    expect(parseSettings('?model=ae&latent=1024').settings.models.ae.latentDim).toBe(1024);
    const { settings, notes } = parseSettings('?model=vae&latent=1024');
    expect(settings.models.vae.latentDim).toBe(2);
    expect(notes).toHaveLength(1);
  });

  it('keeps a mask ratio that leaves a patch visible', () => {
    expect(maxMaskRatio(7)).toBe(0.9);
    expect(maxMaskRatio(4)).toBe(0.95);
    expect(maxMaskRatio(2)).toBe(0.95);
    const { settings, notes } = parseSettings('?model=mae&patch=7&mask=0.95');
    expect(settings.models.mae.maskRatio).toBe(0.9);
    expect(notes).toHaveLength(1);
  });

  it('clamps out-of-range numbers and rejects out-of-range digit indices', () => {
    const { settings, notes } = parseSettings('?beta=50&seed=-3&a=2000&b=-1');
    expect(settings.models.vae.beta).toBe(10);
    expect(settings.seed).toBe(0);
    expect(settings.interpolationA).toBeNull();
    expect(settings.interpolationB).toBeNull();
    expect(notes).toHaveLength(4);
    expect(parseSettings('?beta=-0.5').settings.models.vae.beta).toBe(0);
    expect(parseSettings('?beta=2.34').settings.models.vae.beta).toBe(2.3);
  });

  it('builds the worker config of the active model and fills unset probes', () => {
    const config = toRunConfig(lesson());
    expect(config).toMatchObject({ model: 'vqvae', dataset: 'fashion', backend: 'wasm', seed: 42 });
    expect(config.architecture).toEqual({ network: 'conv', likelihood: { kind: 'bernoulli' }, latentDim: 2, hiddenUnits: 512, codebookSize: 128, codeDim: 4 });
    expect(config.hyper).toMatchObject({ commitmentWeight: 0.5, restartDeadCodes: false, learningRate: 0.0003, batchSize: 64 });
    const selection = toProbeSelection({ ...lesson(), interpolationB: null }, { elboIndex: 5, interpolationA: 6, interpolationB: 8 });
    expect(selection).toEqual({ elboIndex: 0, interpolationA: 7, interpolationB: 8 });
  });

  it('turns the schedule fields into the worker’s β schedule and the likelihood into its variance', () => {
    const own = { ...MODEL_DEFAULTS.vae, schedule: 'cyclical' as const, cyclePeriod: 400 };
    expect(toHyper(own).betaSchedule).toEqual({ kind: 'cyclical', period: 400, rampFraction: 0.5 });
    expect(toHyper({ ...own, schedule: 'warmup', warmupSteps: 250 }).betaSchedule).toEqual({ kind: 'warmup', steps: 250 });
    const settings = parseSettings('?lik=gaussian&var=0.05').settings;
    expect(toRunConfig(settings).architecture.likelihood).toEqual({ kind: 'gaussian', variance: 0.05 });
    expect(toRunConfig(parseSettings('?lik=cbernoulli').settings).architecture.likelihood).toEqual({ kind: 'continuousBernoulli' });
    expect(toRunConfig(parseSettings('?lik=bernoulli').settings).architecture.likelihood).toEqual({ kind: 'bernoulli' });
  });

  it('suggests 0.001 after a divergence, or the next smaller rate below it', () => {
    expect(suggestLowerLearningRate(0.1)).toBe(0.001);
    expect(suggestLowerLearningRate(0.001)).toBe(0.0003);
    expect(suggestLowerLearningRate(0.0001)).toBe(0.0001);
  });
});

describe('embed settings', () => {
  it('keeps the named panels in their order, once each, and notes the unknown ones', () => {
    const { settings, notes } = parseSettings('?embed=1&panels=loss,bogus,latent-grid,loss');
    expect(settings.embed).toBe(true);
    expect(settings.panels).toEqual(['loss', 'latent-grid']);
    expect(notes).toEqual(['panels=bogus is not a panel; using loss,latent-grid']);
  });

  it('falls back to the scatter and the loss for an empty or wholly unknown list', () => {
    for (const query of ['?embed=1&panels=', '?embed=1&panels=,,', '?embed=1&panels=header,lesson']) {
      const { settings, notes } = parseSettings(query);
      expect(settings.panels, query).toEqual(['latent', 'loss']);
      expect(notes, query).toHaveLength(1);
    }
  });

  it('links the full lab with the same settings, without embed and panels', () => {
    const search = '?embed=1&panels=samples,loss&model=ae&data=fashion&seed=7&utm=slides';
    const { settings } = parseSettings(search);
    const full = new URLSearchParams(fullPageSearch(settings, search));
    expect(full.has('embed')).toBe(false);
    expect(full.has('panels')).toBe(false);
    expect(Object.fromEntries(full)).toEqual({ model: 'ae', data: 'fashion', seed: '7', utm: 'slides' });
  });
});

describe('a link to a lesson step', () => {
  it('starts from the step’s settings and weights, and what the link says wins', () => {
    const holes = LESSON.findIndex((step) => step.id === 'holes') + 1;
    const plain = parseSettings(`?lesson=${holes}`).settings;
    expect(plain).toMatchObject({ lesson: holes, model: 'ae', weights: 'trained' });
    const changed = parseSettings(`?lesson=${holes}&model=vae&ckpt=fresh`).settings;
    expect(changed).toMatchObject({ lesson: holes, model: 'vae', weights: 'fresh' });
    const denoising = LESSON.findIndex((step) => step.id === 'denoising') + 1;
    expect(parseSettings(`?lesson=${denoising}`).settings.models.dae.noiseStd).toBe(0.5);
    expect(parseSettings('?lesson=999').settings).toMatchObject({ lesson: null, model: 'vae' });
  });

  it('round-trips for every step after switching to every model (the step’s settings stay with its own model)', () => {
    const failures: string[] = [];
    LESSON.forEach((_, i) => {
      const step = parseSettings(`?lesson=${i + 1}`).settings;
      for (const model of MODEL_KINDS) {
        const switched: LabSettings = { ...step, model };
        const back = parseSettings(serializeSettings(switched)).settings;
        if (JSON.stringify(back) !== JSON.stringify({ ...switched, models: { ...back.models, [model]: switched.models[model] } }) || JSON.stringify(back.models[model]) !== JSON.stringify(switched.models[model]))
          failures.push(`lesson ${i + 1} → ${model}: ${serializeSettings(switched)}`);
      }
    });
    expect(failures).toEqual([]);
  });

  it('round-trips through the link: a step as it is, and a step the user changed (back to defaults too)', () => {
    const holes = LESSON.findIndex((step) => step.id === 'holes') + 1;
    const step = parseSettings(`?lesson=${holes}`).settings;
    expect(serializeSettings(step)).toBe(`?lesson=${holes}`);
    const changed: LabSettings = { ...step, model: 'vae', weights: 'fresh' };
    expect(serializeSettings(changed)).toContain(`lesson=${holes}`);
    expect(parseSettings(serializeSettings(changed)).settings).toEqual(changed);
  });
});
