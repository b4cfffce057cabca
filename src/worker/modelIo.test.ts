/**
 * Saving and opening models through the session (cpu backend, tiny networks): a model exported from one session
 * and adopted in another decodes exactly as the original; refusals and mismatches leave the current run alone.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { OpenModelResult, SnapshotEvent, WorkerEvent } from './protocol';
import { smallConfig, testSession } from './testing';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const lastStep = (events: WorkerEvent[]) => events.filter((e): e is SnapshotEvent => e.type === 'snapshot').at(-1)?.snapshot.step;

function opened(result: OpenModelResult) {
  if (!result.ok) throw new Error(result.reason);
  return result;
}

describe('saving and opening a model in the session', () => {
  it('a VAE exported after 3 steps opens in another session with its step, settings, curves and exact weights', async () => {
    const source = testSession();
    source.loader.immediate = true;
    const config = smallConfig('vae', 'mnist', { beta: 2.5 });
    await source.session.init(config);
    for (let i = 0; i < 3; i++) await source.session.step();
    const curves = { version: 1, note: 'passed through' };
    const exported = await source.session.exportModel({ curves, evaluations: [] });
    if (!exported?.ok) throw new Error('export failed');
    expect(exported).toMatchObject({ dataset: 'mnist', model: 'vae', step: 3 });

    const target = testSession();
    target.loader.immediate = true;
    await target.session.init(smallConfig('ae'));
    const file = opened(await target.session.openModel([new File([exported.bytes], 'saved.vaelab')]));
    expect(file).toMatchObject({ model: 'vae', dataset: 'mnist', step: 3, hasOptimizer: true, storage: 'float32', curves, evaluations: [] });
    expect(file.hyper.beta).toBe(2.5);
    expect(file.architecture).toMatchObject(config.architecture);
    expect(await target.session.adoptModel(file.token, config)).toBe(true);
    expect(lastStep(target.events)).toBe(3);
    // The decoder of μ is deterministic: the same weights give the same reconstruction, bit for bit.
    const original = await source.session.reconstructProbe(0);
    expect(original).not.toBeNull();
    expect(await target.session.reconstructProbe(0)).toEqual(original);
    await source.session.dispose();
    await target.session.dispose();
  }, 60_000);

  it('a damaged file is refused with a reason, and the current run keeps its step and weights', async () => {
    const { session, loader, events } = testSession();
    loader.immediate = true;
    await session.init(smallConfig('vae'));
    await session.step();
    const before = await session.reconstructProbe(0);
    const exported = await session.exportModel({ curves: null, evaluations: null });
    if (!exported?.ok) throw new Error('export failed');
    const cut = exported.bytes.slice(0, exported.bytes.length - 100);
    const result = await session.openModel([new File([cut], 'cut.vaelab')]);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason.length).toBeGreaterThan(20);
    const garbage = await session.openModel([new File([new Uint8Array([1, 2, 3])], 'notes.txt')]);
    expect(garbage.ok).toBe(false);
    expect(lastStep(events)).toBe(1);
    expect(await session.reconstructProbe(0)).toEqual(before);
    await session.dispose();
  }, 60_000);

  it('a model adopted while training keeps training (Train pressed while the file was read)', async () => {
    const { session, loader, events, lastStatus } = testSession();
    loader.immediate = true;
    const config = smallConfig('vae');
    await session.init(config);
    const exported = await session.exportModel({ curves: null, evaluations: null });
    if (!exported?.ok) throw new Error('export failed');
    const file = opened(await session.openModel([new File([exported.bytes], 'a.vaelab')]));
    await session.start();
    expect(await session.adoptModel(file.token, config)).toBe(true);
    expect(lastStatus()?.phase).toBe('training');
    const deadline = Date.now() + 20_000;
    while ((lastStep(events) ?? 0) < 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(lastStep(events)).toBeGreaterThanOrEqual(3);
    await session.pause();
    await session.dispose();
  }, 60_000);

  it('adoptModel refuses a config of another architecture, and a token that is no longer held', async () => {
    const { session, loader } = testSession();
    loader.immediate = true;
    const config = smallConfig('vae');
    await session.init(config);
    const exported = await session.exportModel({ curves: null, evaluations: null });
    if (!exported?.ok) throw new Error('export failed');
    const first = opened(await session.openModel([new File([exported.bytes], 'a.vaelab')]));
    const wider = { ...config, architecture: { ...config.architecture, hiddenUnits: 32 } };
    expect(await session.adoptModel(first.token, wider)).toBe(false);
    expect(await session.adoptModel(first.token, { ...config, dataset: 'fashion' })).toBe(false);
    const second = opened(await session.openModel([new File([exported.bytes], 'b.vaelab')]));
    expect(await session.adoptModel(first.token, config)).toBe(false);
    expect(await session.adoptModel(second.token, config)).toBe(true);
    await session.dispose();
  }, 60_000);
});
