import { describe, expect, it } from 'vitest';
import { defaultSettings, parseSettings, serializeSettings, suggestLowerLearningRate, toProbeSelection, toRunConfig } from './settings';
import type { LabSettings } from './settings';

const lesson: LabSettings = {
  beta: 4.5,
  learningRate: 0.0003,
  latentDim: 16,
  hiddenUnits: 256,
  batchSize: 64,
  backend: 'wasm',
  seed: 42,
  interpolationA: 7,
  interpolationB: 1999,
  elboIndex: 0,
};

describe('settings URL', () => {
  it('round-trips every field through the query string', () => {
    const query = serializeSettings(lesson);
    expect(query).toContain('beta=4.5');
    expect(query).toContain('lr=0.0003');
    expect(query).toContain('latent=16');
    expect(query).toContain('digit=0');
    expect(parseSettings(query)).toEqual({ settings: lesson, notes: [] });
  });

  it('writes nothing for the defaults and keeps keys it does not own', () => {
    expect(serializeSettings(defaultSettings())).toBe('');
    expect(serializeSettings({ ...defaultSettings(), beta: 2 }, '?lang=fr&beta=9')).toBe('?lang=fr&beta=2');
  });

  it('reads the backend preset the browser tests use', () => {
    expect(parseSettings('?backend=cpu').settings.backend).toBe('cpu');
    expect(parseSettings('backend=webgl').settings.backend).toBe('webgl');
  });

  it('falls back to defaults for values it cannot read, with one note each', () => {
    const { settings, notes } = parseSettings('?beta=abc&lr=0.002&latent=3&hidden=&backend=gpu&a=1.5&digit=x');
    expect(settings).toEqual(defaultSettings());
    expect(notes).toHaveLength(7);
    expect(notes[0]).toMatch(/^beta=abc is not a number/);
  });

  it('clamps out-of-range numbers and rejects out-of-range digit indices', () => {
    const { settings, notes } = parseSettings('?beta=50&seed=-3&a=2000&b=-1');
    expect(settings.beta).toBe(10);
    expect(settings.seed).toBe(0);
    expect(settings.interpolationA).toBeNull();
    expect(settings.interpolationB).toBeNull();
    expect(notes).toHaveLength(4);
    expect(parseSettings('?beta=-0.5').settings.beta).toBe(0);
  });

  it('rounds β to the slider step', () => {
    expect(parseSettings('?beta=2.34').settings.beta).toBe(2.3);
  });

  it('builds the worker config and fills unset probes', () => {
    const config = toRunConfig(lesson);
    expect(config.architecture).toEqual({ latentDim: 16, hiddenUnits: 256 });
    expect(config.hyper).toEqual({ beta: 4.5, learningRate: 0.0003, batchSize: 64 });
    const selection = toProbeSelection({ ...lesson, interpolationA: null }, { elboIndex: 5, interpolationA: 6, interpolationB: 7 });
    expect(selection).toEqual({ elboIndex: 0, interpolationA: 6, interpolationB: 1999 });
  });

  it('suggests 0.001 after a divergence, or the next smaller rate below it', () => {
    expect(suggestLowerLearningRate(0.1)).toBe(0.001);
    expect(suggestLowerLearningRate(0.001)).toBe(0.0003);
    expect(suggestLowerLearningRate(0.0001)).toBe(0.0001);
  });
});
