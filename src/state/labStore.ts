/**
 * The page's model of the lab: settings, what the worker reported, and the actions the panels call.
 * Worker events land here in one switch; React reads the state through `subscribe`/`getState`,
 * published at most once per animation frame however fast snapshots arrive. The page never guesses
 * what the worker does: the controls follow its status events (labState.ts `labControls`), and events
 * about another dataset or an older run are dropped.
 */
import * as Comlink from 'comlink';
import { describeError } from '../ml/describeError';
import { HEARTBEAT_MS } from '../worker/protocol';
import type { DatasetName, InterpolationKind, ModelKind, ProbeSelection, ProbeStandIn, QueryAnswer, QueryArgs, QueryKind, RunRef, TrainerApi, ViewKind, ViewRequests, WorkerEvent } from '../worker/protocol';
import { activeKey, activeRecord, initialState, labControls } from './labState';
import type { ArchitectureChange, LabState, ProbeRole } from './labState';
import type { HyperPatch, ModelSettings } from './modelSettings';
import { toHyper } from './modelSettings';
import { dropAfter } from './lossHistory';
import { defaultProbeSelection } from './probes';
import { adoptRun, emptyRunRecord, runKey, withEvaluation, withoutStepsAfter, withSnapshot, withView } from './runRecords';
import type { RunRecord } from './runRecords';
import { LESSON } from '../lessons';
import { ModelActions } from './modelActions';
import type { ModelLibrary } from './modelLibrary';
import { AUTOSAVE_INTERVAL_MS, type AutosaveSlot } from './autosave';
import { activeModelSettings, parseSettings, toProbeSelection, toRunConfig } from './settings';
import { afterPickingDigits, toWorkerSelection, withoutDrawn, withStandIn } from './standIns';
import type { LabSettings } from './settings';

export type { ArchitectureChange, LabData, LabState, ProbeRole, StandIns } from './labState';

export interface TrainerHandle {
  api: Comlink.Remote<TrainerApi>;
  terminate(): void;
}

/** Starts a training worker; the callback hears problems the worker cannot report itself. */
export type TrainerFactory = (onProblem: (message: string) => void) => TrainerHandle;

/** The worker counts as gone when nothing (not even its heartbeat) arrived for this long. */
export const SILENCE_LIMIT_MS = 15_000;
/** How often the autosave timer checks the training time (an autosave follows at most this late). */
const AUTOSAVE_CHECK_MS = 5_000;

type FrameScheduler = (callback: () => void) => void;

export class LabStore {
  private published: LabState;
  private next: LabState;
  private frameRequested = false;
  private readonly listeners = new Set<() => void>();
  private trainer: TrainerHandle | null = null;
  private factory: TrainerFactory | null = null;
  private dataBaseUrl = '';
  private lastHeard = 0;
  private clock: () => number = () => performance.now();
  private watchdog: ReturnType<typeof setInterval> | null = null;
  /** A trained model to load once the active run is ready (ckpt=trained, or a lesson step), and whether to train it then. */
  private trainedWanted: { variant: string | null; train: boolean } | null = null;
  /** Grows when the user moves the lab to another model, lesson step or fresh weights (a model still opening is then dropped). */
  private generation = 0;
  /** Restore the latest autosave once the new worker is ready (after a crash). */
  private restoreWanted = false;
  private connectedOnce = false;
  /** Training time since the last autosave, counted by a timer while training. */
  private autosaveTimer: ReturnType<typeof setInterval> | null = null;
  private trainingSinceAutosave = 0;
  /** Who has each analysis view open, with what request; the worker gets the latest request per view. */
  private readonly viewOwners = new Map<ViewKind, Map<symbol, unknown>>();
  private viewsQueued = false;

  /** Save, open, delete and load trained (see modelActions.ts). */
  readonly models: ModelActions;

  constructor(settings: LabSettings, urlNotes: string[], private readonly scheduleFrame: FrameScheduler, library?: ModelLibrary, autosaveSlot?: AutosaveSlot) {
    this.published = initialState(settings, urlNotes);
    this.next = this.published;
    this.models = new ModelActions(
      {
        state: () => this.next,
        update: (patch) => this.update(patch),
        api: () => this.trainer?.api ?? null,
        checkpointsUrl: () => new URL('../checkpoints/', this.dataBaseUrl).href,
        generation: () => this.generation,
        afterBusy: () => this.whenReady(),
      },
      library,
      autosaveSlot,
    );
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getState = (): LabState => this.published;

  /**
   * Starts a worker with `factory` and loads data with the current settings; a watchdog notices when the
   * worker falls silent (killed, out of memory) and offers to start a new one (`restartWorker`).
   */
  connect(factory: TrainerFactory, dataBaseUrl: string, now: () => number = () => performance.now()): void {
    this.disconnect();
    this.factory = factory;
    this.dataBaseUrl = dataBaseUrl;
    this.clock = now;
    const trainer = factory((message) => {
      if (this.trainer === trainer) this.reportFailure(message, true);
    });
    this.trainer = trainer;
    this.update(initialState(this.next.settings, this.next.urlNotes));
    if (!this.connectedOnce) void this.models.findLastSession();
    this.connectedOnce = true;
    this.startAutosave(now);
    const lesson = this.next.settings.lesson === null ? null : LESSON[this.next.settings.lesson - 1];
    if (this.next.settings.weights === 'trained' || lesson?.weights === 'trained') this.trainedWanted = { variant: lesson?.checkpoint ?? null, train: false };
    this.lastHeard = now();
    const onEvent = (event: WorkerEvent) => {
      if (this.trainer === trainer) this.handleEvent(event);
    };
    this.call((api) => api.init({ dataBaseUrl }, toRunConfig(this.next.settings), Comlink.proxy(onEvent)));
    this.sendViews();
    this.startWatchdog(now);
  }

  /** A new worker for a crashed one: the lab starts again with the same settings. */
  readonly restartWorker = (): void => {
    if (!this.factory) return;
    this.restoreWanted = true;
    this.connect(this.factory, this.dataBaseUrl, this.clock);
  };

  /** True from connect until disconnect. */
  get connected(): boolean {
    return this.trainer !== null;
  }

  /** Stops the worker (unmount, or React StrictMode's rehearsal mount). */
  disconnect(): void {
    if (this.watchdog !== null) clearInterval(this.watchdog);
    this.watchdog = null;
    if (this.autosaveTimer !== null) clearInterval(this.autosaveTimer);
    this.autosaveTimer = null;
    this.trainer?.terminate();
    this.trainer = null;
  }

  /** Tells the worker whether the page is visible (hidden: training goes on without snapshots). */
  readonly setVisible = (visible: boolean): void => {
    this.call((api) => api.setVisible(visible));
    // A hidden page may be closed without another chance: keep what was trained.
    if (!visible && labControls(this.next).step > 0) {
      this.trainingSinceAutosave = 0;
      void this.models.autosave();
    }
  };

  /** Autosaves after every AUTOSAVE_INTERVAL_MS of training (checked every few seconds). */
  private startAutosave(now: () => number): void {
    if (this.autosaveTimer !== null) clearInterval(this.autosaveTimer);
    let last = now();
    this.autosaveTimer = setInterval(() => {
      const time = now();
      if (labControls(this.next).phase === 'training') this.trainingSinceAutosave += time - last;
      last = time;
      if (this.trainingSinceAutosave < AUTOSAVE_INTERVAL_MS) return;
      this.trainingSinceAutosave = 0;
      void this.models.autosave();
    }, AUTOSAVE_CHECK_MS);
  }

  /**
   * Checks every few seconds that the worker was heard from within SILENCE_LIMIT_MS. A check that itself
   * comes late (a suspended laptop, a throttled background tab) starts the count afresh instead.
   */
  private startWatchdog(now: () => number): void {
    let lastCheck = now();
    this.watchdog = setInterval(() => {
      const time = now();
      const late = time - lastCheck > SILENCE_LIMIT_MS / 2;
      lastCheck = time;
      if (late) this.lastHeard = time;
      else if (time - this.lastHeard > SILENCE_LIMIT_MS && !this.next.failure) {
        this.reportFailure(`The training worker stopped responding for ${SILENCE_LIMIT_MS / 1000} s (it may have run out of memory or been stopped).`, true);
      }
    }, HEARTBEAT_MS);
  }

  /** Every event the worker sends, handled in one place. */
  handleEvent(event: WorkerEvent): void {
    this.lastHeard = this.clock();
    switch (event.type) {
      case 'heartbeat':
        break;
      case 'status':
        this.update({ worker: event });
        if (event.run) this.updateRun(event.run, (record) => record);
        this.whenReady();
        break;
      case 'loadProgress':
        this.update({ loads: { ...this.next.loads, [event.dataset]: event } });
        break;
      case 'dataReady': {
        const { dataset, title, probeImages, probeLabels, reconstructionIndices, classNames } = event;
        this.update({ data: { dataset, title, probeImages, probeLabels, reconstructionIndices, classNames } });
        if (dataset === this.next.settings.dataset && this.next.error?.dataset === dataset) this.update({ error: null });
        this.sendProbes();
        break;
      }
      case 'backend':
        this.update({ backend: event });
        break;
      case 'snapshot': {
        const { snapshot } = event;
        this.updateRun({ dataset: snapshot.dataset, model: snapshot.model, runId: snapshot.runId }, (record) => withSnapshot(record, snapshot));
        break;
      }
      case 'testEvaluation':
        this.updateRun(event.run, (record) => withEvaluation(record, event.evaluation));
        break;
      case 'view':
        this.updateRun(event.run, (record) => withView(record, event));
        break;
      case 'diverged':
        // The rollback undid the updates after restoredStep. The point of step restoredStep + 1 stays: its loss was measured on
        // the restored weights (a step's loss is computed before its update), so the cards show the restored state.
        this.updateRun(event.run, (record) => ({ ...record, history: dropAfter(record.history, event.restoredStep + 1) }));
        if (runKey(event.run) === activeKey(this.next)) this.update({ diverged: event });
        break;
      case 'deviceLost':
        for (const { run, restoredStep } of event.runs) this.updateRun(run, (record) => withoutStepsAfter(record, restoredStep));
        this.update({ deviceLost: event });
        break;
      case 'error':
        if (event.dataset === null || event.dataset === this.next.settings.dataset) this.update({ error: event });
        break;
      default: {
        const unhandled: never = event;
        throw new Error(`Unknown worker event ${JSON.stringify(unhandled)}`);
      }
    }
  }

  /** A failure outside the event stream (worker crash, rejected call): shown, without touching what the worker reports. */
  reportFailure(message: string, restartable = false): void {
    this.update({ failure: { message, restartable } });
  }

  /**
   * Starts or pauses; the button changes when the worker reports the new phase. A Pause acts on the button the user saw
   * (the published state): pressed in the frame after a restart was queued, when the worker already says "loading"
   * but the button still says Pause, it still pauses, and the worker's queue then keeps the restarted run from
   * resuming. A start needs Train enabled both as shown and as the worker now reports, so it never starts a run
   * the page has switched to in the same frame.
   */
  readonly toggleTraining = (): void => {
    const shown = labControls(this.published);
    if (shown.pauses) {
      this.call((api) => api.pause());
    } else if (shown.canTrain && labControls(this.next).canTrain) {
      this.update({ diverged: null });
      this.call((api) => api.start());
    }
  };

  readonly step = (): void => {
    if (labControls(this.next).canStep) this.call((api) => api.step());
  };

  /** Fresh weights for the active model with its current settings (training stops); its curves start over. */
  readonly reset = (): void => {
    this.trainedWanted = null;
    this.update({ settings: { ...this.next.settings, weights: 'fresh' } });
    this.resetActive(false);
  };

  /** Puts the shipped trained model of the current model and dataset in place (the button and the L key). */
  readonly loadTrained = (): void => {
    void this.models.loadTrained().then((loaded) => loaded && this.update({ settings: { ...this.next.settings, weights: 'trained' } }));
  };

  /** Makes another model the active one: the worker stops training, keeps every run's weights, and shows this one. */
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
    const { settings } = this.next;
    this.call((api) => api.setHyper({ dataset: settings.dataset, model: settings.model }, toHyper(activeModelSettings(settings))));
  };

  /** Applies at once before any training; otherwise waits for `confirmArchitecture`. */
  readonly requestArchitecture = (change: ArchitectureChange): void => {
    const controls = labControls(this.next);
    if (controls.step === 0 && !controls.training) this.applyArchitecture(change);
    else this.update({ pendingArchitecture: { ...this.next.pendingArchitecture, ...change } });
  };

  readonly confirmArchitecture = (): void => {
    const change = this.next.pendingArchitecture;
    if (change) this.applyArchitecture(change);
  };

  readonly cancelArchitecture = (): void => {
    this.update({ pendingArchitecture: null });
  };

  /** Picks test digits; a role given a test digit drops its stand-in. */
  readonly setProbes = (patch: Partial<Pick<ProbeSelection, 'elboIndex' | 'interpolationA' | 'interpolationB'>>): void => {
    this.update({ settings: { ...this.next.settings, ...patch }, standIns: afterPickingDigits(this.next.standIns, patch) });
    this.sendProbes();
  };

  /** Lets the drawn digit (any role) or a pinned latent point (an endpoint) stand in for a role's test digit; null restores the digit. */
  readonly setStandIn = (role: ProbeRole, standIn: ProbeStandIn | null): void => {
    this.update({ standIns: withStandIn(this.next.standIns, role, standIn) });
    this.sendProbes();
  };

  readonly setInterpolationPath = (interpolationPath: InterpolationKind): void => {
    this.update({ interpolationPath });
    this.sendProbes();
  };

  /** Sends the drawing pad's ink (0–255, width × height) to the worker, or null to clear it (dropping the drawn digit's stand-ins); resolves once sent and taken. */
  readonly setDrawing = (ink: Uint8Array | null, width: number, height: number): Promise<void> => {
    this.update(ink ? { hasDrawing: true } : { hasDrawing: false, standIns: withoutDrawn(this.next.standIns) });
    if (!ink) this.sendProbes();
    return this.call((api) => api.setDrawing(ink && Comlink.transfer(ink, [ink.buffer]), width, height));
  };

  /** The A→B path decoded at t; null when the worker had no run or a newer request replaced this one. */
  readonly decodeInterpolation = (t: number): Promise<Float32Array | null> =>
    this.trainer ? this.trainer.api.decodeInterpolation(t) : Promise.resolve(null);

  /** An on-demand computation for the active run; null without a worker, or when a newer query of the kind replaced it. */
  readonly query = <K extends QueryKind>(kind: K, args: QueryArgs[K]): Promise<QueryAnswer<K> | null> =>
    this.trainer ? (this.trainer.api.query(kind, args) as Promise<QueryAnswer<K> | null>) : Promise.resolve(null);

  readonly reconstructProbe = (probeIndex: number): Promise<Float32Array | null> =>
    this.trainer ? this.trainer.api.reconstructProbe(probeIndex) : Promise.resolve(null);

  /** A panel opens an analysis view (while it is on screen); `owner` identifies the panel. */
  readonly openView = <K extends ViewKind>(kind: K, request: NonNullable<ViewRequests[K]>, owner: symbol): void => {
    const owners = this.viewOwners.get(kind) ?? new Map<symbol, unknown>();
    owners.delete(owner);
    owners.set(owner, request);
    this.viewOwners.set(kind, owners);
    this.sendViews();
  };

  readonly closeView = (kind: ViewKind, owner: symbol): void => {
    const owners = this.viewOwners.get(kind);
    if (!owners?.delete(owner)) return;
    if (owners.size === 0) this.viewOwners.delete(kind);
    this.sendViews();
  };

  readonly retry = (): void => {
    this.update({ error: null });
    this.call((api) => api.retry());
  };

  readonly dismissDivergence = (): void => {
    this.update({ diverged: null });
  };

  readonly dismissUrlNotes = (): void => {
    this.update({ urlNotes: [] });
  };

  /** Opens lesson step `step` (1-based): puts the lab in the step's state, with fresh weights, training if the step says so. */
  readonly openLesson = (step: number): void => {
    const lesson = LESSON[step - 1];
    if (!lesson) return;
    const current = this.next.settings;
    const { settings } = parseSettings(lesson.query);
    const { backend, seed, present, embed, panels } = current;
    const weights = lesson.weights;
    this.update({ settings: { ...settings, backend, seed, present, embed, panels, weights, lesson: step }, lessonRevealed: false, pendingArchitecture: null, diverged: null });
    this.resetActive(lesson.train && weights === 'fresh');
    this.trainedWanted = weights === 'trained' ? { variant: lesson.checkpoint ?? null, train: lesson.train } : null;
  };

  readonly closeLesson = (): void => {
    this.update({ settings: { ...this.next.settings, lesson: null }, lessonRevealed: false });
  };

  readonly revealAnswer = (): void => {
    this.update({ lessonRevealed: true });
  };

  /** Lecture mode on or off (large type, high contrast, keyboard shortcuts). */
  readonly setPresent = (present: boolean): void => {
    this.update({ settings: { ...this.next.settings, present } });
  };

  readonly setUnderlay = (underlay: boolean): void => {
    this.update({ underlay });
  };

  readonly setContours = (contours: boolean): void => {
    this.update({ contours });
  };

  readonly dismissFailure = (): void => {
    this.update({ failure: null });
  };

  /**
   * Once the worker reports the active run (of the current reset or later) ready: restores the latest autosave after
   * a worker restart, or loads the wanted trained model (ckpt=trained, a lesson step).
   */
  private whenReady(): void {
    const worker = this.next.worker;
    if (this.next.modelBusy || !worker?.run || labControls(this.next).phase !== 'ready' || worker.run.runId < activeRecord(this.next).minRunId) return;
    if (this.restoreWanted) {
      this.restoreWanted = false;
      void this.models.restoreLastSession('latest');
      return;
    }
    const wanted = this.trainedWanted;
    if (!wanted) return;
    this.trainedWanted = null;
    void this.models.loadTrained(wanted.variant).then((loaded) => {
      if (loaded && wanted.train) this.call((api) => api.start());
    });
  }

  private switchRun(model: ModelKind, dataset: DatasetName): void {
    const { settings } = this.next;
    if (settings.model === model && settings.dataset === dataset) return;
    this.generation++;
    this.trainedWanted = null;
    this.update({ settings: { ...settings, model, dataset }, diverged: null, pendingArchitecture: null });
    const config = toRunConfig(this.next.settings);
    this.call((api) => api.activate(config));
  }

  /** Clears the active run's record (events of its old run become stale) and asks the worker for fresh weights. */
  private resetActive(resume: boolean): void {
    this.generation++;
    this.trainedWanted = null;
    const record = activeRecord(this.next);
    const minRunId = Math.max(record.minRunId, (record.runId ?? 0) + 1);
    this.update({ runs: { ...this.next.runs, [activeKey(this.next)]: emptyRunRecord(minRunId) }, diverged: null });
    const config = toRunConfig(this.next.settings);
    this.call((api) => api.reset(config, resume));
  }

  private applyArchitecture(change: ArchitectureChange): void {
    const { backend, ...modelChange } = change;
    const resume = labControls(this.next).pauses;
    this.update({ pendingArchitecture: null });
    this.updateModelSettings(modelChange);
    // A new backend rebuilds every run in the worker, so every run's curves are history.
    if (backend !== undefined) this.update({ settings: { ...this.next.settings, backend }, runs: {}, runFloor: this.next.newestRunId + 1 });
    this.resetActive(resume);
  }

  /** Applies an event of worker run `run` to its record, unless the event is stale. */
  private updateRun(run: RunRef, change: (record: RunRecord) => RunRecord): void {
    if (run.runId < this.next.runFloor) return;
    const key = runKey(run);
    const adopted = adoptRun(this.next.runs[key] ?? emptyRunRecord(this.next.runFloor), run.runId);
    if (!adopted) return;
    this.update({ runs: { ...this.next.runs, [key]: change(adopted) }, newestRunId: Math.max(this.next.newestRunId, run.runId) });
  }

  /** Sends the open views once per task, however many panels opened or closed one. */
  private sendViews(): void {
    if (this.viewsQueued) return;
    this.viewsQueued = true;
    queueMicrotask(() => {
      this.viewsQueued = false;
      const requests: Record<string, unknown> = {};
      for (const [kind, owners] of this.viewOwners) requests[kind] = [...owners.values()].at(-1);
      this.call((api) => api.setViews(requests as ViewRequests));
    });
  }

  /** Tells the worker which digits to follow, once it has said which digits exist. */
  private sendProbes(): void {
    const data = this.next.data;
    if (!data || data.dataset !== this.next.settings.dataset) return;
    const picked = toProbeSelection(this.next.settings, defaultProbeSelection(data.probeLabels));
    const probes = toWorkerSelection(picked, this.next.standIns, this.next.interpolationPath);
    this.update({ probes });
    this.call((api) => api.setProbes(probes));
  }

  private updateModelSettings(patch: Partial<ModelSettings>): void {
    const settings = this.next.settings;
    const own = { ...settings.models[settings.model], ...patch };
    this.update({ settings: { ...settings, models: { ...settings.models, [settings.model]: own } } });
  }

  /** Calls the worker; a rejection becomes a visible failure rather than an unhandled promise. Resolves once the call settled. */
  private call(command: (api: Comlink.Remote<TrainerApi>) => Promise<unknown>): Promise<void> {
    const trainer = this.trainer;
    if (!trainer) return Promise.resolve();
    return command(trainer.api).then(
      () => undefined,
      (reason: unknown) => {
        if (this.trainer === trainer) this.reportFailure(describeError(reason));
      },
    );
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
