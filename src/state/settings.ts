/**
 * The lab's settings and their URL form, driven by one table of properties (as in
 * tensorflow/playground's state.ts): each row names its query key, default and allowed values.
 */
import { PROBE_COUNT } from '../worker/protocol';
import type { BackendChoice, LatentDim, ProbeSelection, RunConfig } from '../worker/protocol';

/** Everything a lesson link can hold: the run configuration plus which digits the page shows. */
export interface LabSettings {
  beta: number;
  learningRate: number;
  latentDim: LatentDim;
  hiddenUnits: number;
  batchSize: number;
  backend: BackendChoice;
  seed: number;
  /** Probe indices; null means "let the page choose" (see probes.ts). */
  interpolationA: number | null;
  interpolationB: number | null;
  elboIndex: number | null;
}

export type SettingName = keyof LabSettings;

export const LEARNING_RATES = [1, 0.1, 0.01, 0.003, 0.001, 0.0003, 0.0001] as const;
export const LATENT_DIMS: readonly LatentDim[] = [2, 8, 16, 32];
export const HIDDEN_WIDTHS = [128, 256, 512, 1024] as const;
export const BATCH_SIZES = [32, 64, 128, 256] as const;
export const BACKEND_CHOICES: readonly BackendChoice[] = ['auto', 'webgl', 'wasm', 'cpu'];
export const BETA_RANGE = { min: 0, max: 10, step: 0.1 } as const;
const MAX_SEED = 2 ** 31 - 1;

/** A parse either yields a value or explains why the raw text was not used. */
type Parsed<T> = { value: T; note?: string } | { value?: undefined; note: string };

/** One row of the table: query key, default, and how to read and write the value. */
interface Property<T> {
  key: string;
  defaultValue: T;
  parse(raw: string): Parsed<T>;
  format(value: T): string;
}

/** A number limited to [min, max] (clamped, with a note), rounded to `step` when given. */
function ranged(key: string, defaultValue: number, min: number, max: number, step?: number): Property<number> {
  return {
    key,
    defaultValue,
    parse(raw) {
      const number = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(number)) return { note: `${key}=${raw} is not a number` };
      const clamped = Math.min(max, Math.max(min, number));
      const value = step ? Number((Math.round(clamped / step) * step).toFixed(6)) : clamped;
      return clamped === number ? { value } : { value, note: `${key}=${raw} is outside ${min}–${max}; using ${value}` };
    },
    format: (value) => String(value),
  };
}

/** One of a closed set of values; anything else is rejected. */
function oneOf<T extends string | number>(key: string, defaultValue: T, allowed: readonly T[]): Property<T> {
  return {
    key,
    defaultValue,
    parse(raw) {
      const matches = (candidate: T) =>
        typeof candidate === 'number' ? raw.trim() !== '' && Number(raw) === candidate : candidate === raw;
      const match = allowed.find(matches);
      return match === undefined ? { note: `${key}=${raw} is not one of ${allowed.join(', ')}` } : { value: match };
    },
    format: (value) => String(value),
  };
}

/** An optional probe index in [0, PROBE_COUNT); out-of-range indices are rejected. */
function probeIndex(key: string): Property<number | null> {
  return {
    key,
    defaultValue: null,
    parse(raw) {
      const number = Number(raw);
      if (raw.trim() === '' || !Number.isInteger(number)) return { note: `${key}=${raw} is not a digit index` };
      if (number < 0 || number >= PROBE_COUNT) return { note: `${key}=${raw} is outside 0–${PROBE_COUNT - 1}` };
      return { value: number };
    },
    format: (value) => (value === null ? '' : String(value)),
  };
}

/** The table: one row per setting, keyed by its field in LabSettings. */
export const PROPERTIES: { [K in SettingName]: Property<LabSettings[K]> } = {
  beta: ranged('beta', 1, BETA_RANGE.min, BETA_RANGE.max, BETA_RANGE.step),
  learningRate: oneOf<number>('lr', 0.001, LEARNING_RATES),
  latentDim: oneOf<LatentDim>('latent', 2, LATENT_DIMS),
  hiddenUnits: oneOf<number>('hidden', 512, HIDDEN_WIDTHS),
  batchSize: oneOf<number>('batch', 128, BATCH_SIZES),
  backend: oneOf<BackendChoice>('backend', 'auto', BACKEND_CHOICES),
  seed: ranged('seed', 1, 0, MAX_SEED, 1),
  interpolationA: probeIndex('a'),
  interpolationB: probeIndex('b'),
  elboIndex: probeIndex('digit'),
};

const SETTING_NAMES = Object.keys(PROPERTIES) as SettingName[];

/** The settings a fresh lab starts with. */
export function defaultSettings(): LabSettings {
  const settings = {} as LabSettings;
  for (const name of SETTING_NAMES) copyDefault(settings, name);
  return settings;
}

function copyDefault<K extends SettingName>(settings: LabSettings, name: K): void {
  settings[name] = PROPERTIES[name].defaultValue;
}

/** Reads one field from the query; an invalid value falls back to the default and adds a note. */
function readField<K extends SettingName>(settings: LabSettings, name: K, params: URLSearchParams, notes: string[]): void {
  const property = PROPERTIES[name];
  const raw = params.get(property.key);
  if (raw === null) return;
  const parsed = property.parse(raw);
  if (parsed.note) notes.push(parsed.value === undefined ? `${parsed.note}; using the default` : parsed.note);
  if (parsed.value !== undefined) settings[name] = parsed.value;
}

/** Parses a query string (with or without "?") into settings, noting every value it could not use. */
export function parseSettings(search: string): { settings: LabSettings; notes: string[] } {
  const params = new URLSearchParams(search);
  const settings = defaultSettings();
  const notes: string[] = [];
  for (const name of SETTING_NAMES) readField(settings, name, params, notes);
  return { settings, notes };
}

/** Writes the settings that differ from their defaults into a query string, keeping unknown keys. */
export function serializeSettings(settings: LabSettings, previousSearch = ''): string {
  const params = new URLSearchParams(previousSearch);
  for (const name of SETTING_NAMES) writeField(params, settings, name);
  const query = params.toString();
  return query ? `?${query}` : '';
}

function writeField<K extends SettingName>(params: URLSearchParams, settings: LabSettings, name: K): void {
  const property = PROPERTIES[name];
  const value = settings[name];
  if (value === property.defaultValue || value === null) params.delete(property.key);
  else params.set(property.key, property.format(value));
}

/** The part of the settings the worker trains with. */
export function toRunConfig(settings: LabSettings): RunConfig {
  return {
    dataset: 'mnist',
    architecture: { latentDim: settings.latentDim, hiddenUnits: settings.hiddenUnits },
    hyper: { beta: settings.beta, learningRate: settings.learningRate, batchSize: settings.batchSize },
    backend: settings.backend,
    seed: settings.seed,
  };
}

/** Fills the page-chosen probe indices with defaults (see probes.ts). */
export function toProbeSelection(settings: LabSettings, defaults: ProbeSelection): ProbeSelection {
  return {
    elboIndex: settings.elboIndex ?? defaults.elboIndex,
    interpolationA: settings.interpolationA ?? defaults.interpolationA,
    interpolationB: settings.interpolationB ?? defaults.interpolationB,
  };
}

/** A safer learning rate after a divergence: 0.001 from above, else the next smaller choice. */
export function suggestLowerLearningRate(current: number): number {
  if (current > 0.001) return 0.001;
  const lower = LEARNING_RATES.find((rate) => rate < current);
  return lower ?? LEARNING_RATES[LEARNING_RATES.length - 1];
}
