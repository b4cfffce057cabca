/** What every section of the page reads, derived once per render from the lab's state. */
import { MODEL_FAMILIES } from '../ml/models/family';
import { activeRecord, currentData, labControls } from '../state/labState';
import type { LabData, LabState, LabStore } from '../state/labStore';
import type { LabControls } from '../state/labState';
import type { RunRecord } from '../state/runRecords';
import type { ModelKind, ProbeSelection, Snapshot } from '../worker/protocol';

export interface LabView {
  state: LabState;
  store: LabStore;
  model: ModelKind;
  /** The selected dataset's probe digits, once announced. */
  data: LabData | null;
  record: RunRecord;
  snapshot: Snapshot | null;
  controls: LabControls;
  probes: ProbeSelection | null;
  classNames: string[];
  /** Interpolation endpoints A and B, once data is ready. */
  endpoints: [number, number] | null;
}

export function labView(state: LabState, store: LabStore): LabView {
  const data = currentData(state);
  const record = activeRecord(state);
  const { probes } = state;
  return {
    state,
    store,
    model: state.settings.model,
    data,
    record,
    snapshot: record.snapshot,
    controls: labControls(state),
    probes,
    classNames: data?.classNames ?? [],
    endpoints: probes ? [probes.interpolationA, probes.interpolationB] : null,
  };
}

/** The latent size of the active model, 0 for a codebook model (no continuous latent). */
export function latentDimOf(view: LabView): number {
  return MODEL_FAMILIES[view.model].latent === 'codebook' ? 0 : view.state.settings.models[view.model].latentDim;
}
