/** What every section of the page reads, derived once per render from the lab's state. */
import { MODEL_FAMILIES } from '../ml/models/family';
import { activeRecord, currentData, labControls } from '../state/labState';
import type { LabData, LabState, LabStore } from '../state/labStore';
import type { LabControls } from '../state/labState';
import type { RunRecord } from '../state/runRecords';
import type { ModelKind, ProbeRef, ProbeSelection, Snapshot } from '../worker/protocol';

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
  /** The digit whose code anchors the views above 2-D (the grid's other dimensions, traversals, a probed point): the ELBO panel's. */
  anchor: ProbeRef;
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
    anchor: state.standIns.elbo?.kind === 'drawn' ? 'drawn' : (probes?.elboIndex ?? 0),
  };
}

/** The latent size of the active model, 0 for a codebook model (no continuous latent). */
export function latentDimOf(view: LabView): number {
  return MODEL_FAMILIES[view.model].latent === 'codebook' ? 0 : view.state.settings.models[view.model].latentDim;
}

/** Decodes the latent point under (x, y) of the scatter, anchored at the view's digit above 2-D; null when replaced or not applicable. */
export function probeScatter(view: LabView): (x: number, y: number) => Promise<{ pixels: Float32Array; z: Float32Array } | null> {
  return async (x, y) => {
    const answer = await view.store.query('decodeScatter', { x, y, anchor: view.anchor });
    return answer?.status === 'ready' ? answer.result : null;
  };
}
