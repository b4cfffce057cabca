import { describe, expect, it, vi } from 'vitest';
import type { Remote } from 'comlink';
import type { Snapshot, StepTerms, TrainerApi, WorkerEvent } from '../worker/protocol';
import { LabStore } from './labStore';
import { defaultSettings } from './settings';

/** A store whose frames run when `flush` is called, wired to a fake worker that records calls. */
function setup() {
  const frames: (() => void)[] = [];
  const flush = () => frames.splice(0).forEach((frame) => frame());
  const store = new LabStore(defaultSettings(), [], (callback) => frames.push(callback));
  const resolved = () => vi.fn(() => Promise.resolve());
  const api = {
    init: resolved(), start: resolved(), pause: resolved(), step: resolved(), reset: resolved(),
    setHyper: resolved(), setProbes: resolved(), retryData: resolved(),
    decodeInterpolation: vi.fn(), reconstructProbe: vi.fn(),
  };
  store.connect({ api: api as unknown as Remote<TrainerApi>, terminate: vi.fn() }, 'http://x/data/');
  flush();
  return { store, api, flush };
}

function terms(steps: number[]): StepTerms {
  return {
    steps: Float64Array.from(steps),
    recNats: Float32Array.from(steps.map(() => 200)),
    klNats: Float32Array.from(steps.map(() => 5)),
    beta: Float32Array.from(steps.map(() => 1)),
  };
}

function snapshotEvent(steps: number[]): WorkerEvent {
  return { type: 'snapshot', snapshot: { step: steps[steps.length - 1], terms: terms(steps) } as Snapshot };
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
    store.handleEvent({ type: 'dataReady', probeImages: new Uint8Array(4 * 784), probeLabels, reconstructionIndices: [0], classNames: [] });
    flush();
    expect(api.setProbes).toHaveBeenCalledWith({ elboIndex: 0, interpolationA: 2, interpolationB: 1 });
    store.setProbes({ elboIndex: 3 });
    expect(api.setProbes).toHaveBeenLastCalledWith({ elboIndex: 3, interpolationA: 2, interpolationB: 1 });
  });

  it('applies β live without a reset', () => {
    const { store, api, flush } = setup();
    store.setHyper({ beta: 4 });
    flush();
    expect(api.setHyper).toHaveBeenCalledWith({ beta: 4, learningRate: 0.001, batchSize: 128 });
    expect(api.reset).not.toHaveBeenCalled();
    expect(store.getState().settings.beta).toBe(4);
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
    expect(api.reset).toHaveBeenCalledWith(expect.objectContaining({ architecture: { latentDim: 8, hiddenUnits: 512 } }));
    expect(store.getState().history.steps).toEqual([]);
    expect(store.getState().pendingArchitecture).toBeNull();
  });

  it('changes the architecture at once before any training', () => {
    const { store, api } = setup();
    store.requestArchitecture({ hiddenUnits: 128 });
    expect(api.reset).toHaveBeenCalledTimes(1);
  });

  it('pauses on divergence and turns a rejected call into a visible error', async () => {
    const { store, api, flush } = setup();
    store.toggleTraining();
    expect(api.start).toHaveBeenCalled();
    store.handleEvent({ type: 'diverged', badStep: 9, restoredStep: 8, message: 'NaN' });
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
