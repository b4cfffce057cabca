/**
 * A lost GPU device: GPU work that never settles is abandoned, and the session rebuilds its runs from their CPU
 * copies on a new backend, tells the page which steps were lost, and trains on (tfjs cpu standing in for a GPU).
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { controlledWatch, DeviceLostError, raceDevice } from './deviceLoss';
import type { DeviceLostEvent, ExportedModel, Snapshot, WorkerEvent } from './protocol';
import { delay, smallConfig, testSession } from './testing';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

async function until(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(5);
  }
}

const snapshots = (events: WorkerEvent[]): Snapshot[] => events.flatMap((e) => (e.type === 'snapshot' ? [e.snapshot] : []));
const losses = (events: WorkerEvent[]): DeviceLostEvent[] => events.flatMap((e) => (e.type === 'deviceLost' ? [e] : []));

describe('raceDevice', () => {
  it('abandons a read that never settles once the device is lost, and refuses new work on a lost device', async () => {
    const watch = controlledWatch();
    const hung = raceDevice(watch, new Promise<number>(() => undefined));
    watch.lose('the test lost the context');
    await expect(hung).rejects.toThrow(new DeviceLostError('the test lost the context'));
    await expect(raceDevice(watch, Promise.resolve(1))).rejects.toBeInstanceOf(DeviceLostError);
  });

  it('passes results and other errors through while the device lives', async () => {
    const watch = controlledWatch();
    await expect(raceDevice(watch, Promise.resolve(7))).resolves.toBe(7);
    await expect(raceDevice(watch, Promise.reject(new Error('shape mismatch')))).rejects.toThrow('shape mismatch');
  });
});

describe('LabSession after a lost device', () => {
  it('rebuilds the paused run from its copy at pause: same id, the copy’s step and weights; the later steps are reported lost', async () => {
    const { session, loader, events, devices } = testSession(undefined, { losable: true });
    loader.immediate = true;
    const config = smallConfig('vae');
    await session.init(config);
    await session.start();
    await until(() => (snapshots(events).at(-1)?.step ?? 0) >= 3, 'a few steps');
    await session.pause();
    const copied = (await session.exportModel({ curves: null, evaluations: null })) as ExportedModel;
    await session.step();
    await session.step();
    devices[0].lose('the test lost the context');
    await until(() => losses(events).length > 0, 'the deviceLost event');
    await session.whenIdle();
    const [lost] = losses(events);
    expect(lost.active).toMatchObject({ model: 'vae', dataset: 'mnist' });
    expect(lost.runs).toEqual([{ run: lost.active, lostStep: copied.step + 2, restoredStep: copied.step }]);
    expect(lost.training).toBe(false);
    expect(snapshots(events).at(-1)).toMatchObject({ step: copied.step, runId: lost.active?.runId });
    const rebuilt = (await session.exportModel({ curves: null, evaluations: null })) as ExportedModel;
    expect(rebuilt.step).toBe(copied.step);
    // The same weights, Adam state, step and settings: the saved files are byte for byte the same.
    expect(Buffer.from(rebuilt.bytes).equals(Buffer.from(copied.bytes))).toBe(true);
    await session.step();
    expect(snapshots(events).at(-1)?.step).toBe(copied.step + 1);
    await session.dispose();
  });

  it('a loss while training: training goes on from the copy, the other model is rebuilt too, the new device is watched', async () => {
    const { session, loader, events, devices, lastStatus } = testSession(undefined, { losable: true });
    loader.immediate = true;
    await session.init(smallConfig('ae'));
    await session.step();
    await session.step();
    await session.activate(smallConfig('vae'));
    await session.start();
    await until(() => (snapshots(events).at(-1)?.step ?? 0) >= 3, 'a few VAE steps');
    devices[0].lose('the test lost the context');
    await until(() => losses(events).length === 1, 'the deviceLost event');
    const [lost] = losses(events);
    expect(lost.training).toBe(true);
    const ae = lost.runs.find(({ run }) => run.model === 'ae');
    expect(ae).toMatchObject({ lostStep: 2, restoredStep: 2 });
    const vae = lost.runs.find(({ run }) => run.model === 'vae');
    expect(vae?.restoredStep).toBeLessThanOrEqual(vae?.lostStep ?? -1);
    await until(() => (snapshots(events).at(-1)?.step ?? 0) > (vae?.restoredStep ?? 0) + 2, 'training after the rebuild');
    expect(lastStatus()?.phase).toBe('training');
    devices[1].lose('lost again');
    await until(() => losses(events).length === 2, 'a second loss handled on the new device');
    await session.pause();
    expect(events.some((e) => e.type === 'error')).toBe(false);
    await session.dispose();
  });
});
