import { describe, expect, it, vi } from 'vitest';
import type { Remote } from 'comlink';
import type { DatasetName, ModelKind, Snapshot, StatusEvent, StepTerms, TermName, TrainerApi, WorkerEvent, WorkerPhase } from '../worker/protocol';
import { activeRecord, currentData, labControls } from './labState';
import { LabStore } from './labStore';
import { defaultSettings } from './settings';

/** A store whose frames run when `flush` is called, wired to a fake worker that records calls. */
function setup() {
  const frames: (() => void)[] = [];
  const flush = () => frames.splice(0).forEach((frame) => frame());
  const store = new LabStore(defaultSettings(), [], (callback) => frames.push(callback));
  const resolved = () => vi.fn(() => Promise.resolve());
  const api = {
    init: resolved(), start: resolved(), pause: resolved(), step: resolved(), reset: resolved(), activate: resolved(),
    setHyper: resolved(), setProbes: resolved(), setDrawing: resolved(), setViews: resolved(), setVisible: resolved(), retry: resolved(),
    decodeInterpolation: vi.fn(), reconstructProbe: vi.fn(),
  };
  store.connect(() => ({ api: api as unknown as Remote<TrainerApi>, terminate: vi.fn() }), 'http://x/data/');
  status(store, 'ready', 'vae', 'mnist', 1);
  flush();
  return { store, api, flush, state: () => store.getState() };
}

function status(store: LabStore, phase: WorkerPhase, model: ModelKind, dataset: DatasetName, runId: number | null, step = 0, resuming = false): void {
  const event: StatusEvent = { type: 'status', phase, waitingFor: null, target: { dataset, model }, run: runId === null ? null : { dataset, model, runId }, step, resuming };
  store.handleEvent(event);
}

const TERMS: Record<ModelKind, TermName[]> = { ae: ['rec'], dae: ['rec'], mae: ['rec'], vae: ['rec', 'kl'], vqvae: ['rec', 'codebook', 'commitment'] };

function terms(model: ModelKind, steps: number[]): StepTerms {
  const names = TERMS[model];
  return {
    steps: Float64Array.from(steps),
    names,
    values: names.map((_, k) => Float32Array.from(steps.map(() => 200 / (k + 1)))),
    weights: names.map(() => Float32Array.from(steps.map(() => 1))),
  };
}

function snapshotEvent(steps: number[], model: ModelKind = 'vae', dataset: DatasetName = 'mnist', runId = 1): WorkerEvent {
  return { type: 'snapshot', snapshot: { model, dataset, runId, step: steps[steps.length - 1], terms: terms(model, steps) } as Snapshot };
}

function dataReady(dataset: DatasetName): WorkerEvent {
  return { type: 'dataReady', dataset, title: dataset, probeImages: new Uint8Array(4 * 784), probeLabels: Uint8Array.from([0, 8, 3, 3]), reconstructionIndices: [0], classNames: [] };
}

/** A training run whose latent size was changed (confirmed), while the worker loads the new run to train on. */
function restartingToResume() {
  const lab = setup();
  status(lab.store, 'training', 'vae', 'mnist', 1, 3);
  lab.flush();
  lab.store.requestArchitecture({ latentDim: 8 });
  lab.store.confirmArchitecture();
  status(lab.store, 'loading', 'vae', 'mnist', null, 0, true);
  lab.flush();
  return lab;
}

describe('LabStore', () => {
  it('publishes once per frame and keeps every step of the loss history', () => {
    const { store, flush, state } = setup();
    const listener = vi.fn();
    store.subscribe(listener);
    store.handleEvent(snapshotEvent([1, 2]));
    store.handleEvent(snapshotEvent([3, 4, 5]));
    expect(activeRecord(state()).snapshot).toBeNull();
    flush();
    expect(listener).toHaveBeenCalledTimes(1);
    expect(activeRecord(state()).snapshot?.step).toBe(5);
    expect(activeRecord(state()).history.steps).toEqual([1, 2, 3, 4, 5]);
  });

  it('derives the controls from the worker’s status, never from its own guesses', () => {
    const { store, api, flush, state } = setup();
    expect(labControls(state())).toMatchObject({ phase: 'ready', canTrain: true, canStep: true, training: false });
    store.toggleTraining();
    flush();
    expect(api.start).toHaveBeenCalledTimes(1);
    expect(labControls(state()).training).toBe(false);
    status(store, 'training', 'vae', 'mnist', 1);
    flush();
    expect(labControls(state())).toMatchObject({ training: true, canStep: false });
    store.selectModel('ae');
    flush();
    expect(api.activate).toHaveBeenLastCalledWith(expect.objectContaining({ model: 'ae', dataset: 'mnist' }));
    expect(labControls(state()), 'the worker has not caught up with the switch yet').toMatchObject({ phase: 'loading', canTrain: false });
    status(store, 'loading', 'ae', 'mnist', null);
    flush();
    expect(labControls(state()).canTrain).toBe(false);
    status(store, 'ready', 'ae', 'mnist', 2);
    flush();
    expect(labControls(state())).toMatchObject({ phase: 'ready', canTrain: true });
  });

  it('sends default probes (first 3 → first 8) when the current dataset’s digits arrive, and ignores another dataset’s', () => {
    const { store, api, flush, state } = setup();
    store.handleEvent(dataReady('fashion'));
    flush();
    expect(currentData(state())).toBeNull();
    expect(api.setProbes).not.toHaveBeenCalled();
    store.handleEvent(dataReady('mnist'));
    flush();
    expect(api.setProbes).toHaveBeenCalledWith({ elboIndex: 0, interpolationA: 2, interpolationB: 1 });
    store.setProbes({ elboIndex: 3 });
    expect(api.setProbes).toHaveBeenLastCalledWith({ elboIndex: 3, interpolationA: 2, interpolationB: 1 });
  });

  it('sends stand-ins and the path with the digits: the drawn digit as ELBO digit and A, a pinned point as B; a picked digit or Clear takes them back', async () => {
    const { store, api, flush } = setup();
    store.handleEvent(dataReady('mnist'));
    flush();
    await store.setDrawing(new Uint8Array(4), 2, 2);
    expect(api.setDrawing).toHaveBeenLastCalledWith(new Uint8Array(4), 2, 2);
    store.setStandIn('elbo', { kind: 'drawn' });
    store.setStandIn('interpolationA', { kind: 'drawn' });
    store.setStandIn('interpolationB', { kind: 'point', z: [0.5, -1] });
    store.setStandIn('elbo', { kind: 'point', z: [1, 1] });
    store.setInterpolationPath('slerp');
    expect(api.setProbes).toHaveBeenLastCalledWith({
      elboIndex: 0,
      interpolationA: 2,
      interpolationB: 1,
      standIns: { elbo: { kind: 'drawn' }, interpolationA: { kind: 'drawn' }, interpolationB: { kind: 'point', z: [0.5, -1] } },
      path: 'slerp',
    });
    store.setProbes({ interpolationB: 3 });
    expect(api.setProbes).toHaveBeenLastCalledWith(expect.objectContaining({ interpolationB: 3, standIns: { elbo: { kind: 'drawn' }, interpolationA: { kind: 'drawn' } } }));
    await store.setDrawing(null, 0, 0);
    flush();
    expect(api.setDrawing).toHaveBeenLastCalledWith(null, 0, 0);
    expect(api.setProbes).toHaveBeenLastCalledWith({ elboIndex: 0, interpolationA: 2, interpolationB: 3, path: 'slerp' });
    expect(store.getState().hasDrawing).toBe(false);
  });

  it('applies β live to the active run only, naming the run it is meant for', () => {
    const { store, api, flush, state } = setup();
    store.setHyper({ beta: 4 });
    flush();
    expect(api.setHyper).toHaveBeenCalledWith(
      { dataset: 'mnist', model: 'vae' },
      expect.objectContaining({ beta: 4, learningRate: 0.001, batchSize: 128, betaSchedule: { kind: 'constant' }, corruption: expect.objectContaining({ noiseStd: 0.5 }) }),
    );
    expect(api.reset).not.toHaveBeenCalled();
    expect(state().settings.models.vae.beta).toBe(4);
    expect(state().settings.models.ae.beta).toBe(1);
  });

  it('asks before an architecture change throws away trained weights, and keeps training when confirmed while training', () => {
    const { store, api, flush, state } = setup();
    store.handleEvent(snapshotEvent([1, 2, 3]));
    status(store, 'training', 'vae', 'mnist', 1, 3);
    flush();
    store.requestArchitecture({ latentDim: 8 });
    flush();
    expect(api.reset).not.toHaveBeenCalled();
    expect(state().pendingArchitecture).toEqual({ latentDim: 8 });
    store.confirmArchitecture();
    flush();
    expect(api.reset).toHaveBeenCalledWith(expect.objectContaining({ model: 'vae', architecture: expect.objectContaining({ latentDim: 8, hiddenUnits: 512 }) }), true);
    expect(activeRecord(state()).history.steps).toEqual([]);
    expect(state().pendingArchitecture).toBeNull();
  });

  it('a Pause pressed before the page has redrawn after a restart still pauses (it acts on the button shown)', () => {
    const { store, api, flush } = setup();
    status(store, 'training', 'vae', 'mnist', 1, 3);
    flush();
    store.requestArchitecture({ latentDim: 8 });
    store.confirmArchitecture();
    status(store, 'loading', 'vae', 'mnist', 1, 3);
    store.toggleTraining();
    expect(api.pause).toHaveBeenCalledTimes(1);
    expect(api.start).not.toHaveBeenCalled();
  });

  it('while a restarted run loads to train on, the button is an enabled Pause, and pressing it pauses', () => {
    const { store, api, flush, state } = restartingToResume();
    expect(labControls(state())).toMatchObject({ phase: 'loading', training: false, resuming: true, canTrain: true, canStep: false });
    store.toggleTraining();
    expect(api.pause).toHaveBeenCalledTimes(1);
    expect(api.start).not.toHaveBeenCalled();
    status(store, 'loading', 'vae', 'mnist', null, 0, false);
    flush();
    expect(labControls(state())).toMatchObject({ training: false, resuming: false, canTrain: false });
  });

  it('a second latent size chosen while the restarted run loads to train on applies at once and still trains on', () => {
    const { store, api, state } = restartingToResume();
    store.requestArchitecture({ latentDim: 16 });
    expect(state().pendingArchitecture).toBeNull();
    expect(api.reset).toHaveBeenCalledTimes(2);
    expect(api.reset).toHaveBeenLastCalledWith(expect.objectContaining({ architecture: expect.objectContaining({ latentDim: 16 }) }), true);
  });

  it('a Train pressed in the frame after a switch does not start the run the page switched to', () => {
    const { store, api } = setup();
    store.selectModel('ae');
    store.toggleTraining();
    expect(api.start).not.toHaveBeenCalled();
  });

  it('changes the architecture at once before any training, without resuming', () => {
    const { store, api } = setup();
    store.requestArchitecture({ hiddenUnits: 128 });
    expect(api.reset).toHaveBeenCalledTimes(1);
    expect(api.reset).toHaveBeenLastCalledWith(expect.objectContaining({ architecture: expect.objectContaining({ hiddenUnits: 128 }) }), false);
  });

  it('keeps each model’s curves in the runs map across switches; a late snapshot goes to its own run', () => {
    const { store, flush, state } = setup();
    store.handleEvent(snapshotEvent([1, 2, 3]));
    store.selectModel('vqvae');
    flush();
    expect(activeRecord(state()).history.steps).toEqual([]);
    store.handleEvent(snapshotEvent([4]));
    status(store, 'ready', 'vqvae', 'mnist', 2);
    store.handleEvent(snapshotEvent([1], 'vqvae', 'mnist', 2));
    flush();
    expect(activeRecord(state()).history.names).toEqual(['rec', 'codebook', 'commitment']);
    store.selectModel('vae');
    flush();
    expect(activeRecord(state()).history.steps).toEqual([1, 2, 3, 4]);
    expect(Object.keys(state().runs).sort()).toEqual(['mnist:vae', 'mnist:vqvae']);
  });

  it('drops a reset run’s late snapshots and adopts the new run', () => {
    const { store, flush, state } = setup();
    store.handleEvent(snapshotEvent([1, 2, 3]));
    store.reset();
    store.handleEvent(snapshotEvent([4]));
    flush();
    expect(activeRecord(state()).history.steps).toEqual([]);
    status(store, 'ready', 'vae', 'mnist', 5);
    store.handleEvent(snapshotEvent([1], 'vae', 'mnist', 5));
    flush();
    expect(activeRecord(state()).history.steps).toEqual([1]);
    expect(activeRecord(state()).runId).toBe(5);
  });

  it('ignores another dataset’s late error and keeps each dataset’s progress apart', () => {
    const { store, flush, state } = setup();
    store.selectDataset('fashion');
    store.handleEvent({ type: 'loadProgress', dataset: 'mnist', loadedBytes: 11, totalBytes: 11, phase: 'train', trainImages: 60000 });
    store.handleEvent({ type: 'loadProgress', dataset: 'fashion', loadedBytes: 3, totalBytes: 30, phase: 'test', trainImages: 0 });
    store.handleEvent({ type: 'error', source: 'data', dataset: 'mnist', message: 'late MNIST failure', retryable: true });
    flush();
    expect(state().error).toBeNull();
    expect(state().loads.fashion?.loadedBytes).toBe(3);
    expect(state().loads.mnist?.loadedBytes).toBe(11);
    store.handleEvent({ type: 'error', source: 'data', dataset: 'fashion', message: 'Fashion failed', retryable: true });
    flush();
    expect(state().error?.message).toBe('Fashion failed');
  });

  it('turns a rejected call into a visible failure without changing the worker’s phase', async () => {
    const { store, api, flush, state } = setup();
    status(store, 'training', 'vae', 'mnist', 1);
    flush();
    api.pause.mockImplementationOnce(() => Promise.reject(new Error('worker gone')));
    store.toggleTraining();
    await Promise.resolve();
    await Promise.resolve();
    flush();
    expect(state().failure).toEqual({ message: 'worker gone', restartable: false });
    expect(labControls(state()).training).toBe(true);
  });

  it('drops the points a divergence rollback undid, so the curves and cards show the restored state', () => {
    const { store, flush, state } = setup();
    store.handleEvent(snapshotEvent([1, 2, 3, 4, 5]));
    store.handleEvent({ type: 'diverged', run: { dataset: 'mnist', model: 'vae', runId: 1 }, badStep: 6, restoredStep: 2 });
    flush();
    expect(activeRecord(state()).history.steps, 'step 3’s loss was measured on the weights restored to step 2').toEqual([1, 2, 3]);
    expect(state().diverged?.restoredStep).toBe(2);
  });

  it('after a lost GPU, drops the curve points, evaluations and snapshot of the lost steps and keeps the run’s curves before them', () => {
    const { store, flush, state } = setup();
    store.handleEvent(snapshotEvent([1, 2, 3, 4, 5]));
    const run = { dataset: 'mnist', model: 'vae', runId: 1 } as const;
    const evaluation = (step: number) => ({ model: 'vae' as const, epoch: step, step, terms: { rec: 1 }, negElboNats: 1, discretisedNll: 1, bitsPerDim: 1 });
    store.handleEvent({ type: 'testEvaluation', run, evaluation: evaluation(2) });
    store.handleEvent({ type: 'testEvaluation', run, evaluation: evaluation(4) });
    store.handleEvent({ type: 'deviceLost', lostBackend: 'webgl', backend: 'wasm', runs: [{ run, lostStep: 5, restoredStep: 3 }], active: run, training: true });
    flush();
    const record = activeRecord(state());
    expect(record.history.steps).toEqual([1, 2, 3]);
    expect(record.evaluations.map((e) => e.step)).toEqual([2]);
    expect(record.snapshot).toBeNull();
    expect(state().deviceLost?.backend).toBe('wasm');
    store.handleEvent(snapshotEvent([4]));
    flush();
    expect(activeRecord(state()).history.steps, 'the run keeps its id, so its curve goes on').toEqual([1, 2, 3, 4]);
  });

  it('notices a worker that falls silent, offers a restart, and a restart starts a new worker', () => {
    vi.useFakeTimers();
    let clock = 0;
    const frames: (() => void)[] = [];
    const flush = () => frames.splice(0).forEach((frame) => frame());
    const store = new LabStore(defaultSettings(), [], (callback) => frames.push(callback));
    const workers: Array<{ terminate: ReturnType<typeof vi.fn> }> = [];
    const factory = () => {
      const handle = { api: { init: vi.fn(() => Promise.resolve()), setViews: vi.fn(() => Promise.resolve()) } as unknown as Remote<TrainerApi>, terminate: vi.fn() };
      workers.push(handle);
      return handle;
    };
    store.connect(factory, 'http://x/data/', () => clock);
    // Heartbeats every 2 s keep it quiet…
    for (let t = 0; t < 10; t++) {
      clock += 2000;
      store.handleEvent({ type: 'heartbeat' });
      vi.advanceTimersByTime(2000);
    }
    flush();
    expect(store.getState().failure, JSON.stringify(store.getState().failure)).toBeNull();
    // …then 16 s of silence.
    for (let t = 0; t < 8; t++) {
      clock += 2000;
      vi.advanceTimersByTime(2000);
    }
    flush();
    expect(store.getState().failure).toMatchObject({ restartable: true, message: expect.stringMatching(/stopped responding/) });
    store.restartWorker();
    flush();
    expect(workers).toHaveLength(2);
    expect(workers[0].terminate).toHaveBeenCalled();
    expect(store.getState().failure).toBeNull();
    store.disconnect();
    vi.useRealTimers();
  });

  it('says whether it has a worker, from connect until disconnect (what the page\'s mount checks before connecting)', () => {
    const store = new LabStore(defaultSettings(), [], () => undefined);
    const terminate = vi.fn();
    const factory = vi.fn(() => ({ api: { init: vi.fn(() => Promise.resolve()), setViews: vi.fn(() => Promise.resolve()) } as unknown as Remote<TrainerApi>, terminate }));
    expect(store.connected).toBe(false);
    store.connect(factory, 'http://x/data/');
    expect(store.connected).toBe(true);
    store.disconnect();
    expect(terminate).toHaveBeenCalledTimes(1);
    expect(store.connected).toBe(false);
  });
});

