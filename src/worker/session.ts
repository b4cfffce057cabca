import { describeError } from '../ml/describeError';
import { architectureMismatch, resumeFrom, type ImportedModel, type ModelFileInput } from '../ml/io';
import { DataError } from '../ml/data';
import type { BackendSelection } from './backend';
import { abortable, CommandQueue, isAbortError, type Command } from './commandQueue';
import { DatasetStore, type DatasetLoader, type LoadedDataset } from './datasets';
import { DeviceLostError, neverLost, raceDevice, type DeviceWatch } from './deviceLoss';
import type {
  BackendChoice,
  BackendName,
  CheckpointWanted,
  DatasetName,
  ErrorEvent,
  ExportModelResult,
  HyperSettings,
  OpenModelResult,
  ProbeSelection,
  RunConfig,
  QueryAnswer,
  QueryArgs,
  QueryKind,
  RestoredRun,
  RunTarget,
  StatusEvent,
  ViewRequests,
  WorkerEvent,
  WorkerPhase,
} from './protocol';
import { describeOpened, exportRun, fetchCheckpointFiles, readModelFiles } from './modelIo';
import { CopyClock, rebuildRun } from './runCopies';
import { RunDriver, type ActiveRun } from './runDriver';
import { buildRun, disposeRun, RunRegistry, runRef, sameArchitecture, sameTarget, type Run } from './runs';
import { yieldToEvents } from './yield';

/** Sends one event to the page, transferring the listed buffers. */
export type Emit = (event: WorkerEvent, transfer?: Transferable[]) => void;

/** What the session needs from its surroundings; tests inject in-memory data and the cpu backend. */
export interface SessionDependencies {
  loader: DatasetLoader;
  selectBackend(choice: BackendChoice): Promise<BackendSelection>;
  /** A new backend after `lost`'s GPU device was lost (see backend.ts `restartBackend`). */
  restartBackend(lost: BackendName): Promise<BackendSelection>;
  /** Human name of a dataset, for "waiting for …" texts. */
  datasetTitle(dataset: DatasetName): string;
}

type CommandKind =
  | 'setup'
  | 'activation'
  | 'start'
  | 'pause'
  | 'step'
  | 'hyper'
  | 'probes'
  | 'drawing'
  | 'views'
  | 'visibility'
  | 'interpolation'
  | 'reconstruction'
  | 'export'
  | 'open'
  | 'recover'
  | `query:${QueryKind}`;

/** How an activation treats an existing run of its target: keep its weights, or start fresh (and maybe keep training). */
type ActivationMode = 'keep' | 'fresh';

/**
 * The worker's state machine. Every public method is a page command and goes through one serial
 * queue: commands run in the order sent, a newer activation cancels an older one still loading, and
 * training runs as the queue's background work between commands. The page is told the phase after
 * every change (`status` events) and derives its controls from it.
 */
export class LabSession {
  private readonly queue: CommandQueue<CommandKind>;
  private readonly datasets: DatasetStore;
  private readonly runs = new RunRegistry();
  private readonly driver: RunDriver;
  private target!: RunConfig;
  private active: ActiveRun | null = null;
  private training = false;
  /**
   * The ticket of the queued or running activation that will train its new run once ready (a restart of a training
   * run), or null. Each such activation holds its own ticket object, so one that a newer activation overtook never
   * takes the newer one's resume. Reported while loading, so the page keeps Pause enabled; a Pause clears it at
   * once, and the run then comes up paused.
   */
  private resumeTicket: object | null = null;
  private failure: ErrorEvent | null = null;
  private waitingFor: string | null = null;
  private backendChoice: BackendChoice | null = null;
  private announced: DatasetName | null = null;
  private nextRunId = 1;
  /** The model file last opened and checked, until the page adopts it or opens another. */
  private held: { token: number; imported: ImportedModel } | null = null;
  private nextToken = 1;
  private lastStatusKey = '';
  /** The current backend's GPU device; every command and training chunk is raced against its loss. */
  private device: DeviceWatch = neverLost();
  /** True while the runs are rebuilt on a new backend after the device was lost. */
  private recovering = false;
  private readonly copies = new CopyClock();

  constructor(
    private readonly emit: Emit,
    private readonly deps: SessionDependencies,
  ) {
    this.queue = new CommandQueue<CommandKind>((error) => this.fail('training', error, null), yieldToEvents);
    this.datasets = new DatasetStore(deps.loader, emit);
    this.driver = new RunDriver(emit);
  }

  /** Starts loading `config`'s data at once, picks a backend meanwhile, then activates `config`. */
  init(config: RunConfig): Promise<void> {
    this.target = config;
    this.datasets.load(config.dataset).catch(() => undefined);
    void this.command({
      kind: 'setup',
      run: async () => {
        await this.ensureBackend(config.backend);
      },
    });
    return this.activate(config);
  }

  activate(config: RunConfig): Promise<void> {
    this.resumeTicket = null;
    return this.enqueueActivation(config, 'keep', null);
  }

  reset(config: RunConfig, resume: boolean): Promise<void> {
    const ticket = resume ? {} : null;
    this.resumeTicket = ticket;
    return this.enqueueActivation(config, 'fresh', ticket);
  }

  /** Activates the current target again (after a failure); a failed dataset load was already forgotten. */
  retry(): Promise<void> {
    this.resumeTicket = null;
    return this.command({
      kind: 'activation',
      supersedes: ['activation', 'step'],
      run: async (signal) => void (await this.runActivation(this.target, 'keep', signal, null)),
    });
  }

  start(): Promise<void> {
    return this.command({
      kind: 'start',
      run: async () => {
        if (this.active && !this.failure) this.setTraining(true);
      },
    });
  }

  pause(): Promise<void> {
    this.resumeTicket = null;
    return this.command({
      kind: 'pause',
      supersedes: ['step'],
      run: async () => {
        const active = this.active;
        if (!this.training || !active) {
          this.setTraining(false);
          return;
        }
        // The paused step's snapshot goes out before the status says "Paused", so the page never shows a step that moves on after it.
        this.training = false;
        this.updateBackground();
        await this.driver.postSnapshot(active, false);
        this.setTraining(false);
        await this.driver.computeViews(active, false);
        this.updateBackground();
        await this.copyIfLosable(active, 'current');
      },
    });
  }

  step(): Promise<void> {
    return this.command({
      kind: 'step',
      run: async (signal) => {
        const active = this.active;
        if (!active || this.training || this.failure) return;
        if (!(await this.waitForImages(active.data, signal))) return;
        const diverged = await this.driver.trainChunk(active, 1, false);
        await this.snapshotWithViews(active);
        if (!diverged) await this.driver.evaluateIfEpochEnded(active, signal);
      },
    });
  }

  /** Applies to `target`'s run only: a change meant for a run the page has left is dropped (the page resends settings on activation). */
  setHyper(target: RunTarget, hyper: HyperSettings): Promise<void> {
    return this.command({
      kind: 'hyper',
      run: async () => {
        if (sameTarget(this.target, target)) this.target = { ...this.target, hyper };
        const run = this.active?.run;
        if (!run || !sameTarget(run.config, target)) return;
        run.config = { ...run.config, hyper };
        run.trainer.setSettings(hyper);
      },
    });
  }

  setProbes(selection: ProbeSelection): Promise<void> {
    return this.command({
      kind: 'probes',
      supersedes: ['probes'],
      run: async () => {
        if (!this.driver.setSelection(selection)) return;
        if (!this.training && this.active) await this.snapshotWithViews(this.active);
      },
    });
  }

  /** The page's drawing (ink 0–255, width × height) or null; a newer drawing replaces one still waiting. */
  setDrawing(ink: Uint8Array | null, width: number, height: number): Promise<void> {
    return this.command({
      kind: 'drawing',
      supersedes: ['drawing'],
      run: async () => {
        const shownInSnapshot = this.driver.setDrawing(ink, width, height);
        if (this.training || !this.active) return;
        if (shownInSnapshot) await this.snapshotWithViews(this.active);
        else {
          await this.driver.computeViews(this.active, false);
          this.updateBackground();
        }
      },
    });
  }

  setViews(requests: ViewRequests): Promise<void> {
    return this.command({
      kind: 'views',
      supersedes: ['views'],
      run: async () => {
        this.driver.views.setRequests(requests);
        this.driver.syncPitfalls(this.active);
        if (!this.training && this.active) await this.driver.computeViews(this.active, false);
        this.updateBackground();
      },
    });
  }

  decodeInterpolation(t: number): Promise<Float32Array | null> {
    return this.enqueue({
      kind: 'interpolation',
      supersedes: ['interpolation'],
      run: async () => (this.active ? this.driver.decodeInterpolation(this.active, t) : null),
    });
  }

  reconstructProbe(probeIndex: number): Promise<Float32Array | null> {
    return this.enqueue({
      kind: 'reconstruction',
      supersedes: ['reconstruction'],
      run: async () => (this.active ? this.driver.reconstruct(this.active, probeIndex) : null),
    });
  }

  /** An on-demand computation for the active run (with the buffers to transfer); a newer query of the kind replaces this one. */
  query<K extends QueryKind>(kind: K, args: QueryArgs[K]): Promise<{ answer: QueryAnswer<K>; transfer: ArrayBuffer[] } | null> {
    const commandKind: CommandKind = `query:${kind}`;
    return this.enqueue({
      kind: commandKind,
      supersedes: [commandKind],
      run: async (signal) => (this.active ? this.driver.answer(this.active, kind, args, signal) : null),
    });
  }

  /** The page was hidden or shown: hidden, training goes on without snapshots; shown, one snapshot catches the page up. */
  setVisible(visible: boolean): Promise<void> {
    return this.command({
      kind: 'visibility',
      supersedes: ['visibility'],
      run: async () => {
        this.driver.visible = visible;
        if (visible && this.active) await this.snapshotWithViews(this.active);
      },
    });
  }

  /** The active run as a .vaelab file (training goes on); null when no run is active. */
  exportModel(pageData: { curves: unknown; evaluations: unknown }): Promise<ExportModelResult | null> {
    return this.enqueue({
      kind: 'export',
      run: async () => (this.active ? exportRun(this.active.run, pageData) : null),
    });
  }

  /** Reads and checks model files and holds the model for `adoptModel`; the current run is untouched. */
  async openModel(files: readonly ModelFileInput[]): Promise<OpenModelResult> {
    const opened = await this.enqueue({ kind: 'open', supersedes: ['open'], run: async () => this.hold(await readModelFiles(files)) });
    return opened ?? { ok: false, reason: 'Another model was opened before this one was read.' };
  }

  /** The same for a shipped checkpoint (see TrainerApi.openCheckpoint). */
  async openCheckpoint(checkpointsUrl: string, wanted: CheckpointWanted): Promise<OpenModelResult> {
    const opened = await this.enqueue({
      kind: 'open',
      supersedes: ['open'],
      run: async (signal) => {
        let files: File[];
        try {
          files = await abortable(fetchCheckpointFiles(checkpointsUrl, wanted, signal), signal);
        } catch (error) {
          if (isAbortError(error)) throw error;
          return { ok: false as const, reason: describeError(error) };
        }
        return this.hold(await readModelFiles(files));
      },
    });
    return opened ?? { ok: false, reason: 'Another model was opened before this one was read.' };
  }

  /** Makes the held model the run of `config` and activates it, training on if it was training (see TrainerApi.adoptModel). */
  async adoptModel(token: number, config: RunConfig): Promise<boolean> {
    const held = this.held;
    if (!held || held.token !== token) return false;
    const { imported } = held;
    const spec = { kind: config.model, ...config.architecture, seed: config.seed };
    if (imported.metadata.dataset !== config.dataset || architectureMismatch(imported.spec, spec) !== null) return false;
    this.held = null;
    this.target = config;
    const done = await this.enqueue({
      kind: 'activation',
      supersedes: ['activation', 'step'],
      run: async (signal) => {
        // Training that was on (Train pressed while the file was read) goes on, on the opened model.
        const ticket = this.training ? {} : null;
        this.resumeTicket = ticket;
        return this.runActivation(config, 'fresh', signal, ticket, imported);
      },
    });
    return done === true;
  }

  /** Resolves once no command waits (training may go on). */
  whenIdle(): Promise<void> {
    return this.queue.whenIdle();
  }

  /** Ends the session: cancels queued commands and frees every run's tensors. */
  async dispose(): Promise<void> {
    this.queue.close();
    await yieldToEvents();
    this.active = null;
    this.driver.views.clear();
    this.driver.dropPitfalls();
    this.runs.clear();
  }

  private enqueueActivation(config: RunConfig, mode: ActivationMode, ticket: object | null): Promise<void> {
    this.target = config;
    return this.command({
      kind: 'activation',
      supersedes: ['activation', 'step'],
      run: async (signal) => void (await this.runActivation(config, mode, signal, ticket)),
    });
  }

  /** Queues a command that returns nothing; resolves once it ran or was superseded. */
  private async command(command: Command<CommandKind, void>): Promise<void> {
    await this.enqueue(command);
  }

  /** Queues a command, reports the phase when it is queued and after it settled; resolves with its value (null when superseded). */
  private async enqueue<T>(command: Command<CommandKind, T>): Promise<T | null> {
    const outcome = this.queue.enqueue({ ...command, run: (signal) => this.onLiveDevice(() => command.run(signal)) });
    this.emitStatus();
    try {
      const result = await outcome;
      return result.status === 'done' ? result.value : null;
    } finally {
      this.emitStatus();
    }
  }

  /**
   * Runs `work` raced against the loss of the GPU device, rebuilding the runs on a new backend first when it was lost;
   * work the loss interrupted runs once more on the new backend.
   */
  private async onLiveDevice<T>(work: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        if (this.device.isLost()) await this.recoverIfLost();
        return await raceDevice(this.device, work());
      } catch (error) {
        if (!(error instanceof DeviceLostError) || attempt > 1) throw error;
      }
    }
  }

  /** Keeps a checked model for `adoptModel` (replacing one held before) and describes it; a refusal passes through. */
  private hold(read: Awaited<ReturnType<typeof readModelFiles>>): OpenModelResult {
    if (!read.ok) return read;
    this.held = { token: this.nextToken++, imported: read.imported };
    return describeOpened(read.imported, this.held.token);
  }

  /**
   * Activates `config`'s run: kept, fresh, or (given `imported`) built from a saved model's weights, step and Adam
   * state, then trains on if `ticket` is still the resume ticket (no Pause or newer activation took it) and nothing
   * superseded this one. True once the run is active; false when the backend or the data failed, or the saved model
   * could not be rebuilt (then the previous run stays as it was).
   */
  private async runActivation(config: RunConfig, mode: ActivationMode, signal: AbortSignal, ticket: object | null, imported: ImportedModel | null = null): Promise<boolean> {
    let activated: boolean;
    try {
      activated = await this.activateRun(config, mode, signal, imported);
    } finally {
      // Start-up is over once an activation ends, well or not (unless a newer one took over): the later shards may load.
      if (!signal.aborted) this.datasets.startUpDone();
    }
    const resume = activated && ticket !== null && !signal.aborted && this.resumeTicket === ticket;
    if (this.resumeTicket === ticket) this.resumeTicket = null;
    if (resume) this.setTraining(true);
    return activated;
  }

  /** runActivation's work up to the new run's first snapshot (training stays off). */
  private async activateRun(config: RunConfig, mode: ActivationMode, signal: AbortSignal, imported: ImportedModel | null): Promise<boolean> {
    this.setTraining(false);
    if (this.active) await this.copyIfLosable(this.active, 'current');
    this.failure = null;
    if (!(await this.ensureBackend(config.backend))) return false;
    let data: LoadedDataset;
    this.waitingFor = `the ${this.deps.datasetTitle(config.dataset)} test set`;
    this.emitStatus();
    try {
      data = await abortable(this.datasets.load(config.dataset), signal);
    } catch (error) {
      if (isAbortError(error)) throw error;
      this.active = null;
      this.fail('data', error, config.dataset);
      return false;
    } finally {
      this.waitingFor = null;
    }
    let run = this.runs.get(config);
    if (imported) {
      let resumed: Awaited<ReturnType<typeof resumeFrom>>;
      try {
        resumed = await resumeFrom(imported, config.seed, config.hyper);
      } catch {
        this.emitStatus();
        return false;
      }
      run = buildRun(this.nextRunId++, config, data, resumed);
      run.evaluatedEpochs = Math.floor(resumed.trainer.samplesSeen / data.manifest.train.count);
      this.runs.set(run);
    } else if (!run || mode !== 'keep' || !sameArchitecture(run.config, config)) {
      run = buildRun(this.nextRunId++, config, data);
      this.runs.set(run);
    }
    run.config = config;
    run.trainer.setSettings(config.hyper);
    this.active = { run, data };
    this.driver.activate();
    this.driver.syncPitfalls(this.active);
    if (this.announced !== data.name) {
      this.datasets.announce(data);
      this.announced = data.name;
    }
    this.emitStatus();
    await this.snapshotWithViews(this.active);
    await this.copyIfLosable(this.active, 'current');
    return true;
  }

  /** Switches tfjs to the chosen backend when the choice changed (every run's tensors are then rebuilt); false when none could start. */
  private async ensureBackend(choice: BackendChoice): Promise<boolean> {
    if (choice === this.backendChoice) return true;
    this.driver.views.clear();
    this.driver.dropPitfalls();
    this.runs.clear();
    this.active = null;
    this.announced = null;
    this.waitingFor = 'the compute backend';
    this.emitStatus();
    try {
      const selection = await this.deps.selectBackend(choice);
      this.backendChoice = choice;
      this.useBackend(selection);
      return true;
    } catch (error) {
      this.fail('backend', error, null);
      return false;
    } finally {
      this.waitingFor = null;
    }
  }

  /** Trains on `selection` from now on, and rebuilds the runs as soon as its GPU device is lost (even while idle). */
  private useBackend(selection: BackendSelection): void {
    const { device } = selection;
    this.device = device;
    this.driver.backend = selection.backend;
    this.emit({ type: 'backend', backend: selection.backend, reason: selection.reason });
    device.signal.addEventListener('abort', () => this.device === device && void this.command({ kind: 'recover', run: async () => undefined }), { once: true });
  }

  /**
   * After the GPU device was lost: every run's tensors are gone. Makes a new backend, rebuilds each run from its CPU
   * copy (the active one afresh from its seed if it has none yet; other runs without one are dropped), tells the page
   * which steps were lost, and goes on training if it was.
   */
  private async recoverIfLost(): Promise<void> {
    if (!this.device.isLost()) return;
    const lostBackend = this.driver.backend;
    const wasTraining = this.training;
    const previous = this.active;
    this.active = null;
    this.recovering = true;
    this.setTraining(false);
    this.driver.views.clear();
    this.driver.dropPitfalls();
    const lostRuns = this.runs.takeAll();
    // Frees the engine's records of the lost tensors (their GPU memory went with the device).
    lostRuns.forEach(disposeQuietly);
    this.waitingFor = 'the compute backend';
    this.emitStatus();
    try {
      this.useBackend(await this.deps.restartBackend(lostBackend));
      this.waitingFor = null;
      await raceDevice(this.device, this.rebuild(lostRuns, previous, lostBackend, wasTraining));
    } catch (error) {
      if (error instanceof DeviceLostError) throw error;
      this.fail('backend', error, null);
      return;
    } finally {
      this.waitingFor = null;
      this.recovering = false;
    }
    this.emitStatus();
    if (!this.active) return;
    // Training is back on before the first snapshot, so the page never shows the run as paused in between.
    if (wasTraining) this.setTraining(true);
    await this.snapshotWithViews(this.active);
  }

  /** Rebuilds the lost runs on the new backend and tells the page which steps each lost. */
  private async rebuild(lostRuns: Run[], previous: ActiveRun | null, lostBackend: BackendName, wasTraining: boolean): Promise<void> {
    const restored: RestoredRun[] = [];
    for (const old of lostRuns) {
      const isActive = old === previous?.run;
      if (!old.cpuCopy && !isActive) continue;
      const run = old.cpuCopy ? await rebuildRun(old, old.cpuCopy) : buildRun(old.id, old.config, (previous as ActiveRun).data);
      this.runs.set(run);
      restored.push({ run: runRef(run), lostStep: old.trainer.step, restoredStep: run.trainer.step });
      if (isActive) this.active = { run, data: (previous as ActiveRun).data };
    }
    this.emit({ type: 'deviceLost', lostBackend, backend: this.driver.backend, runs: restored, active: previous ? runRef(previous.run) : null, training: wasTraining && this.active !== null });
    if (!this.active) return;
    this.driver.afterRebuild(this.active.run.trainer.step);
    this.driver.syncPitfalls(this.active);
  }

  /** Copies the active run to the CPU when its device can be lost: when due while training, or now unless the copy is current. */
  private async copyIfLosable(active: ActiveRun, when: 'due' | 'current'): Promise<void> {
    if (!this.device.canBeLost) return;
    if (when === 'due') await this.copies.copyIfDue(active);
    else await this.copies.ensureCurrent(active);
  }

  private setTraining(on: boolean): void {
    if (on && !this.training) this.driver.trainingStarted();
    this.training = on;
    this.updateBackground();
    this.emitStatus();
  }

  /** The queue's background work: training, or, while paused, the pieces of heavy views and the pitfall pair's chunks. */
  private updateBackground(): void {
    const busy = this.training || (this.active !== null && this.failure === null && this.driver.hasBackgroundWork);
    this.queue.setBackground(busy ? (signal) => this.backgroundIteration(signal) : null);
  }

  private async backgroundIteration(signal: AbortSignal): Promise<void> {
    try {
      await this.onLiveDevice(() => this.backgroundWork(signal));
    } catch (error) {
      if (!(error instanceof DeviceLostError)) throw error;
    }
  }

  private async backgroundWork(signal: AbortSignal): Promise<void> {
    if (this.training) return this.trainIteration(signal);
    const active = this.active;
    if (!active || this.failure || !(await this.driver.backgroundPiece(active, false))) this.updateBackground();
  }

  /** One piece of training's background work: wait for data, evaluate one test batch, a view's piece, or train one chunk. */
  private async trainIteration(signal: AbortSignal): Promise<void> {
    const active = this.active;
    if (!active || this.failure) {
      this.setTraining(false);
      return;
    }
    if (!(await this.waitForImages(active.data, signal))) return;
    if (await this.driver.continueEvaluation(active)) return;
    if (await this.driver.backgroundPiece(active, true)) return;
    const diverged = await this.driver.trainChunkAdaptive(active);
    if (diverged) {
      this.setTraining(false);
      await this.snapshotWithViews(active);
      await this.copyIfLosable(active, 'current');
      return;
    }
    await this.copyIfLosable(active, 'due');
    await this.driver.snapshotIfDue(active);
    this.driver.scheduleEvaluationIfEpochEnded(active);
  }

  /** A snapshot, then every open view that is due (while paused or after a command). */
  private async snapshotWithViews(active: ActiveRun): Promise<void> {
    await this.driver.postSnapshot(active, this.training);
    await this.driver.computeViews(active, false);
    this.updateBackground();
  }

  /** True once the dataset's first training images are in; false when the wait was cancelled or the data failed. */
  private async waitForImages(data: LoadedDataset, signal: AbortSignal): Promise<boolean> {
    if (data.pool.count > 0) return true;
    this.waitingFor = `the first ${this.deps.datasetTitle(data.name)} training images`;
    this.emitStatus();
    try {
      await abortable(data.firstImages, signal);
      return true;
    } catch (error) {
      if (!isAbortError(error)) this.fail('data', error, data.name);
      return false;
    } finally {
      this.waitingFor = null;
      this.emitStatus();
    }
  }

  private fail(source: ErrorEvent['source'], error: unknown, dataset: DatasetName | null): void {
    const event: ErrorEvent = { type: 'error', source, dataset, message: describeError(error), retryable: source === 'data' || error instanceof DataError };
    this.failure = event;
    this.resumeTicket = null;
    this.setTraining(false);
    this.emit(event);
    this.emitStatus();
  }

  private phase(): WorkerPhase {
    if (this.queue.has('setup') || this.queue.has('activation') || this.recovering) return 'loading';
    if (this.failure) return 'failed';
    if (this.queue.has('step') && !this.training) return 'stepping';
    if (this.training) return 'training';
    return this.active ? 'ready' : 'loading';
  }

  /** Tells the page the phase, what it waits for and which run is active, when any of these changed. */
  private emitStatus(): void {
    if (!this.target) return;
    const run = this.active?.run;
    const phase = this.phase();
    const current = run && sameTarget(run.config, this.target) && phase !== 'loading' ? runRef(run) : null;
    const status: StatusEvent = {
      type: 'status',
      phase,
      waitingFor: this.waitingFor,
      target: { dataset: this.target.dataset, model: this.target.model },
      run: current,
      step: current ? (run?.trainer.step ?? 0) : 0,
      resuming: phase === 'loading' && this.resumeTicket !== null,
    };
    const key = JSON.stringify({ ...status, step: 0 });
    if (key === this.lastStatusKey) return;
    this.lastStatusKey = key;
    this.emit(status);
  }
}

/** Disposes a run whose backend lost its device; tfjs may throw on the dead context, and nothing is left to free then. */
function disposeQuietly(run: Run): void {
  try {
    disposeRun(run);
  } catch {
    // The tensors' memory went with the device.
  }
}
