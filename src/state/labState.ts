/**
 * The shape of the lab's page state, and the selectors every view reads it through. The controls'
 * state comes from one place: the worker's last status, compared with the run the page asked for.
 */
import type {
  BackendChoice,
  BackendEvent,
  DataReadyEvent,
  DeviceLostEvent,
  DivergedEvent,
  ErrorEvent,
  InterpolationKind,
  LoadProgressEvent,
  ProbeSelection,
  StatusEvent,
  WorkerPhase,
} from '../worker/protocol';
import type { LastSession } from './autosave';
import type { SavedModelInfo } from './modelLibrary';
import type { ArchitectureField, ModelSettings } from './modelSettings';
import { emptyRunRecord, runKey } from './runRecords';
import type { RunKey, RunRecord } from './runRecords';
import type { LabSettings } from './settings';

/** The test images the worker shows, from its DataReadyEvent. */
export type LabData = Omit<DataReadyEvent, 'type'>;

/** Settings whose change means fresh weights (the active model's network, or the backend for all). */
export type ArchitectureChange = Partial<Pick<ModelSettings, ArchitectureField>> & { backend?: BackendChoice };

export interface LabState {
  settings: LabSettings;
  /** Why values in the page's link were ignored or adjusted. */
  urlNotes: string[];
  /** The worker's last status; null until it sends one. */
  worker: StatusEvent | null;
  /** Loading progress per dataset. */
  loads: Partial<Record<LoadProgressEvent['dataset'], LoadProgressEvent>>;
  /** The probe digits of the dataset the worker announced last (see `currentData`). */
  data: LabData | null;
  /** The probe digits in use (settings with page defaults filled in), once data is ready. */
  probes: ProbeSelection | null;
  backend: BackendEvent | null;
  /** Every run the page has seen, by (dataset, model); the active one is the settings' (see `activeRecord`). */
  runs: Partial<Record<RunKey, RunRecord>>;
  /** Events of worker runs below this id are stale everywhere (set when a backend change rebuilds every run). */
  runFloor: number;
  /** The largest run id seen so far. */
  newestRunId: number;
  diverged: DivergedEvent | null;
  /** The latest loss of the GPU device, and what the worker rebuilt (shown until dismissed on the page). */
  deviceLost: DeviceLostEvent | null;
  /** The latest error of the worker, for the current dataset or without one. */
  error: ErrorEvent | null;
  /** A failure outside the event stream: the worker crashed or fell silent (restartable), or a call to it was rejected. */
  failure: { message: string; restartable: boolean } | null;
  /** An architecture change waiting for the user to accept fresh weights. */
  pendingArchitecture: ArchitectureChange | null;
  /** Draw the decoded latent grid under the latent scatter. */
  underlay: boolean;
  /** The open lesson step's answer has been revealed. */
  lessonRevealed: boolean;
  /** What stands in for the selected test digits: the drawn digit, or points pinned on the scatter (not in the URL). */
  standIns: StandIns;
  /** How the interpolation travels from A to B. */
  interpolationPath: InterpolationKind;
  /** True once the worker holds a drawn digit (until Clear). */
  hasDrawing: boolean;
  /** Draw the aggregate posterior's contours over the latent scatter. */
  contours: boolean;
  /** Models saved in this browser, newest first (null until listed). */
  savedModels: SavedModelInfo[] | null;
  /** A save, open or load in progress, in words ("Loading the trained model…"); null when none. */
  modelBusy: string | null;
  /** The outcome of the last save, open or load ('refused' keeps the current model). */
  modelNotice: { tone: 'done' | 'refused'; text: string } | null;
  /** An autosaved session to offer back when the page opened (null once restored or dismissed). */
  lastSession: LastSession | null;
}

export type StandIns = NonNullable<ProbeSelection['standIns']>;
/** A role a digit plays on the page: the ELBO panel's digit, or an interpolation endpoint. */
export type ProbeRole = keyof StandIns;

/** The state a freshly connected worker starts from (settings are kept). */
export function initialState(settings: LabSettings, urlNotes: string[]): LabState {
  return {
    settings,
    urlNotes,
    worker: null,
    loads: {},
    data: null,
    probes: null,
    backend: null,
    runs: {},
    runFloor: 0,
    newestRunId: 0,
    diverged: null,
    deviceLost: null,
    error: null,
    failure: null,
    pendingArchitecture: null,
    underlay: false,
    lessonRevealed: false,
    standIns: {},
    interpolationPath: 'linear',
    hasDrawing: false,
    contours: false,
    savedModels: null,
    modelBusy: null,
    modelNotice: null,
    lastSession: null,
  };
}

export function activeKey(state: LabState): RunKey {
  return runKey(state.settings);
}

const EMPTY_RECORD = emptyRunRecord();

/** The active (dataset, model)'s record; an empty one before its first event. */
export function activeRecord(state: LabState): RunRecord {
  return state.runs[activeKey(state)] ?? EMPTY_RECORD;
}

/** The probe digits, once the worker has announced those of the selected dataset. */
export function currentData(state: LabState): LabData | null {
  return state.data?.dataset === state.settings.dataset ? state.data : null;
}

/**
 * The weights of the reconstruction and KL terms now: those of the active run's latest step, or before any
 * step what its settings will use (the loss preset overrides β; a schedule starts from its first value).
 */
export function currentTermWeights(state: LabState): { rec: number; kl: number } {
  const { history } = activeRecord(state);
  const at = (name: 'rec' | 'kl') => history.weights[history.names.indexOf(name)]?.at(-1);
  const rec = at('rec');
  if (rec !== undefined) return { rec, kl: at('kl') ?? 0 };
  const own = state.settings.models[state.settings.model];
  if (own.lossPreset === 'reconstruction') return { rec: 1, kl: 0 };
  if (own.lossPreset === 'kl') return { rec: 0, kl: 1 };
  return { rec: 1, kl: own.schedule === 'constant' ? own.beta : 0 };
}

/** What the controls may do, derived from the worker's status alone. */
export interface LabControls {
  /** The worker's phase for the run the page shows ('loading' while it has not caught up with a switch). */
  phase: WorkerPhase;
  waitingFor: string | null;
  training: boolean;
  /** Loading a restarted run that will train once ready: the button is an enabled Pause, which cancels that. */
  resuming: boolean;
  /** The Train/Pause button shows Pause: training, or resuming. */
  pauses: boolean;
  canTrain: boolean;
  canStep: boolean;
  canReset: boolean;
  /** The active run's step. */
  step: number;
}

export function labControls(state: LabState): LabControls {
  const { worker, settings } = state;
  const caughtUp = worker !== null && worker.target.dataset === settings.dataset && worker.target.model === settings.model;
  const phase: WorkerPhase = caughtUp ? worker.phase : 'loading';
  const record = activeRecord(state);
  const workerStep = caughtUp && worker.run?.runId === record.runId ? worker.step : 0;
  const resuming = phase === 'loading' && caughtUp && worker.resuming;
  return {
    phase,
    waitingFor: caughtUp ? worker.waitingFor : null,
    training: phase === 'training',
    resuming,
    pauses: phase === 'training' || resuming,
    canTrain: phase === 'ready' || phase === 'training' || resuming,
    canStep: phase === 'ready',
    canReset: phase === 'ready' || phase === 'training' || phase === 'failed',
    step: record.snapshot?.step ?? workerStep,
  };
}
