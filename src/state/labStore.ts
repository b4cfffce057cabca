/**
 * The page's model of the lab: settings, what the worker reported, and the actions the panels call.
 * Worker events land here in one switch; React reads the state through `subscribe`/`getState`,
 * published at most once per animation frame however fast snapshots arrive.
 */
import * as Comlink from 'comlink';
import type {
  BackendEvent,
  DivergedEvent,
  ErrorEvent,
  HyperSettings,
  LoadProgressEvent,
  ProbeSelection,
  Snapshot,
  TestEvaluation,
  TrainerApi,
  WorkerEvent,
} from '../worker/protocol';
import { appendTerms, emptyLossHistory } from './lossHistory';
import type { LossHistory } from './lossHistory';
import { defaultProbeSelection } from './probes';
import { toProbeSelection, toRunConfig } from './settings';
import type { LabSettings } from './settings';

/** The test images the worker shows, from its DataReadyEvent. */
export interface LabData {
  probeImages: Uint8Array;
  probeLabels: Uint8Array;
  reconstructionIndices: number[];
  classNames: string[];
}

/** Settings whose change means fresh weights. */
export type ArchitectureChange = Partial<Pick<LabSettings, 'latentDim' | 'hiddenUnits' | 'backend'>>;

export interface LabState {
  settings: LabSettings;
  /** Why values in the page's link were ignored or adjusted. */
  urlNotes: string[];
  load: LoadProgressEvent | null;
  data: LabData | null;
  /** The probe digits in use (settings with page defaults filled in), once data is ready. */
  probes: ProbeSelection | null;
  backend: BackendEvent | null;
  snapshot: Snapshot | null;
  history: LossHistory;
  evaluations: TestEvaluation[];
  running: boolean;
  step: number;
  diverged: DivergedEvent | null;
  error: ErrorEvent | null;
  /** An architecture change waiting for the user to accept fresh weights. */
  pendingArchitecture: ArchitectureChange | null;
}

export interface TrainerHandle {
  api: Comlink.Remote<TrainerApi>;
  terminate(): void;
}

type FrameScheduler = (callback: () => void) => void;

/** The state a freshly connected worker starts from (settings are kept). */
function initialState(settings: LabSettings, urlNotes: string[]): LabState {
  return {
    settings,
    urlNotes,
    load: null,
    data: null,
    probes: null,
    backend: null,
    snapshot: null,
    history: emptyLossHistory(),
    evaluations: [],
    running: false,
    step: 0,
    diverged: null,
    error: null,
    pendingArchitecture: null,
  };
}

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
        const { probeImages, probeLabels, reconstructionIndices, classNames } = event;
        this.update({ data: { probeImages, probeLabels, reconstructionIndices, classNames } });
        if (this.next.error?.source === 'data') this.update({ error: null });
        this.sendProbes();
        break;
      }
      case 'backend':
        this.update({ backend: event });
        break;
      case 'snapshot':
        this.update({
          snapshot: event.snapshot,
          step: event.snapshot.step,
          history: appendTerms(this.next.history, event.snapshot.terms),
        });
        break;
      case 'testEvaluation':
        this.update({ evaluations: [...this.next.evaluations, event.evaluation] });
        break;
      case 'runState':
        this.update({ running: event.running, step: Math.max(event.step, this.next.snapshot?.step ?? 0) });
        break;
      case 'diverged':
        this.update({ diverged: event, running: false });
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

  readonly toggleTraining = (): void => {
    const running = !this.next.running;
    this.update({ running, diverged: running ? null : this.next.diverged });
    this.call((api) => (running ? api.start() : api.pause()));
  };

  readonly step = (): void => {
    this.call((api) => api.step());
  };

  /** Fresh weights with the current settings; the loss history starts over. */
  readonly reset = (): void => {
    this.update({ snapshot: null, step: 0, history: emptyLossHistory(), evaluations: [], diverged: null, running: false });
    const config = toRunConfig(this.next.settings);
    this.call((api) => api.reset(config));
  };

  /** β, learning rate or batch size: applied on the worker's next step, weights kept. */
  readonly setHyper = (patch: Partial<HyperSettings>): void => {
    this.updateSettings(patch);
    this.call((api) => api.setHyper(toRunConfig(this.next.settings).hyper));
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
    this.updateSettings(patch);
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

  private applyArchitecture(change: ArchitectureChange): void {
    this.update({ pendingArchitecture: null });
    this.updateSettings(change);
    this.reset();
  }

  /** Tells the worker which digits to follow, once it has said which digits exist. */
  private sendProbes(): void {
    const data = this.next.data;
    if (!data) return;
    const probes = toProbeSelection(this.next.settings, defaultProbeSelection(data.probeLabels));
    this.update({ probes });
    this.call((api) => api.setProbes(probes));
  }

  private updateSettings(patch: Partial<LabSettings>): void {
    this.update({ settings: { ...this.next.settings, ...patch } });
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
