/**
 * The lab's settings and their URL form, driven by tables of properties (as in tensorflow/playground's
 * state.ts): the page-wide table here, the per-model one in modelSettings.ts. Each model keeps its own
 * settings in the page; the URL carries the active model's, so a lesson link reopens the same state.
 */
import { DATASET_IDS } from '../ml/data/datasets';
import { MODEL_KINDS } from '../ml/models/family';
import type { BackendChoice, DatasetName, ModelKind, ProbeSelection, RunConfig } from '../worker/protocol';
import { MODEL_DEFAULTS, MODEL_PROPERTIES, MODEL_SETTING_NAMES, toArchitecture, toHyper, validateModelSettings } from './modelSettings';
import type { ModelSettingName, ModelSettings } from './modelSettings';
import { LESSON } from '../lessons';
import { flag, nameList, oneOf, probeIndex, ranged, readInto, stepNumber, writeFrom } from './properties';
import type { Property } from './properties';

/** Page-wide settings: which model on which data, the backend, the seed, and which digits the page shows. */
export interface PageSettings {
  model: ModelKind;
  dataset: DatasetName;
  backend: BackendChoice;
  seed: number;
  /** Probe indices; null means "let the page choose" (see probes.ts). */
  interpolationA: number | null;
  interpolationB: number | null;
  elboIndex: number | null;
  /** The open lesson step, 1-based; null when no lesson is open. */
  lesson: number | null;
  /** Lecture mode: large type, high contrast, big digits, keyboard shortcuts. */
  present: boolean;
  /** Embed mode (an iframe in slides or a course page): no header, only `panels` and Train. */
  embed: boolean;
  panels: readonly EmbeddablePanel[];
  /** Start from fresh weights, or from the shipped trained model of this model and dataset (`ckpt=trained`). */
  weights: StartWeights;
}

export type StartWeights = 'fresh' | 'trained';

/** Panels an embed can show. */
export const EMBEDDABLE_PANELS = ['latent', 'loss', 'elbo', 'latent-grid', 'interpolation', 'reconstructions', 'samples'] as const;
export type EmbeddablePanel = (typeof EMBEDDABLE_PANELS)[number];

/** Everything the page keeps: the page-wide settings and every model's own. */
export interface LabSettings extends PageSettings {
  models: Record<ModelKind, ModelSettings>;
}

type PageSettingName = keyof PageSettings;

export const BACKEND_CHOICES: readonly BackendChoice[] = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'];
const MAX_SEED = 2 ** 31 - 1;
/** The per-model table seen through its row type, for reading and writing any field generically. */
const MODEL_TABLE: { [K in ModelSettingName]: Property<ModelSettings[K]> } = MODEL_PROPERTIES;

const PAGE_DEFAULTS: PageSettings = {
  model: 'vae',
  dataset: 'mnist',
  backend: 'auto',
  seed: 1,
  interpolationA: null,
  interpolationB: null,
  elboIndex: null,
  lesson: null,
  present: false,
  embed: false,
  panels: ['latent', 'loss'],
  weights: 'fresh',
};

/** The page-wide table: one row per setting. */
const PAGE_PROPERTIES: { [K in PageSettingName]: Property<PageSettings[K]> } = {
  model: oneOf<ModelKind>('model', MODEL_KINDS),
  dataset: oneOf<DatasetName>('data', DATASET_IDS),
  backend: oneOf<BackendChoice>('backend', BACKEND_CHOICES),
  seed: ranged('seed', 0, MAX_SEED, 1),
  interpolationA: probeIndex('a'),
  interpolationB: probeIndex('b'),
  elboIndex: probeIndex('digit'),
  lesson: stepNumber('lesson', LESSON.length),
  present: flag('present'),
  embed: flag('embed'),
  panels: nameList<EmbeddablePanel>('panels', EMBEDDABLE_PANELS),
  weights: oneOf<StartWeights>('ckpt', ['fresh', 'trained']),
};

const PAGE_SETTING_NAMES = Object.keys(PAGE_PROPERTIES) as PageSettingName[];

/** The settings a fresh lab starts with: every model at its own defaults. */
export function defaultSettings(): LabSettings {
  const models = {} as Record<ModelKind, ModelSettings>;
  for (const model of MODEL_KINDS) models[model] = { ...MODEL_DEFAULTS[model] };
  return { ...PAGE_DEFAULTS, models };
}

/** The active model's settings. */
export function activeModelSettings(settings: LabSettings): ModelSettings {
  return settings.models[settings.model];
}

/** Parses a query string (with or without "?") into settings, noting every value it could not use. */
export function parseSettings(search: string): { settings: LabSettings; notes: string[] } {
  const params = withLessonState(new URLSearchParams(search));
  const settings = defaultSettings();
  const notes: string[] = [];
  for (const name of PAGE_SETTING_NAMES) readPage(settings, name, params, notes);
  const own = { ...settings.models[settings.model] };
  for (const name of MODEL_SETTING_NAMES) readModel(own, name, params, notes);
  const validated = validateModelSettings(settings.model, own);
  settings.models[settings.model] = validated.settings;
  return { settings, notes: [...notes, ...validated.notes] };
}

/**
 * A link that opens lesson step N starts from that step's state (its query and weights); what the link itself says
 * wins, so a prepared link can change a step. Without a valid lesson the parameters are returned as they are.
 */
function withLessonState(params: URLSearchParams): URLSearchParams {
  const raw = params.get(PAGE_PROPERTIES.lesson.key);
  const parsed = raw === null ? null : PAGE_PROPERTIES.lesson.parse(raw);
  const index = parsed && 'value' in parsed ? parsed.value : null;
  const step = typeof index === 'number' ? LESSON[index - 1] : undefined;
  if (!step) return params;
  const merged = new URLSearchParams(step.query);
  merged.set(PAGE_PROPERTIES.weights.key, step.weights);
  // The step's model settings belong to its model: a link that names another model starts that one at its defaults.
  const modelKey = PAGE_PROPERTIES.model.key;
  if (params.has(modelKey) && params.get(modelKey) !== (merged.get(modelKey) ?? PAGE_DEFAULTS.model)) {
    for (const name of MODEL_SETTING_NAMES) merged.delete(MODEL_TABLE[name].key);
  }
  for (const key of new Set(params.keys())) {
    merged.delete(key);
    for (const value of params.getAll(key)) merged.append(key, value);
  }
  return merged;
}

function readPage<K extends PageSettingName>(settings: PageSettings, name: K, params: URLSearchParams, notes: string[]): void {
  readInto(settings, name, PAGE_PROPERTIES[name], params, notes);
}

function readModel<K extends keyof ModelSettings>(settings: ModelSettings, name: K, params: URLSearchParams, notes: string[]): void {
  readInto(settings, name, MODEL_TABLE[name], params, notes);
}

/** Writes the page settings and the active model's settings that differ from their defaults, keeping unknown keys. */
export function serializeSettings(settings: LabSettings, previousSearch = ''): string {
  const params = new URLSearchParams(previousSearch);
  // With a lesson step open, a link opens that step's state first (withLessonState): write what differs from it.
  const lessonQuery = `?${PAGE_PROPERTIES.lesson.key}=${settings.lesson}`;
  const base = settings.lesson === null ? null : parseSettings(lessonQuery).settings;
  // The model's settings start from the step's for its own model, from the defaults for another (withLessonState).
  const modelBase = base === null ? null : parseSettings(`${lessonQuery}&${PAGE_PROPERTIES.model.key}=${settings.model}`).settings.models[settings.model];
  for (const name of PAGE_SETTING_NAMES) writeFrom(params, PAGE_PROPERTIES[name], settings[name], base && name !== 'lesson' ? base[name] : PAGE_DEFAULTS[name]);
  const own = activeModelSettings(settings);
  const defaults = modelBase ?? MODEL_DEFAULTS[settings.model];
  for (const name of MODEL_SETTING_NAMES) writeModel(params, own, defaults, name);
  const query = params.toString();
  return query ? `?${query}` : '';
}

function writeModel<K extends keyof ModelSettings>(params: URLSearchParams, own: ModelSettings, defaults: ModelSettings, name: K): void {
  writeFrom(params, MODEL_TABLE[name], own[name], defaults[name]);
}

/** The query of the full lab with the same settings: an embed's, with `embed` and `panels` dropped (unknown keys kept). */
export function fullPageSearch(settings: LabSettings, previousSearch = ''): string {
  return serializeSettings({ ...settings, embed: false, panels: PAGE_DEFAULTS.panels }, previousSearch);
}

/** What the worker trains with: the active model on the active dataset. */
export function toRunConfig(settings: LabSettings): RunConfig {
  const own = activeModelSettings(settings);
  return {
    dataset: settings.dataset,
    model: settings.model,
    architecture: toArchitecture(own),
    hyper: toHyper(own),
    backend: settings.backend,
    seed: settings.seed,
  };
}

/** Fills the page-chosen probe indices with defaults (see probes.ts). */
export function toProbeSelection(settings: PageSettings, defaults: ProbeSelection): ProbeSelection {
  return {
    elboIndex: settings.elboIndex ?? defaults.elboIndex,
    interpolationA: settings.interpolationA ?? defaults.interpolationA,
    interpolationB: settings.interpolationB ?? defaults.interpolationB,
  };
}

/** A safer learning rate after a divergence: 0.001 from above, else the next smaller choice. */
export function suggestLowerLearningRate(current: number): number {
  if (current > 0.001) return 0.001;
  const rates = MODEL_PROPERTIES.learningRate.options;
  const lower = rates.find((rate) => rate < current);
  return lower ?? rates[rates.length - 1];
}
