import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LoadProgress } from '../ml/data';
import { DatasetStore, type LoadHooks } from './datasets';
import type { LoadProgressEvent, WorkerEvent } from './protocol';
import { ControlledLoader } from './testing';

/** A store loading MNIST through a controlled loader: its loader hooks, and the progress it sent as [bytes, phase]. */
function progressStore() {
  const events: WorkerEvent[] = [];
  let hooks!: LoadHooks;
  const controlled = new ControlledLoader();
  const store = new DatasetStore((dataset, given) => {
    hooks = given;
    return controlled.loader(dataset, given);
  }, (event) => events.push(event));
  void store.load('mnist').catch(() => undefined);
  const totalBytes = 1000;
  return {
    totalBytes,
    report: (loadedBytes: number, phase: LoadProgress['phase']) => hooks.onProgress({ loadedBytes, totalBytes, phase }),
    sent: () => events.filter((e): e is LoadProgressEvent => e.type === 'loadProgress').map((e) => [e.loadedBytes, e.phase]),
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('DatasetStore progress', () => {
  it('sends at most one report per 100 ms while bytes arrive, but always a change of phase and the last bytes', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const { totalBytes, report, sent } = progressStore();
    for (let bytes = 10; bytes <= 500; bytes += 10) report(bytes, 'test');
    report(510, 'train');
    for (let bytes = 520; bytes < totalBytes; bytes += 10) report(bytes, 'train');
    report(totalBytes, 'train');
    // 100 reports at one instant: the first, the change to 'train' and the last bytes.
    expect(sent()).toEqual([[10, 'test'], [510, 'train'], [totalBytes, 'train']]);
    vi.advanceTimersByTime(1000);
    expect(sent(), 'nothing was held back').toHaveLength(3);
  });

  it('sends a held-back report when its interval ends, so a download that stalls shows the bytes it has', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const { report, sent } = progressStore();
    report(10, 'test');
    vi.advanceTimersByTime(40);
    report(20, 'test');
    report(30, 'test');
    expect(sent()).toEqual([[10, 'test']]);
    vi.advanceTimersByTime(59);
    expect(sent()).toEqual([[10, 'test']]);
    vi.advanceTimersByTime(1);
    expect(sent()).toEqual([[10, 'test'], [30, 'test']]);
    vi.advanceTimersByTime(1000);
    expect(sent()).toHaveLength(2);
  });
});
