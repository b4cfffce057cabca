/**
 * The worker session's command queue in use: the races a lecture hits (switching while loading,
 * pausing a step that waits for data, resetting while training) and a seeded fuzz of command sequences.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot, SnapshotEvent, WorkerEvent } from './protocol';
import { ControlledLoader, delay, smallConfig, testSession } from './testing';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function snapshots(events: WorkerEvent[]): Snapshot[] {
  return events.filter((e): e is SnapshotEvent => e.type === 'snapshot').map((e) => e.snapshot);
}

/** Polls `condition` every few ms until it holds (or fails the test after `timeoutMs`). */
async function until(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(5);
  }
}

/** A session whose small VAE has trained a couple of steps and is still training (data arrives at once). */
async function trainingVae() {
  const lab = testSession();
  lab.loader.immediate = true;
  const config = smallConfig('vae');
  await lab.session.init(config);
  await lab.session.start();
  await until(() => (snapshots(lab.events).at(-1)?.step ?? 0) > 1, 'training steps');
  return { ...lab, config };
}

describe('LabSession', () => {
  it('a model switch during the initial load ends ready on the model picked last (the lecture-start hang)', async () => {
    const { session, loader, lastStatus } = testSession();
    const init = session.init(smallConfig('vae'));
    const switched = session.activate(smallConfig('ae'));
    await until(() => loader.loads.length > 0, 'the MNIST load to start');
    loader.latest('mnist').releaseAll();
    await Promise.all([init, switched]);
    expect(lastStatus()).toMatchObject({ phase: 'ready', target: { model: 'ae', dataset: 'mnist' }, run: { model: 'ae', dataset: 'mnist' } });
    await session.dispose();
  });

  it('the newest of two activations wins, whichever data arrives first', async () => {
    const { session, loader, lastStatus, events } = testSession();
    loader.immediate = true;
    await session.init(smallConfig('vae'));
    loader.immediate = false;
    const toFashion = session.activate(smallConfig('vae', 'fashion'));
    await until(() => lastStatus()?.waitingFor === 'the fashion test set', 'the Fashion activation to wait for its test set');
    const backToMnist = session.activate(smallConfig('dae'));
    await Promise.all([toFashion, backToMnist]);
    expect(lastStatus()).toMatchObject({ phase: 'ready', target: { model: 'dae', dataset: 'mnist' }, run: { model: 'dae' } });
    loader.latest('fashion').releaseAll();
    await delay(20);
    await session.whenIdle();
    expect(lastStatus()).toMatchObject({ phase: 'ready', run: { model: 'dae', dataset: 'mnist' } });
    expect(snapshots(events).at(-1)).toMatchObject({ model: 'dae', dataset: 'mnist' });
    await session.dispose();
  });

  it('Step while paused trains exactly one step, also after training was paused', async () => {
    const { session, loader, events, lastStatus } = testSession();
    loader.immediate = true;
    await session.init(smallConfig('vae'));
    await session.step();
    expect(snapshots(events).at(-1)?.step).toBe(1);
    await session.start();
    await until(() => (snapshots(events).at(-1)?.step ?? 0) > 3, 'a few training steps');
    await session.pause();
    const paused = snapshots(events).at(-1)?.step ?? -1;
    expect(lastStatus()?.phase).toBe('ready');
    await session.step();
    expect(snapshots(events).at(-1)?.step).toBe(paused + 1);
    await delay(50);
    expect(snapshots(events).at(-1)?.step).toBe(paused + 1);
    await session.dispose();
  });

  it('the speed is measured over continuous training only: none after manual steps or at a pause, a positive rate while training', async () => {
    const { session, loader, events } = testSession();
    loader.immediate = true;
    await session.init(smallConfig('vae'));
    await session.step();
    await delay(30);
    await session.step();
    expect(snapshots(events).at(-1)).toMatchObject({ step: 2, samplesPerSecond: null });
    await session.start();
    await until(() => (snapshots(events).at(-1)?.samplesPerSecond ?? 0) > 0, 'a measured speed');
    await session.pause();
    expect(snapshots(events).at(-1)?.samplesPerSecond).toBeNull();
    await session.step();
    expect(snapshots(events).at(-1)?.samplesPerSecond).toBeNull();
    // Train again after a wait: the first snapshot (one chunk) has no rate yet; one counting the wait would be diluted.
    await delay(300);
    const before = snapshots(events).length;
    await session.start();
    await until(() => snapshots(events).length > before, 'a snapshot after Train');
    expect(snapshots(events)[before].samplesPerSecond).toBeNull();
    await session.pause();
    await session.dispose();
  });

  it('Train shows its first chunk at once, though the ready snapshot was posted just before', async () => {
    const { session, loader, events } = testSession();
    loader.immediate = true;
    await session.init(smallConfig('vae'));
    const before = snapshots(events).length;
    await session.start();
    await until(() => snapshots(events).length > before, 'a snapshot after Train');
    // The first chunk is 2 steps; waiting out the 500 ms snapshot interval would show dozens of steps at once here.
    expect(snapshots(events)[before].step).toBeGreaterThan(0);
    expect(snapshots(events)[before].step).toBeLessThanOrEqual(2);
    await session.dispose();
  });

  it('holds the training shards after the first back until the first run is ready', async () => {
    const { session, loader } = testSession();
    const init = session.init(smallConfig('vae'));
    await until(() => loader.loads.length > 0, 'the MNIST load to start');
    const load = loader.latest('mnist');
    load.releaseShard();
    await delay(20);
    expect(load.moreShardsAllowed, 'the run is not ready while its test set is on the way').toBe(false);
    load.releaseTest();
    await init;
    await delay(0);
    expect(load.moreShardsAllowed).toBe(true);
    await session.dispose();
  });

  it('a model switch during start-up: the later shards load once the run picked last is ready', async () => {
    const { session, loader, events } = testSession(new ControlledLoader(48, [16, 64]));
    const init = session.init(smallConfig('vae'));
    const switched = session.activate(smallConfig('ae'));
    await until(() => loader.loads.length > 0, 'the MNIST load to start');
    const load = loader.latest('mnist');
    load.releaseAll();
    await Promise.all([init, switched]);
    await delay(0);
    expect(load.moreShardsAllowed).toBe(true);
    await until(() => events.some((e) => e.type === 'loadProgress' && e.trainImages === 16 + 64), 'the second shard in the training pool');
    await session.dispose();
  });

  it('a failed first activation (the test set did not arrive) ends start-up too: the later shards may load', async () => {
    const { session, loader, lastStatus } = testSession();
    const init = session.init(smallConfig('vae'));
    await until(() => lastStatus()?.waitingFor === 'the mnist test set', 'the activation to wait for its test set');
    const load = loader.latest('mnist');
    expect(load.moreShardsAllowed).toBe(false);
    load.failTest(new Error('test-images.idx.gz could not be downloaded'));
    await init;
    await delay(0);
    expect(load.moreShardsAllowed).toBe(true);
    await session.dispose();
  });

  it('Pause during a Step that waits for the first training images cancels the step', async () => {
    const { session, loader, events, lastStatus } = testSession();
    const init = session.init(smallConfig('vae'));
    await until(() => loader.loads.length > 0, 'the load to start');
    loader.latest('mnist').releaseTest();
    await init;
    const step = session.step();
    await until(() => lastStatus()?.phase === 'stepping', 'the stepping phase');
    expect(lastStatus()?.waitingFor).toBe('the first mnist training images');
    await session.pause();
    await step;
    expect(lastStatus()).toMatchObject({ phase: 'ready', waitingFor: null });
    loader.latest('mnist').releaseAll();
    await delay(50);
    expect(Math.max(0, ...snapshots(events).map((s) => s.step))).toBe(0);
    await session.dispose();
  });

  it('Reset during training starts a new run: paused, or still training when asked to resume', async () => {
    const { session, loader, events, lastStatus } = testSession();
    loader.immediate = true;
    const config = smallConfig('vae');
    await session.init(config);
    const firstRun = lastStatus()?.run?.runId;
    await session.start();
    await until(() => (snapshots(events).at(-1)?.step ?? 0) > 2, 'training steps');
    await session.reset(config, false);
    const secondRun = lastStatus()?.run?.runId ?? -1;
    expect(secondRun).toBeGreaterThan(firstRun ?? Infinity);
    expect(lastStatus()).toMatchObject({ phase: 'ready', step: 0 });
    await session.start();
    await until(() => snapshots(events).some((s) => s.runId === secondRun && s.step > 2), 'the new run training');
    await session.reset(config, true);
    const thirdRun = lastStatus()?.run?.runId ?? -1;
    expect(thirdRun).toBeGreaterThan(secondRun);
    expect(lastStatus()?.phase).toBe('training');
    await until(() => snapshots(events).some((s) => s.runId === thirdRun && s.step > 0), 'the third run training');
    await session.pause();
    await session.dispose();
  });

  it('Pause sent right after a reset that resumes training wins: the new run ends paused', async () => {
    const { session, events, lastStatus, config } = await trainingVae();
    const reset = session.reset(config, true);
    const pause = session.pause();
    await Promise.all([reset, pause]);
    const run = lastStatus()?.run?.runId;
    expect(lastStatus()).toMatchObject({ phase: 'ready', step: 0 });
    await delay(50);
    expect(snapshots(events).filter((s) => s.runId === run).every((s) => s.step === 0)).toBe(true);
    await session.dispose();
  });

  it('a reset that resumes reports resuming while it loads; a Pause then clears it at once and the run comes up paused', async () => {
    const { session, events, lastStatus, config } = await trainingVae();
    const reset = session.reset(config, true);
    expect(lastStatus()).toMatchObject({ phase: 'loading', resuming: true });
    const pause = session.pause();
    expect(lastStatus()).toMatchObject({ phase: 'loading', resuming: false });
    await Promise.all([reset, pause]);
    expect(lastStatus()).toMatchObject({ phase: 'ready', step: 0, resuming: false });
    const statuses = events.filter((e) => e.type === 'status');
    const run = lastStatus()?.run?.runId;
    expect(statuses.filter((e) => e.run?.runId === run).every((e) => e.phase !== 'training')).toBe(true);
    await session.reset(config, true);
    expect(lastStatus()).toMatchObject({ phase: 'training', resuming: false });
    await session.pause();
    await session.dispose();
  });

  it('a second resuming reset that overtakes the first after its data arrived still trains on (the first does not take its resume)', async () => {
    const { session, loader, events, lastStatus } = testSession();
    loader.immediate = true;
    const config = smallConfig('vae');
    await session.init(config);
    const firstRun = lastStatus()?.run?.runId ?? -1;
    await session.start();
    await until(() => (snapshots(events).at(-1)?.step ?? 0) > 1, 'training steps');
    // The second reset goes in the moment the first reset's new run posts its step-0 snapshot: the first activation
    // is then past its data load, in its views, and finishes after the second has taken the resume.
    let second: Promise<void> | null = null;
    const push = events.push.bind(events);
    events.push = (...added: WorkerEvent[]) => {
      const length = push(...added);
      if (!second && added.some((e) => e.type === 'snapshot' && e.snapshot.runId > firstRun && e.snapshot.step === 0)) second = session.reset(config, true);
      return length;
    };
    const first = session.reset(config, true);
    await until(() => second !== null, 'the first reset’s step-0 snapshot');
    await Promise.all([first, second]);
    expect(lastStatus()).toMatchObject({ phase: 'training', resuming: false });
    const run = lastStatus()?.run?.runId ?? -1;
    await until(() => snapshots(events).some((s) => s.runId === run && s.step > 0), 'the second reset’s run training');
    await session.pause();
    await session.dispose();
  });

  it('keeps a hyper-parameter change made while the run’s dataset was loading', async () => {
    const { session, loader, events } = testSession();
    loader.immediate = true;
    await session.init(smallConfig('vae'));
    loader.immediate = false;
    const switched = session.activate(smallConfig('vae', 'fashion'));
    const changed = session.setHyper({ dataset: 'fashion', model: 'vae' }, smallConfig('vae', 'fashion', { beta: 4 }).hyper);
    const stale = session.setHyper({ dataset: 'mnist', model: 'vae' }, smallConfig('vae', 'mnist', { beta: 9 }).hyper);
    await until(() => loader.loads.some((l) => l.dataset === 'fashion'), 'the Fashion load');
    loader.latest('fashion').releaseAll();
    await Promise.all([switched, changed, stale]);
    await session.step();
    const last = snapshots(events).at(-1);
    expect(last).toMatchObject({ dataset: 'fashion', model: 'vae', step: 1 });
    expect(last?.terms.names).toEqual(['rec', 'kl']);
    expect(Array.from(last?.terms.weights[1] ?? [])).toEqual([4]);
    await session.dispose();
  });

  it('a failed test set gives a data error for its dataset, phase failed, and Retry recovers', async () => {
    const { session, loader, events, lastStatus } = testSession();
    const init = session.init(smallConfig('vae'));
    await until(() => lastStatus()?.waitingFor === 'the mnist test set', 'the activation to wait for its test set');
    loader.latest('mnist').failTest(new Error('test-images.idx.gz is corrupt'));
    await init;
    expect(lastStatus()).toMatchObject({ phase: 'failed', run: null });
    expect(events.find((e) => e.type === 'error')).toMatchObject({ source: 'data', dataset: 'mnist', retryable: true, message: 'test-images.idx.gz is corrupt' });
    await session.start();
    expect(lastStatus()?.phase).toBe('failed');
    loader.immediate = true;
    await session.retry();
    expect(lastStatus()).toMatchObject({ phase: 'ready', run: { model: 'vae', dataset: 'mnist' } });
    await session.dispose();
  });

  it('computes an open view for the active run and says why another model has none; answers a query', async () => {
    const { session, loader, events } = testSession();
    loader.immediate = true;
    await session.init(smallConfig('vae'));
    await session.setViews({ latentGrid: { size: 8, axes: { kind: 'pca' }, anchor: 0 } });
    const grid = events.filter((e) => e.type === 'view').at(-1);
    expect(grid).toMatchObject({ kind: 'latentGrid', status: 'ready', run: { model: 'vae' } });
    if (grid?.type === 'view' && grid.kind === 'latentGrid' && grid.status === 'ready') expect(grid.payload.images.length).toBe(8 * 8 * 784);
    const answer = await session.query('decodeLatent', { z: [0.5, -1] });
    expect(answer?.answer.status).toBe('ready');
    await session.activate(smallConfig('vqvae'));
    const last = events.filter((e) => e.type === 'view').at(-1);
    expect(last).toMatchObject({ kind: 'latentGrid', status: 'notApplicable', run: { model: 'vqvae' } });
    expect((await session.query('decodeLatent', { z: [0, 0] }))?.answer.status).toBe('notApplicable');
    await session.dispose();
  });
});
