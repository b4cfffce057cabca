import * as Comlink from 'comlink';
import { DATASETS } from '../ml/data/datasets';
import { restartBackend, selectBackend } from './backend';
import { fetchLoader } from './datasets';
import { HEARTBEAT_MS, type TrainerApi, type WorkerEvent } from './protocol';
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

setInterval(() => emit({ type: 'heartbeat' }), HEARTBEAT_MS);

const api: TrainerApi = {
  init(options, config, onEvent) {
    listener = onEvent;
    void session?.dispose();
    session = new LabSession(emit, { loader: fetchLoader(options.dataBaseUrl), selectBackend, restartBackend, datasetTitle: (name) => DATASETS[name].title });
    return session.init(config);
  },
  start: () => current().start(),
  pause: () => current().pause(),
  step: () => current().step(),
  activate: (config) => current().activate(config),
  reset: (config, resume) => current().reset(config, resume),
  setHyper: (target, hyper) => current().setHyper(target, hyper),
  setProbes: (selection) => current().setProbes(selection),
  setDrawing: (ink, width, height) => current().setDrawing(ink, width, height),
  setViews: (requests) => current().setViews(requests),
  query: async (kind, args) => {
    const answered = await current().query(kind, args);
    return answered && Comlink.transfer(answered.answer, answered.transfer);
  },
  decodeInterpolation: async (t) => {
    const pixels = await current().decodeInterpolation(t);
    return pixels && Comlink.transfer(pixels, [pixels.buffer]);
  },
  reconstructProbe: async (probeIndex) => {
    const pixels = await current().reconstructProbe(probeIndex);
    return pixels && Comlink.transfer(pixels, [pixels.buffer]);
  },
  exportModel: async (pageData) => {
    const exported = await current().exportModel(pageData);
    return exported?.ok ? Comlink.transfer(exported, [exported.bytes.buffer]) : exported;
  },
  openModel: (files) => current().openModel(files),
  openCheckpoint: (checkpointsUrl, wanted) => current().openCheckpoint(checkpointsUrl, wanted),
  adoptModel: (token, config) => current().adoptModel(token, config),
  retry: () => current().retry(),
  setVisible: (visible) => current().setVisible(visible),
};

Comlink.expose(api);
