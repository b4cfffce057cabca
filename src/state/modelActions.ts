/**
 * Save, open, delete and load-trained for the page: each asks the worker, then puts the opened model's settings,
 * curves and evaluations in place at once. An opened file is checked in the worker and then against what the page
 * can show before anything changes, so a refusal leaves the current model as it was.
 */
import type * as Comlink from 'comlink';
import { DATASETS } from '../ml/data/datasets';
import { MODEL_FAMILIES } from '../ml/models/family';
import type { CheckpointWanted, OpenModelResult, TrainerApi } from '../worker/protocol';
import { activeKey, activeRecord, type LabState } from './labState';
import { browserAutosaveSlot, timeAgo, type AutosaveInfo, type AutosaveSlot } from './autosave';
import { browserModelLibrary, defaultModelName, describeStorageError, modelFileName, type ModelLibrary } from './modelLibrary';
import { pageDataToSave, readPageData, settingsForOpened } from './openedModel';
import { emptyRunRecord, runKey } from './runRecords';
import { toRunConfig } from './settings';

/** What the actions need of the store. */
export interface ModelActionsHost {
  state(): LabState;
  update(patch: Partial<LabState>): void;
  api(): Comlink.Remote<TrainerApi> | null;
  /** Absolute URL of the folder with the shipped checkpoints' manifest.json. */
  checkpointsUrl(): string;
  /** Grows whenever the user moves the lab elsewhere (another model, lesson step, reset): a model still opening then is dropped. */
  generation(): number;
  /** Called when a save, open or load has finished. */
  afterBusy(): void;
}

/** A model file for download. */
export interface ModelDownload {
  bytes: Uint8Array<ArrayBuffer>;
  fileName: string;
}

/** A success notice clears itself after this long (a refusal stays until dismissed). */
const DONE_NOTICE_MS = 8_000;

export class ModelActions {
  /** The last session read when the page opened, kept in memory: later autosaves must not change what the offer restores. */
  private offered: { info: AutosaveInfo; bytes: Uint8Array<ArrayBuffer> } | null = null;
  /** The worker an autosave is waiting for (a crashed worker's call never settles: a new worker must not wait on it). */
  private autosavingWith: unknown = null;

  constructor(
    private readonly host: ModelActionsHost,
    private readonly library: ModelLibrary = browserModelLibrary(),
    private readonly slot: AutosaveSlot = browserAutosaveSlot(),
  ) {}

  /** Looks for an autosaved session to offer ("Restore your last session …"); nothing when there is none or storage fails. */
  readonly findLastSession = async (): Promise<void> => {
    try {
      this.offered = await this.slot.read();
    } catch {
      this.offered = null;
    }
    if (this.offered && this.offered.info.step > 0) this.host.update({ lastSession: { ...this.offered.info, ago: timeAgo(this.offered.info.savedAt, Date.now()) } });
  };

  /** Saves the active run in the autosave slot (in the background: no busy state); false when nothing was saved. */
  readonly autosave = async (): Promise<boolean> => {
    const api = this.host.api();
    if (!api || this.autosavingWith === api) return false;
    this.autosavingWith = api;
    try {
      const record = activeRecord(this.host.state());
      const result = await api.exportModel(pageDataToSave(record.history, record.evaluations));
      if (!result?.ok || result.step === 0) return false;
      await this.slot.write({ savedAt: Date.now(), dataset: result.dataset, model: result.model, step: result.step }, result.bytes);
      return true;
    } catch (error) {
      this.host.update({ modelNotice: { tone: 'refused', text: `Autosave failed. ${describeStorageError(error)}` } });
      return false;
    } finally {
      if (this.autosavingWith === api) this.autosavingWith = null;
    }
  };

  /** Restores the session offered when the page opened ('offer'), or the latest autosave ('latest', after a worker restart). */
  readonly restoreLastSession = async (which: 'offer' | 'latest' = 'offer'): Promise<boolean> => {
    const api = this.host.api();
    if (!api || this.host.state().modelBusy) return false;
    let session = which === 'offer' ? this.offered : null;
    if (!session) {
      try {
        session = await this.slot.read();
      } catch (error) {
        this.host.update({ modelNotice: { tone: 'refused', text: describeStorageError(error) } });
        return false;
      }
    }
    this.offered = null;
    this.host.update({ lastSession: null });
    if (!session) return false;
    const { bytes } = session;
    const generation = this.host.generation();
    return (await this.busy('Restoring your last session…', async () => this.adopt(await api.openModel([new File([bytes], 'last-session.vaelab')]), 'Your last session', generation))) ?? false;
  };

  readonly dismissLastSession = (): void => {
    this.offered = null;
    this.host.update({ lastSession: null });
  };

  /** Reads the list of models saved in this browser (shown by the Open menu). */
  readonly refreshList = async (): Promise<void> => {
    try {
      this.host.update({ savedModels: await this.library.list() });
    } catch (error) {
      this.host.update({ savedModels: [], modelNotice: { tone: 'refused', text: describeStorageError(error) } });
    }
  };

  /** Saves the active model in this browser under `name` (a default name when blank). */
  readonly save = async (name: string): Promise<void> => {
    const exported = await this.busy('Saving the model…', () => this.export());
    if (!exported) return;
    const { model, dataset } = this.host.state().settings;
    const title = name.trim() || defaultModelName(MODEL_FAMILIES[model].title, DATASETS[dataset].title, exported.step);
    try {
      const saved = await this.library.save({ name: title, dataset: exported.dataset, model: exported.model, step: exported.step }, exported.bytes);
      this.done(`Saved “${saved.name}” in this browser.`);
    } catch (error) {
      this.host.update({ modelNotice: { tone: 'refused', text: describeStorageError(error) } });
    }
    await this.refreshList();
  };

  /** The active model as a .vaelab file to download; null (with a notice) when it cannot be saved. */
  readonly download = async (): Promise<ModelDownload | null> => {
    const exported = await this.busy('Preparing the download…', () => this.export());
    return exported && { bytes: exported.bytes, fileName: modelFileName(exported.model, exported.dataset, exported.step) };
  };

  /** Opens files the user picked (one .vaelab, or model.json with weights.bin). */
  readonly openFiles = async (files: File[]): Promise<void> => {
    const api = this.host.api();
    if (!api || files.length === 0) return;
    const names = files.map((file) => file.name).join(' + ');
    const generation = this.host.generation();
    await this.busy('Opening the model file…', async () => this.adopt(await api.openModel(files), `“${names}”`, generation));
  };

  /** Opens a model saved in this browser. */
  readonly openSaved = async (id: string): Promise<void> => {
    const api = this.host.api();
    const info = this.host.state().savedModels?.find((saved) => saved.id === id);
    if (!api || !info) return;
    const generation = this.host.generation();
    await this.busy(`Opening “${info.name}”…`, async () => {
      let bytes: Uint8Array<ArrayBuffer> | null;
      try {
        bytes = await this.library.read(id);
      } catch (error) {
        this.host.update({ modelNotice: { tone: 'refused', text: describeStorageError(error) } });
        return;
      }
      if (!bytes) {
        this.host.update({ modelNotice: { tone: 'refused', text: `“${info.name}” is no longer in this browser's storage.` } });
        return;
      }
      await this.adopt(await api.openModel([new File([bytes], `${info.name}.vaelab`)]), `“${info.name}”`, generation);
    });
  };

  /** Deletes a model saved in this browser. */
  readonly remove = async (id: string): Promise<void> => {
    const info = this.host.state().savedModels?.find((saved) => saved.id === id);
    try {
      await this.library.remove(id);
      if (info) this.done(`Deleted “${info.name}”.`);
    } catch (error) {
      this.host.update({ modelNotice: { tone: 'refused', text: describeStorageError(error) } });
    }
    await this.refreshList();
  };

  /** Puts the shipped trained model of the current (dataset, model), or of a lesson's variant, in place. */
  readonly loadTrained = async (variant: string | null = null): Promise<boolean> => {
    const api = this.host.api();
    if (!api) return false;
    const { dataset, model } = this.host.state().settings;
    const wanted: CheckpointWanted = { dataset, model, variant };
    const generation = this.host.generation();
    return (await this.busy('Loading the trained model…', async () => this.adopt(await api.openCheckpoint(this.host.checkpointsUrl(), wanted), 'The trained model', generation))) ?? false;
  };

  readonly dismissNotice = (): void => {
    this.host.update({ modelNotice: null });
  };

  private async export() {
    const api = this.host.api();
    if (!api) return null;
    const record = activeRecord(this.host.state());
    const result = await api.exportModel(pageDataToSave(record.history, record.evaluations));
    if (!result) {
      this.host.update({ modelNotice: { tone: 'refused', text: 'There is no model to save yet: wait until the lab is ready.' } });
      return null;
    }
    if (!result.ok) {
      this.host.update({ modelNotice: { tone: 'refused', text: result.reason } });
      return null;
    }
    return result;
  }

  /**
   * Puts an opened model in place: the page's settings become the model's, its curves and evaluations show at once,
   * and the worker makes it the active run. A refusal (the worker's, or settings the page cannot show) changes nothing,
   * and so does a model that arrives after the user moved on (`generation` changed).
   */
  private async adopt(result: OpenModelResult, what: string, generation: number): Promise<boolean> {
    const api = this.host.api();
    // The user has moved on (another model, lesson step or a reset) while the file was read: leave the lab where they are.
    if (!api || generation !== this.host.generation()) return false;
    const refuse = (reason: string) => {
      this.host.update({ modelNotice: { tone: 'refused', text: `${what} was not opened. ${reason} The current model is unchanged.` } });
      return false;
    };
    if (!result.ok) return refuse(result.reason);
    const next = settingsForOpened(this.host.state().settings, result);
    if ('reason' in next) return refuse(next.reason);
    const state = this.host.state();
    const key = runKey(result);
    const old = state.runs[key];
    // Events of the run this model replaces are stale from now on; the new run adopts this record.
    const minRunId = Math.max(old?.minRunId ?? 0, (old?.runId ?? 0) + 1, state.newestRunId + 1, state.runFloor);
    const { history, evaluations } = readPageData(result, MODEL_FAMILIES[result.model].termNames);
    this.host.update({
      settings: { ...next.settings, lesson: state.settings.lesson },
      runs: { ...state.runs, [key]: { ...emptyRunRecord(minRunId), history, evaluations } },
      diverged: null,
      pendingArchitecture: null,
    });
    const adopted = await api.adoptModel(result.token, toRunConfig(this.host.state().settings)).catch(() => false);
    if (!adopted) {
      // The worker did not build the run: the file's curves must not pass to the next run of this model.
      const runs = { ...this.host.state().runs };
      if (old) runs[key] = old;
      else delete runs[key];
      this.host.update({ runs });
      if (generation !== this.host.generation()) return false;
      // Nobody moved on, yet it could not be put in place (its data set or weights failed): go back to where we were.
      this.host.update({ settings: state.settings });
      await api.activate(toRunConfig(state.settings)).catch(() => undefined);
      return refuse('It could not be put in place (its data set or its weights failed to load).');
    }
    const storage = result.storage === 'float32' ? '' : `, weights stored as ${result.storage}`;
    const resume = result.hasOptimizer ? '; training continues where it stopped' : '';
    this.done(`${what} is open: ${MODEL_FAMILIES[result.model].title} on ${DATASETS[result.dataset].title}, step ${result.step.toLocaleString('en-US')}${storage}${resume}.`);
    return activeKey(this.host.state()) === key;
  }

  /** Shows a success notice that clears itself unless another replaced it. */
  private done(text: string): void {
    const notice = { tone: 'done' as const, text };
    this.host.update({ modelNotice: notice });
    setTimeout(() => {
      if (this.host.state().modelNotice === notice) this.host.update({ modelNotice: null });
    }, DONE_NOTICE_MS);
  }

  private async busy<T>(what: string, work: () => Promise<T>): Promise<T | null> {
    if (this.host.state().modelBusy) return null;
    this.host.update({ modelBusy: what, modelNotice: null });
    try {
      return await work();
    } finally {
      this.host.update({ modelBusy: null });
      this.host.afterBusy();
    }
  }
}
