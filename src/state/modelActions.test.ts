/**
 * The page's side of saving and opening (the store with a fake worker): an adoption the worker drops leaves no trace,
 * and an autosave never waits on a worker that died.
 */
import type { Remote } from 'comlink';
import { expect, it, vi } from 'vitest';
import type { OpenedModel, Snapshot, StatusEvent, TrainerApi, WorkerEvent } from '../worker/protocol';
import type { AutosaveInfo, AutosaveSlot } from './autosave';
import { activeRecord } from './labState';
import { LabStore } from './labStore';
import type { ModelLibrary } from './modelLibrary';
import { defaultSettings, toRunConfig } from './settings';

it('an adoption the worker drops (superseded by a model switch) leaves the file’s curves to no other run', async () => {
  const library: ModelLibrary = { list: async () => [], save: vi.fn(), read: async () => null, remove: async () => undefined };
  const slot = { read: async () => null, write: async () => undefined };
  const store = new LabStore(defaultSettings(), [], (cb) => cb(), library, slot);
  const config = toRunConfig({ ...defaultSettings(), dataset: 'fashion' });
  const file: OpenedModel = {
    ok: true, token: 1, dataset: 'fashion', model: 'vae', architecture: config.architecture, hyper: config.hyper, seed: config.seed,
    step: 500, samplesSeen: 64000, storage: 'float32', hasOptimizer: true, curves: null,
    evaluations: [{ testImages: 10000, terms: { rec: 100, kl: 20 }, negElbo: 120, discretisedNll: 1, bitsPerDim: 0.5 }],
  };
  let releaseAdopt: (value: boolean) => void = () => undefined;
  const resolved = () => vi.fn(() => Promise.resolve());
  const api = {
    init: resolved(), start: resolved(), pause: resolved(), activate: resolved(), setViews: resolved(), setVisible: resolved(), setProbes: resolved(),
    openModel: vi.fn(async () => file),
    adoptModel: vi.fn(() => new Promise<boolean>((resolve) => (releaseAdopt = resolve))),
  };
  store.connect(() => ({ api: api as unknown as Remote<TrainerApi>, terminate: vi.fn() }), 'http://x/data/');
  const status = (model: 'vae' | 'ae', dataset: 'mnist' | 'fashion', runId: number) =>
    store.handleEvent({ type: 'status', phase: 'ready', waitingFor: null, target: { dataset, model }, run: { dataset, model, runId }, step: 0 } as StatusEvent);
  status('vae', 'mnist', 1);
  const opening = store.models.openFiles([new File([new Uint8Array(4)], 'f.vaelab')]);
  await vi.waitFor(() => expect(api.adoptModel).toHaveBeenCalled());
  // The Fashion-MNIST data is still downloading; the user clicks AE: the worker's activation supersedes the adoption.
  store.selectModel('ae');
  releaseAdopt(false);
  await opening;
  status('ae', 'fashion', 2);
  // Back to the VAE: the worker never built the opened run, so it builds a fresh one (id 3) at step 0.
  store.selectModel('vae');
  status('vae', 'fashion', 3);
  const snap = { type: 'snapshot', snapshot: { model: 'vae', dataset: 'fashion', runId: 3, step: 0, terms: { steps: new Float64Array(0), names: ['rec', 'kl'], values: [new Float32Array(0), new Float32Array(0)], weights: [new Float32Array(0), new Float32Array(0)] } } as unknown as Snapshot } as WorkerEvent;
  store.handleEvent(snap);
  const record = activeRecord(store.getState());
  expect(record.runId).toBe(3);
  expect(record.evaluations, 'a fresh run at step 0 shows the file’s test evaluation at step 500').toEqual([]);
  store.disconnect();
});

it('an autosave sent to a worker that died does not stop the new worker’s autosaves', async () => {
  const writes: AutosaveInfo[] = [];
  const slot: AutosaveSlot = { read: async () => null, write: async (info) => void writes.push(info) };
  const library: ModelLibrary = { list: async () => [], save: vi.fn(), read: async () => null, remove: async () => undefined };
  const store = new LabStore(defaultSettings(), [], (cb) => cb(), library, slot);
  const resolved = () => vi.fn(() => Promise.resolve());
  const base = { init: resolved(), start: resolved(), pause: resolved(), activate: resolved(), setViews: resolved(), setVisible: resolved(), setProbes: resolved() };
  // Worker 1 is hung/killed: like Comlink on a terminated worker, its calls never settle.
  const dead = { ...base, exportModel: vi.fn(() => new Promise(() => undefined)) };
  const alive = { ...base, exportModel: vi.fn(async () => ({ ok: true, bytes: new Uint8Array(8), dataset: 'mnist', model: 'vae', step: 50 })) };
  let api: typeof dead | typeof alive = dead;
  store.connect(() => ({ api: api as unknown as Remote<TrainerApi>, terminate: vi.fn() }), 'http://x/data/');
  const status = (step: number) => store.handleEvent({ type: 'status', phase: 'training', waitingFor: null, target: { dataset: 'mnist', model: 'vae' }, run: { dataset: 'mnist', model: 'vae', runId: 1 }, step } as StatusEvent);
  status(10);
  store.setVisible(false); // page hidden: autosave sent to the dead worker
  await Promise.resolve();
  expect(dead.exportModel).toHaveBeenCalledTimes(1);
  api = alive;
  store.restartWorker();
  status(50);
  store.setVisible(false);
  await new Promise((r) => setTimeout(r, 10));
  expect(alive.exportModel, 'the new worker is asked').toHaveBeenCalled();
  expect(writes).toHaveLength(1);
  store.disconnect();
});
