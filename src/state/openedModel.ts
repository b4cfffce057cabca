/**
 * A saved model meets the page: the page's settings that describe it (or why they cannot), and the loss curves
 * and test evaluations saved with it, read back defensively (a file may come from anywhere). Pure data.
 */
import type { OpenedModel, TestEvaluation, TermName } from '../worker/protocol';
import { emptyLossHistory, type LossHistory } from './lossHistory';
import { MODEL_PROPERTIES, toArchitecture, toHyper, validateModelSettings, type LikelihoodKind, type ModelSettingName, type ModelSettings } from './modelSettings';
import type { Property } from './properties';
import type { LabSettings } from './settings';

/** Version of the page data saved inside a model file (`curves`). */
const CURVES_VERSION = 1;
/** Training images per epoch of both datasets (for the epoch of a checkpoint's evaluation). */
const TRAIN_IMAGES = 60_000;

const LIKELIHOODS: Record<OpenedModel['architecture']['likelihood']['kind'], LikelihoodKind> = {
  bernoulli: 'bernoulli',
  continuousBernoulli: 'cbernoulli',
  gaussian: 'gaussian',
};

/** JSON with object keys sorted, so two values compare by content alone. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The model's settings as the page's own fields. */
function modelSettingsFor(own: ModelSettings, opened: OpenedModel): ModelSettings {
  const { architecture: a, hyper: h } = opened;
  const schedule = h.betaSchedule;
  return {
    ...own,
    network: a.network,
    likelihood: LIKELIHOODS[a.likelihood.kind],
    variance: a.likelihood.kind === 'gaussian' ? a.likelihood.variance : own.variance,
    latentDim: a.latentDim,
    hiddenUnits: a.hiddenUnits,
    codebookSize: a.codebookSize,
    codeDim: a.codeDim,
    beta: h.beta,
    schedule: schedule.kind,
    warmupSteps: schedule.kind === 'warmup' ? schedule.steps : own.warmupSteps,
    cyclePeriod: schedule.kind === 'cyclical' ? schedule.period : own.cyclePeriod,
    lossPreset: h.lossPreset,
    learningRate: h.learningRate,
    batchSize: h.batchSize,
    commitmentWeight: h.commitmentWeight,
    restartDeadCodes: h.restartDeadCodes,
    noiseStd: h.corruption.noiseStd,
    blur: h.corruption.blur,
    maskRatio: h.corruption.maskRatio,
    patchSize: h.corruption.patchSize,
  };
}

/** Null when the page's menus and sliders can show `value`, else what they offer instead. */
function unrepresentable<K extends ModelSettingName>(name: K, value: ModelSettings[K]): string | null {
  const property = MODEL_PROPERTIES[name] as Property<ModelSettings[K]>;
  const parsed = property.parse(property.format(value));
  if ('value' in parsed && parsed.value === value && !parsed.note) return null;
  const options = 'options' in property ? ` (it offers ${(property.options as readonly unknown[]).join(', ')})` : '';
  return `its ${name} is ${String(value)}, which the lab's controls cannot set${options}`;
}

/**
 * The page's settings for an opened model (its dataset, model, seed and every model setting), or why the page
 * cannot describe it: a value its controls do not offer, or a setting it has no control for.
 */
export function settingsForOpened(settings: LabSettings, opened: OpenedModel): { settings: LabSettings } | { reason: string } {
  const own = modelSettingsFor(settings.models[opened.model], opened);
  for (const name of Object.keys(MODEL_PROPERTIES) as ModelSettingName[]) {
    const problem = unrepresentable(name, own[name]);
    if (problem) return { reason: `This lab cannot show the model: ${problem}.` };
  }
  const { notes } = validateModelSettings(opened.model, own);
  if (notes.length > 0) return { reason: `This lab cannot show the model: ${notes.join('; ')}.` };
  const { codebookUpdate, ...architecture } = opened.architecture;
  if (codebookUpdate !== undefined && codebookUpdate !== 'ema')
    return { reason: `This lab cannot show the model: its codebook learns by ${codebookUpdate}, and the page trains codebooks by EMA only.` };
  if (canonical(toArchitecture(own)) !== canonical(architecture) || canonical(toHyper(own)) !== canonical(opened.hyper))
    return { reason: 'This lab cannot show the model: it has settings the page has no control for.' };
  return { settings: { ...settings, dataset: opened.dataset, model: opened.model, seed: opened.seed, models: { ...settings.models, [opened.model]: own } } };
}

/** What the page saves inside a model file besides the worker's part: the loss curves and the test evaluations. */
export function pageDataToSave(history: LossHistory, evaluations: readonly TestEvaluation[]): { curves: unknown; evaluations: unknown } {
  return { curves: { version: CURVES_VERSION, history }, evaluations };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const numbers = (value: unknown, length?: number): value is number[] =>
  Array.isArray(value) && (length === undefined || value.length === length) && value.every(isFiniteNumber);
const table = (value: unknown, rows: number, length: number): value is number[][] => Array.isArray(value) && value.length === rows && value.every((row) => numbers(row, length));

/** Saved loss curves of `names`' terms, or an empty history when they are missing or malformed. */
function readHistory(curves: unknown, names: readonly TermName[]): LossHistory {
  if (!isRecord(curves) || curves.version !== CURVES_VERSION || !isRecord(curves.history)) return emptyLossHistory();
  const h = curves.history;
  const n = Array.isArray(h.steps) ? h.steps.length : -1;
  const k = names.length;
  const ema = h.ema;
  const sameNames = Array.isArray(h.names) && h.names.length === k && h.names.every((name, i) => name === names[i]);
  if (!sameNames || !numbers(h.steps, n) || !numbers(h.total, n) || !table(h.values, k, n) || !table(h.weighted, k, n) || !table(h.weights, k, n)) return emptyLossHistory();
  if (!isRecord(ema) || !isFiniteNumber(ema.weight) || !numbers(ema.values, k) || !numbers(ema.weighted, k)) return emptyLossHistory();
  return h as unknown as LossHistory;
}

/** One test evaluation saved by the page, or converted from a checkpoint's test scores; null when malformed. */
function readEvaluation(value: unknown, opened: OpenedModel): TestEvaluation | null {
  if (!isRecord(value) || !isRecord(value.terms) || !isFiniteNumber(value.discretisedNll) || !isFiniteNumber(value.bitsPerDim)) return null;
  const terms: Partial<Record<TermName, number>> = {};
  for (const [name, term] of Object.entries(value.terms)) {
    if (!isFiniteNumber(term)) return null;
    terms[name as TermName] = term;
  }
  const { discretisedNll, bitsPerDim } = value;
  if ('testImages' in value) {
    // A checkpoint's scores: measured on the whole test set with its weights as stored.
    const negElboNats = isFiniteNumber(value.negElbo) ? value.negElbo : null;
    return { model: opened.model, epoch: opened.samplesSeen / TRAIN_IMAGES, step: opened.step, terms, negElboNats, discretisedNll, bitsPerDim };
  }
  if (value.model !== opened.model || !isFiniteNumber(value.epoch) || !isFiniteNumber(value.step) || value.step > opened.step) return null;
  const negElboNats = isFiniteNumber(value.negElboNats) ? value.negElboNats : null;
  return { model: opened.model, epoch: value.epoch, step: value.step, terms, negElboNats, discretisedNll, bitsPerDim };
}

/** The curves and evaluations an opened model brings (what cannot be read is left out). */
export function readPageData(opened: OpenedModel, names: readonly TermName[]): { history: LossHistory; evaluations: TestEvaluation[] } {
  const evaluations = Array.isArray(opened.evaluations) ? opened.evaluations.map((value) => readEvaluation(value, opened)).filter((e): e is TestEvaluation => e !== null) : [];
  return { history: readHistory(opened.curves, names), evaluations };
}
