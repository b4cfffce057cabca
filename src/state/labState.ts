/** The shape of the lab's page state, and the pure helpers the store uses on it. */
import type { BackendChoice, BackendEvent, DataReadyEvent, DivergedEvent, ErrorEvent, LoadProgressEvent, ProbeSelection } from '../worker/protocol';
import type { ArchitectureField, ModelSettings } from './modelSettings';
import { emptyRunRecord, runKey } from './runRecords';
import type { RunKey, RunRecord } from './runRecords';
import type { LabSettings } from './settings';

/** The test images the worker shows, from its DataReadyEvent. */
export type LabData = Omit<DataReadyEvent, 'type'>;

/** Settings whose change means fresh weights (the active model's network, or the backend for all). */
export type ArchitectureChange = Partial<Pick<ModelSettings, ArchitectureField>> & { backend?: BackendChoice };

export interface LabState extends RunRecord {
  settings: LabSettings;
  /** Why values in the page's link were ignored or adjusted. */
  urlNotes: string[];
  load: LoadProgressEvent | null;
  data: LabData | null;
  /** The probe digits in use (settings with page defaults filled in), once data is ready. */
  probes: ProbeSelection | null;
  backend: BackendEvent | null;
  /** The runs the page is not showing, by (dataset, model). */
  parked: Partial<Record<RunKey, RunRecord>>;
  running: boolean;
  /** The worker is switching to the selected (dataset, model) and has not confirmed yet. */
  activating: boolean;
  diverged: DivergedEvent | null;
  error: ErrorEvent | null;
  /** An architecture change waiting for the user to accept fresh weights. */
  pendingArchitecture: ArchitectureChange | null;
}

/** The state a freshly connected worker starts from (settings are kept). */
export function initialState(settings: LabSettings, urlNotes: string[]): LabState {
  return {
    ...emptyRunRecord(),
    settings,
    urlNotes,
    load: null,
    data: null,
    probes: null,
    backend: null,
    parked: {},
    running: false,
    activating: true,
    diverged: null,
    error: null,
    pendingArchitecture: null,
  };
}

export function activeKey(state: LabState): RunKey {
  return runKey(state.settings.dataset, state.settings.model);
}

export function recordOf(state: LabState): RunRecord {
  const { history, evaluations, snapshot, step } = state;
  return { history, evaluations, snapshot, step };
}
