import { describe, expect, it, vi } from 'vitest';
import type { Remote } from 'comlink';
import type { DatasetName, ModelKind, Snapshot, StepTerms, TermName, TrainerApi, WorkerEvent } from '../worker/protocol';
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
    setHyper: resolved(), setProbes: resolved(), retryData: resolved(),
    decodeInterpolation: vi.fn(), reconstructProbe: vi.fn(),
  };
  store.connect({ api: api as unknown as Remote<TrainerApi>, terminate: vi.fn() }, 'http://x/data/');
  runState(store, 'vae', 'mnist', 0);
  flush();
  return { store, api, flush };
}

function runState(store: LabStore, model: ModelKind, dataset: DatasetName, step: number): void {
  store.handleEvent({ type: 'runState', running: false, step, model, dataset });
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

function snapshotEvent(steps: number[], model: ModelKind = 'vae', dataset: DatasetName = 'mnist'): WorkerEvent {
  return { type: 'snapshot', snapshot: { model, dataset, step: steps[steps.length - 1], terms: terms(model, steps) } as Snapshot };
}

describe('LabStore', () => {
  it('publishes once per frame and keeps every step of the loss history', () => {
    const { store, flush } = setup();
    const listener = vi.fn();
    store.subscribe(listener);
    store.handleEvent(snapshotEvent([1, 2]));
    store.handleEvent(snapshotEvent([3, 4, 5]));
    expect(store.getState().snapshot).toBeNull();
    flush();
    expect(listener).toHaveBeenCalledTimes(1);
    expect(store.getState().snapshot?.step).toBe(5);
    expect(store.getState().history.steps).toEqual([1, 2, 3, 4, 5]);
  });

  it('sends default probes (first 3 → first 8) when data arrives', () => {
    const { store, api, flush } = setup();
    const probeLabels = Uint8Array.from([0, 8, 3, 3]);
    store.handleEvent({ type: 'dataReady', dataset: 'mnist', title: 'MNIST', probeImages: new Uint8Array(4 * 784), probeLabels, reconstructionIndices: [0], classNames: [] });
    flush();
    expect(api.setProbes).toHaveBeenCalledWith({ elboIndex: 0, interpolationA: 2, interpolationB: 1 });
    store.setProbes({ elboIndex: 3 });
    expect(api.setProbes).toHaveBeenLastCalledWith({ elboIndex: 3, interpolationA: 2, interpolationB: 1 });
  });

  it('applies β live to the active model only, without a reset', () => {
    const { store, api, flush } = setup();
    store.setHyper({ beta: 4 });
    flush();
    expect(api.setHyper).toHaveBeenCalledWith(expect.objectContaining({ beta: 4, learningRate: 0.001, batchSize: 128, betaSchedule: { kind: 'constant' } }));
    expect(api.reset).not.toHaveBeenCalled();
    expect(store.getState().settings.models.vae.beta).toBe(4);
    expect(store.getState().settings.models.ae.beta).toBe(1);
  });

  it('asks before an architecture change throws away trained weights', () => {
    const { store, api, flush } = setup();
    store.handleEvent(snapshotEvent([1, 2, 3]));
    store.requestArchitecture({ latentDim: 8 });
    flush();
    expect(api.reset).not.toHaveBeenCalled();
    expect(store.getState().pendingArchitecture).toEqual({ latentDim: 8 });
    store.confirmArchitecture();
    flush();
    expect(api.reset).toHaveBeenCalledWith(expect.objectContaining({ model: 'vae', architecture: expect.objectContaining({ latentDim: 8, hiddenUnits: 512 }) }));
    expect(store.getState().history.steps).toEqual([]);
    expect(store.getState().pendingArchitecture).toBeNull();
  });

  it('changes the architecture at once before any training', () => {
    const { store, api } = setup();
    store.requestArchitecture({ hiddenUnits: 128 });
    expect(api.reset).toHaveBeenCalledTimes(1);
  });

  it('keeps each model’s curves and step across a switch, and pauses', () => {
    const { store, api, flush } = setup();
    store.toggleTraining();
    store.handleEvent(snapshotEvent([1, 2, 3]));
    store.selectModel('vqvae');
    flush();
    expect(api.activate).toHaveBeenLastCalledWith(expect.objectContaining({ model: 'vqvae', dataset: 'mnist', hyper: expect.objectContaining({ batchSize: 64 }) }));
    expect(store.getState()).toMatchObject({ running: false, activating: true, step: 0 });
    expect(store.getState().history.steps).toEqual([]);
    // A late snapshot of the VAE lands in its own (parked) record, not the VQ-VAE's.
    store.handleEvent(snapshotEvent([4]));
    runState(store, 'vqvae', 'mnist', 0);
    store.handleEvent(snapshotEvent([1], 'vqvae'));
    flush();
    expect(store.getState().activating).toBe(false);
    expect(store.getState().history.names).toEqual(['rec', 'codebook', 'commitment']);
    store.selectModel('vae');
    flush();
    expect(store.getState().step).toBe(4);
    expect(store.getState().history.steps).toEqual([1, 2, 3, 4]);
    expect(store.getState().settings.models.vqvae.network).toBe('conv');
  });

  it('forgets the data on a dataset switch until the new set is ready', () => {
    const { store, api, flush } = setup();
    store.handleEvent({ type: 'dataReady', dataset: 'mnist', title: 'MNIST', probeImages: new Uint8Array(784), probeLabels: Uint8Array.from([0]), reconstructionIndices: [0], classNames: [] });
    store.selectDataset('fashion');
    flush();
    expect(store.getState().data).toBeNull();
    expect(api.activate).toHaveBeenLastCalledWith(expect.objectContaining({ model: 'vae', dataset: 'fashion' }));
  });

  it('shows the pause after divergence once the worker confirms it, and turns a rejected call into a visible error', async () => {
    const { store, api, flush } = setup();
    store.toggleTraining();
    expect(api.start).toHaveBeenCalled();
    store.handleEvent({ type: 'diverged', badStep: 9, restoredStep: 8, message: 'NaN' });
    flush();
    expect(store.getState().running).toBe(true);
    runState(store, 'vae', 'mnist', 8);
    flush();
    expect(store.getState()).toMatchObject({ running: false, step: 8 });
    api.step.mockImplementationOnce(() => Promise.reject(new Error('worker gone')));
    store.step();
    await Promise.resolve();
    await Promise.resolve();
    flush();
    expect(store.getState().running).toBe(false);
    expect(store.getState().diverged?.badStep).toBe(9);
    expect(store.getState().error?.message).toBe('worker gone');
  });
});
