import type { Remote } from 'comlink';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { StatusEvent, TrainerApi, WorkerPhase } from '../worker/protocol';
import { AUTOSAVE_INTERVAL_MS, timeAgo, type AutosaveInfo, type AutosaveSlot } from './autosave';
import { LabStore } from './labStore';
import type { ModelLibrary } from './modelLibrary';
import { defaultSettings } from './settings';

afterEach(() => {
  vi.useRealTimers();
});

function setup() {
  vi.useFakeTimers();
  let now = 0;
  const writes: AutosaveInfo[] = [];
  const slot: AutosaveSlot = { read: async () => null, write: async (info) => void writes.push(info) };
  const library: ModelLibrary = { list: async () => [], save: vi.fn(), read: async () => null, remove: async () => undefined };
  const store = new LabStore(defaultSettings(), [], (callback) => callback(), library, slot);
  let step = 0;
  const resolved = () => vi.fn(() => Promise.resolve());
  const api = {
    init: resolved(), start: resolved(), pause: resolved(), activate: resolved(), setViews: resolved(), setVisible: resolved(), setProbes: resolved(),
    exportModel: vi.fn(async () => ({ ok: true, bytes: new Uint8Array(8), dataset: 'mnist', model: 'vae', step })),
  };
  store.connect(() => ({ api: api as unknown as Remote<TrainerApi>, terminate: vi.fn() }), 'http://x/data/', () => now);
  const status = (phase: WorkerPhase) => {
    const event: StatusEvent = { type: 'status', phase, waitingFor: null, target: { dataset: 'mnist', model: 'vae' }, run: { dataset: 'mnist', model: 'vae', runId: 1 }, step, resuming: false };
    store.handleEvent(event);
  };
  /** `seconds` pass in the given phase, the step growing 10 per second while training. */
  const spend = async (seconds: number, phase: WorkerPhase) => {
    status(phase);
    for (let s = 0; s < seconds; s++) {
      now += 1000;
      if (phase === 'training') step += 10;
      status(phase);
      await vi.advanceTimersByTimeAsync(1000);
    }
  };
  return { store, api, writes, spend };
}

describe('autosave', () => {
  it('saves after every 30 s of training time (paused time does not count), with the step it saved', async () => {
    const { writes, spend } = setup();
    expect(AUTOSAVE_INTERVAL_MS).toBe(30_000);
    await spend(60, 'ready');
    expect(writes).toEqual([]);
    await spend(20, 'training');
    await spend(40, 'ready');
    expect(writes).toEqual([]);
    // 20 s + 10 s of training: the check every 5 s saves within 5 s after the 30th second.
    await spend(15, 'training');
    expect(writes).toHaveLength(1);
    expect(writes[0].step).toBeGreaterThanOrEqual(300);
    expect(writes[0].step).toBeLessThanOrEqual(350);
    await spend(30, 'training');
    expect(writes).toHaveLength(2);
  });

  it('saves when the page is hidden once something was trained, and never a step-0 model', async () => {
    const { store, writes, spend } = setup();
    store.setVisible(false);
    await vi.advanceTimersByTimeAsync(0);
    expect(writes).toEqual([]);
    await spend(3, 'training');
    await spend(1, 'ready');
    store.setVisible(false);
    await vi.advanceTimersByTimeAsync(0);
    expect(writes.map((w) => w.step)).toEqual([30]);
  });
});

describe('timeAgo', () => {
  it('names the age in the unit a person would use', () => {
    const minute = 60_000;
    expect(timeAgo(0, 59_000)).toBe('just now');
    expect(timeAgo(0, 3 * minute + 5_000)).toBe('3 min ago');
    expect(timeAgo(0, 59 * minute)).toBe('59 min ago');
    expect(timeAgo(0, 60 * minute)).toBe('1 h ago');
    expect(timeAgo(0, 47 * 60 * minute)).toBe('47 h ago');
    expect(timeAgo(0, 72 * 60 * minute)).toBe('3 days ago');
  });
});
