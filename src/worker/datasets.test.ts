import { describe, expect, it } from 'vitest';
import type { LoadProgress } from '../ml/data';
import { DatasetStore, type LoadHooks } from './datasets';
import type { LoadProgressEvent, WorkerEvent } from './protocol';
import { ControlledLoader } from './testing';

describe('DatasetStore progress', () => {
  it('sends at most one report per 100 ms while bytes arrive, but always a change of phase and the last bytes', async () => {
    const events: WorkerEvent[] = [];
    let hooks!: LoadHooks;
    const controlled = new ControlledLoader();
    const store = new DatasetStore((dataset, given) => {
      hooks = given;
      return controlled.loader(dataset, given);
    }, (event) => events.push(event));
    void store.load('mnist').catch(() => undefined);
    const totalBytes = 1000;
    const report = (loadedBytes: number, phase: LoadProgress['phase']) => hooks.onProgress({ loadedBytes, totalBytes, phase });
    for (let bytes = 10; bytes <= 500; bytes += 10) report(bytes, 'test');
    report(510, 'train');
    for (let bytes = 520; bytes < totalBytes; bytes += 10) report(bytes, 'train');
    report(totalBytes, 'train');
    const sent = events.filter((e): e is LoadProgressEvent => e.type === 'loadProgress').map((e) => [e.loadedBytes, e.phase]);
    // 100 reports within a few milliseconds: the first, the change to 'train' and the last bytes.
    expect(sent).toEqual([[10, 'test'], [510, 'train'], [totalBytes, 'train']]);
  });
});
