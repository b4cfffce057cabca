/**
 * The page's model of the lab: settings, what the worker reported, and the actions the panels call.
 * Worker events land here in one switch; React reads the state through `subscribe`/`getState`,
 * published at most once per animation frame however fast snapshots arrive. Each (dataset, model)
 * run keeps its own curves (runRecords.ts); the active one's are the top-level fields.
 */
import * as Comlink from 'comlink';
import type { DatasetName, ModelKind, ProbeSelection, TrainerApi, WorkerEvent } from '../worker/protocol';
import { activeKey, initialState, recordOf } from './labState';
import type { ArchitectureChange, LabState } from './labState';
import type { HyperPatch, ModelSettings } from './modelSettings';
import { toHyper } from './modelSettings';
import { defaultProbeSelection } from './probes';
import { emptyRunRecord, runKey, withEvaluation, withSnapshot } from './runRecords';
import type { RunKey, RunRecord } from './runRecords';
import { activeModelSettings, toProbeSelection, toRunConfig } from './settings';
import type { LabSettings } from './settings';

export type { ArchitectureChange, LabData, LabState } from './labState';

export interface TrainerHandle {
  api: Comlink.Remote<TrainerApi>;
  terminate(): void;
}

type FrameScheduler = (callback: () => void) => void;

/** Turns a rejected promise's reason into a readable sentence. */
function describeFailure(reason: unknown): string {
  return reason instanceof Error ? reason.message : String(reason);
}

export class LabStore {
  private published: LabState;
  private next: LabState;
  private frameRequested = false;
  private readonly listeners = new Set<() => void>();
  private trainer: TrainerHandle | null = null;

  constructor(settings: LabSettings, urlNotes: string[], private readonly scheduleFrame: FrameScheduler) {
    this.published = initialState(settings, urlNotes);
    this.next = this.published;
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getState = (): LabState => this.published;

  /** Takes over a fresh worker and starts loading data with the current settings. */
  connect(trainer: TrainerHandle, dataBaseUrl: string): void {
    this.disconnect();
    this.trainer = trainer;
    this.update(initialState(this.next.settings, this.next.urlNotes));
    const onEvent = (event: WorkerEvent) => {
      if (this.trainer === trainer) this.handleEvent(event);
    };
    this.call((api) => api.init({ dataBaseUrl }, toRunConfig(this.next.settings), Comlink.proxy(onEvent)));
  }

  /** Stops the worker (unmount, or React StrictMode's rehearsal mount). */
  disconnect(): void {
    this.trainer?.terminate();
    this.trainer = null;
  }

  /** Every event the worker sends, handled in one place. */
  handleEvent(event: WorkerEvent): void {
    switch (event.type) {
      case 'loadProgress':
        this.update({ load: event });
        break;
      case 'dataReady': {
        const { dataset, title, probeImages, probeLabels, reconstructionIndices, classNames } = event;
        this.update({ data: { dataset, title, probeImages, probeLabels, reconstructionIndices, classNames } });
        if (this.next.error?.source === 'data') this.update({ error: null });
        this.sendProbes();
        break;
      }
      case 'backend':
        this.update({ backend: event });
        break;
      case 'snapshot': {
        const { snapshot } = event;
        this.updateRun(runKey(snapshot.dataset, snapshot.model), (record) => withSnapshot(record, snapshot));
        break;
      }
      case 'testEvaluation':
        this.updateRun(runKey(this.next.settings.dataset, event.evaluation.model), (record) => withEvaluation(record, event.evaluation));
        break;
      case 'runState':
        if (runKey(event.dataset, event.model) === activeKey(this.next)) {
          this.update({ running: event.running, activating: false, step: Math.max(event.step, this.next.snapshot?.step ?? 0) });
        }
        break;
      case 'diverged':
        // Running turns false with the worker's runState, after the snapshot of the restored weights.
        this.update({ diverged: event });
        break;
      case 'error':
        this.update({ error: event, running: event.source === 'training' ? false : this.next.running });
        break;
      default: {
        const unhandled: never = event;
        throw new Error(`Unknown worker event ${JSON.stringify(unhandled)}`);
      }
    }
  }

  /** A failure outside the event stream (worker crash, rejected call) shown like a training error. */
  reportFailure(message: string): void {
    this.update({ error: { type: 'error', source: 'training', message, retryable: false }, running: false });
  }

  /** Start shows at once; a pause shows when the worker confirms it, after its last chunk's snapshot. */
  readonly toggleTraining = (): void => {
    if (this.next.activating) return;
    if (this.next.running) {
      this.call((api) => api.pause());
      return;
    }
    this.update({ running: true, diverged: null });
    this.call((api) => api.start());
  };

  readonly step = (): void => {
    if (this.next.activating) return;
    this.call((api) => api.step());
  };

  /** Fresh weights for the active model with its current settings; its loss history starts over. */
  readonly reset = (): void => {
    this.update({ ...emptyRunRecord(), diverged: null, running: false, activating: true });
    const config = toRunConfig(this.next.settings);
    this.call((api) => api.reset(config));
  };

  /** Makes another model the active one: the worker pauses, keeps every run's weights, and resumes this one. */
  readonly selectModel = (model: ModelKind): void => {
    this.switchRun(model, this.next.settings.dataset);
  };

  /** Switches the data set (loaded on first use); each model keeps a run per data set. */
  readonly selectDataset = (dataset: DatasetName): void => {
    this.switchRun(this.next.settings.model, dataset);
  };

  /** β and its schedule, learning rate, batch size, corruption, β_c …: applied on the worker's next step, weights kept. */
  readonly setHyper = (patch: HyperPatch): void => {
    this.updateModelSettings(patch);
    this.call((api) => api.setHyper(toHyper(activeModelSettings(this.next.settings))));
  };

  /** Applies at once before any training; otherwise waits for `confirmArchitecture`. */
  readonly requestArchitecture = (change: ArchitectureChange): void => {
    if (this.next.step === 0 && !this.next.running) this.applyArchitecture(change);
    else this.update({ pendingArchitecture: { ...this.next.pendingArchitecture, ...change } });
  };

  readonly confirmArchitecture = (): void => {
    const change = this.next.pendingArchitecture;
    if (change) this.applyArchitecture(change);
  };

  readonly cancelArchitecture = (): void => {
    this.update({ pendingArchitecture: null });
  };

  readonly setProbes = (patch: Partial<ProbeSelection>): void => {
    this.update({ settings: { ...this.next.settings, ...patch } });
    this.sendProbes();
  };

  readonly decodeInterpolation = (t: number): Promise<Float32Array> =>
    this.trainer ? this.trainer.api.decodeInterpolation(t) : Promise.reject(new Error('No trainer'));

  readonly reconstructProbe = (probeIndex: number): Promise<Float32Array> =>
    this.trainer ? this.trainer.api.reconstructProbe(probeIndex) : Promise.reject(new Error('No trainer'));

  readonly retryData = (): void => {
    this.update({ error: null });
    this.call((api) => api.retryData());
  };

  readonly dismissDivergence = (): void => {
    this.update({ diverged: null });
  };

  readonly dismissUrlNotes = (): void => {
    this.update({ urlNotes: [] });
  };

  private switchRun(model: ModelKind, dataset: DatasetName): void {
    const state = this.next;
    const target = runKey(dataset, model);
    if (target === activeKey(state)) return;
    const parked = { ...state.parked, [activeKey(state)]: recordOf(state) };
    const record = parked[target] ?? emptyRunRecord();
    delete parked[target];
    const newData = dataset !== state.settings.dataset;
    this.update({
      ...record,
      parked,
      settings: { ...state.settings, model, dataset },
      running: false,
      activating: true,
      diverged: null,
      pendingArchitecture: null,
      ...(newData ? { data: null, probes: null, load: null } : {}),
    });
    const config = toRunConfig(this.next.settings);
    this.call((api) => api.activate(config));
  }

  private applyArchitecture(change: ArchitectureChange): void {
    const { backend, ...modelChange } = change;
    this.update({ pendingArchitecture: null });
    this.updateModelSettings(modelChange);
    // A new backend rebuilds every run in the worker, so the other runs' curves are history.
    if (backend !== undefined) this.update({ settings: { ...this.next.settings, backend }, parked: {} });
    this.reset();
  }

  /** Applies a run's update to the active fields or to its parked record. */
  private updateRun(key: RunKey, change: (record: RunRecord) => RunRecord): void {
    if (key === activeKey(this.next)) {
      this.update(change(recordOf(this.next)));
      return;
    }
    const parked = this.next.parked[key];
    if (parked) this.update({ parked: { ...this.next.parked, [key]: change(parked) } });
  }

  /** Tells the worker which digits to follow, once it has said which digits exist. */
  private sendProbes(): void {
    const data = this.next.data;
    if (!data) return;
    const probes = toProbeSelection(this.next.settings, defaultProbeSelection(data.probeLabels));
    this.update({ probes });
    this.call((api) => api.setProbes(probes));
  }

  private updateModelSettings(patch: Partial<ModelSettings>): void {
    const settings = this.next.settings;
    const own = { ...settings.models[settings.model], ...patch };
    this.update({ settings: { ...settings, models: { ...settings.models, [settings.model]: own } } });
  }

  /** Calls the worker; a rejection becomes a visible error rather than an unhandled promise. */
  private call(command: (api: Comlink.Remote<TrainerApi>) => Promise<unknown>): void {
    const trainer = this.trainer;
    if (!trainer) return;
    command(trainer.api).catch((reason: unknown) => {
      if (this.trainer === trainer) this.reportFailure(describeFailure(reason));
    });
  }

  /** Merges a change and publishes it on the next animation frame (one render per frame at most). */
  private update(patch: Partial<LabState>): void {
    this.next = { ...this.next, ...patch };
    if (this.frameRequested) return;
    this.frameRequested = true;
    this.scheduleFrame(() => {
      this.frameRequested = false;
      this.published = this.next;
      for (const listener of this.listeners) listener();
    });
  }
}
