import * as Comlink from 'comlink';
import type { TrainerApi, WorkerEvent } from './protocol';
import { LabSession } from './session';

let session: LabSession | null = null;
let listener: ((event: WorkerEvent) => void) | null = null;

/** Forwards an event to the page's proxied callback, transferring typed-array buffers. */
function emit(event: WorkerEvent, transfer: Transferable[] = []): void {
  listener?.(Comlink.transfer(event, transfer));
}

/** The session, once init has created it. */
function current(): LabSession {
  if (!session) throw new Error('The training worker was used before init().');
  return session;
}

const api: TrainerApi = {
  async init(options, config, onEvent) {
    listener = onEvent;
    session = new LabSession(emit);
    try {
      await session.init(options, config);
    } catch (error) {
      emit({ type: 'error', source: 'backend', message: error instanceof Error ? error.message : String(error), retryable: false });
    }
  },
  start: () => current().start(),
  pause: () => current().pause(),
  step: () => current().step(),
  reset: (config) => current().reset(config),
  activate: (config) => current().activate(config),
  setHyper: (hyper) => current().setHyper(hyper),
  setProbes: (selection) => current().setProbes(selection),
  decodeInterpolation: async (t) => {
    const pixels = await current().decodeInterpolation(t);
    return Comlink.transfer(pixels, [pixels.buffer]);
  },
  reconstructProbe: async (probeIndex) => {
    const pixels = await current().reconstructProbe(probeIndex);
    return Comlink.transfer(pixels, [pixels.buffer]);
  },
  retryData: () => current().retryData(),
};

Comlink.expose(api);
