/**
 * Hostile links, fuzzed: whatever the query string, parsing never throws, never asks the worker for more
 * than the lab can allocate, leaves valid settings that survive their own round trip, and explains what it
 * ignored in short notes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MODEL_KINDS } from '../ml/models/family';
import { parseSettings, serializeSettings, toRunConfig } from './settings';
import type { LabSettings } from './settings';

/** Every query key the page reads, so the fuzzer hits the parsers and not only unknown keys. */
const KNOWN_KEYS = [
  'model', 'data', 'backend', 'seed', 'a', 'b', 'digit', 'lesson', 'present', 'embed', 'panels',
  'net', 'lik', 'var', 'latent', 'hidden', 'K', 'D', 'beta', 'sched', 'warm', 'cycle', 'preset', 'lr', 'batch', 'bc', 'restarts',
  'noise', 'blur', 'mask', 'patch',
];
const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', '__proto__[polluted]', 'constructor[prototype][polluted]', '<script>alert(1)</script>', ''];
const HOSTILE_VALUES = [
  '1e9', '-1', '99999', '-0', '1e308', '-1e308', 'Infinity', 'NaN', '0x10', ' 2', '2 ', '', '%', '%E0%A4%A', '<img src=x onerror=alert(1)>',
  '__proto__', '{"a":1}', 'true', '١٢٣', '𝟙𝟚', '\u0000', 'ab'.repeat(6000), '漢字'.repeat(3000),
];

const key = fc.oneof(fc.constantFrom(...KNOWN_KEYS), fc.constantFrom(...HOSTILE_KEYS), fc.string({ maxLength: 12 }));
const value = fc.oneof(
  fc.constantFrom(...HOSTILE_VALUES),
  fc.double().map(String),
  fc.integer().map(String),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
);
/** Built with URLSearchParams (so the pairs arrive as written) or raw (so malformed escapes arrive as such). */
const query = fc.oneof(
  fc.array(fc.tuple(key, value), { maxLength: 12 }).map((pairs) => `?${new URLSearchParams(pairs).toString()}`),
  fc.array(fc.tuple(key, value), { maxLength: 12 }).map((pairs) => `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}`),
  fc.string({ unit: 'binary', maxLength: 200 }),
);

/** Allocation limits the worker must never be asked beyond, stated here and not read from the settings tables. */
const LIMITS = { latentDim: 1024, hiddenUnits: 1024, codebookSize: 512, codeDim: 32, batchSize: 256 };
/** A note quotes at most 40 characters of the value, so none is longer than this. */
const NOTE_LENGTH_LIMIT = 240;

function expectValid(settings: LabSettings): void {
  expect(MODEL_KINDS).toContain(settings.model);
  expect(['mnist', 'fashion']).toContain(settings.dataset);
  expect(Number.isInteger(settings.seed) && settings.seed >= 0).toBe(true);
  for (const model of MODEL_KINDS) {
    const own = settings.models[model];
    expect(own.latentDim).toBeLessThanOrEqual(LIMITS.latentDim);
    expect(own.hiddenUnits).toBeLessThanOrEqual(LIMITS.hiddenUnits);
    expect(own.codebookSize).toBeLessThanOrEqual(LIMITS.codebookSize);
    expect(own.codeDim).toBeLessThanOrEqual(LIMITS.codeDim);
    expect(own.batchSize).toBeLessThanOrEqual(LIMITS.batchSize);
    for (const number of [own.beta, own.learningRate, own.variance, own.noiseStd, own.maskRatio, own.warmupSteps, own.cyclePeriod]) {
      expect(Number.isFinite(number) && number >= 0).toBe(true);
    }
    expect(own.variance).toBeGreaterThan(0);
    expect(own.learningRate).toBeGreaterThan(0);
    // At least one patch stays visible for the masked AE: ratio · patches ≤ patches − 1.
    const patches = (28 / own.patchSize) ** 2;
    expect(Math.round(own.maskRatio * patches)).toBeLessThanOrEqual(patches - 1);
  }
}

describe('hostile links (property-based)', () => {
  it('never throw, stay within the allocation limits, note briefly, and round-trip', () => {
    fc.assert(
      fc.property(query, (search) => {
        const { settings, notes } = parseSettings(search);
        expectValid(settings);
        for (const note of notes) expect(note.length).toBeLessThanOrEqual(NOTE_LENGTH_LIMIT);
        const config = toRunConfig(settings);
        expect(config.architecture.latentDim).toBeLessThanOrEqual(LIMITS.latentDim);
        const again = parseSettings(serializeSettings(settings));
        expect(again.notes).toEqual([]);
        expect(toRunConfig(again.settings)).toEqual(config);
      }),
      { numRuns: 400 },
    );
  });

  it('leave Object.prototype alone', () => {
    fc.assert(
      fc.property(fc.constantFrom(...HOSTILE_KEYS), value, (hostileKey, hostileValue) => {
        parseSettings(`?${hostileKey}=${hostileValue}&polluted=1`);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
    );
  });

  it('refuse the sizes that would exhaust memory, with a note each', () => {
    const { settings, notes } = parseSettings('?model=ae&latent=1e9&hidden=99999&batch=50000&K=100000');
    expect(settings.models.ae.latentDim).toBe(2);
    expect(settings.models.ae.hiddenUnits).toBe(512);
    expect(settings.models.ae.batchSize).toBe(128);
    expect(notes).toHaveLength(4);
    for (const refused of ['latent=1e9', 'hidden=99999', 'batch=50000', 'K=100000']) expect(notes.some((note) => note.startsWith(`${refused} is not one of`))).toBe(true);
  });
});
