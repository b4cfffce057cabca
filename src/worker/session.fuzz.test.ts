/**
 * Seeded fuzz of the worker session: random command sequences as an impatient user (or a lesson
 * script) would send them, with data arriving, late or failing at random moments. Every sequence must
 * end consistent (the last target active, Train possible, the last β sent in force) and leave no tensor
 * behind once the session is disposed.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../ml/math/random';
import type { DatasetName, ModelKind, RunConfig, SnapshotEvent } from './protocol';
import { delay, smallConfig, testSession } from './testing';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const MODELS: readonly ModelKind[] = ['vae', 'ae', 'dae', 'mae', 'vqvae'];
const DATASETS: readonly DatasetName[] = ['mnist', 'fashion'];
const BETAS = [0.5, 1, 2, 4];
const COMMANDS_PER_SEQUENCE = 14;

/** One random sequence; returns a description of what was sent, for failure messages. */
async function fuzzOnce(seed: number): Promise<string[]> {
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const { session, loader, events, lastStatus } = testSession();
  const log: string[] = [];
  /** The page's settings: β per (dataset, model); a config always carries the latest β of its run. */
  const betas = new Map<string, number>();
  const configFor = (model: ModelKind, dataset: DatasetName): RunConfig => smallConfig(model, dataset, { beta: betas.get(`${dataset}:${model}`) ?? 1 });
  let target = configFor(pick(MODELS), pick(DATASETS));
  let failureInjected = false;
  const sent: Promise<unknown>[] = [session.init(target)];
  log.push(`init ${target.dataset}:${target.model}`);
  for (let i = 0; i < COMMANDS_PER_SEQUENCE; i++) {
    const action = Math.floor(random() * 12);
    if (action === 0 || action === 1) {
      target = configFor(pick(MODELS), pick(DATASETS));
      sent.push(session.activate(target));
      log.push(`activate ${target.dataset}:${target.model}`);
    } else if (action === 2) {
      const resume = random() < 0.5;
      sent.push(session.reset(target, resume));
      log.push(`reset resume=${resume}`);
    } else if (action === 3) {
      sent.push(session.start());
      log.push('start');
    } else if (action === 4) {
      sent.push(session.pause());
      log.push('pause');
    } else if (action === 5) {
      sent.push(session.step());
      log.push('step');
    } else if (action === 6) {
      const beta = pick(BETAS);
      betas.set(`${target.dataset}:${target.model}`, beta);
      target = configFor(target.model, target.dataset);
      sent.push(session.setHyper({ dataset: target.dataset, model: target.model }, target.hyper));
      log.push(`β=${beta}`);
    } else if (action === 7) {
      sent.push(session.setProbes({ elboIndex: Math.floor(random() * 60), interpolationA: 1, interpolationB: 2 }));
      sent.push(session.decodeInterpolation(random()), session.reconstructProbe(Math.floor(random() * 60)));
      log.push('probes + decodes');
    } else if (action === 8) {
      sent.push(session.retry());
      log.push('retry');
    } else if (action === 9 && loader.loads.length > 0) {
      const load = pick(loader.loads);
      if (random() < 0.15 && !load.testReleased) {
        load.failTest(new Error(`${load.dataset} test set failed`));
        failureInjected = true;
        log.push(`fail ${load.dataset} test`);
      } else {
        load.releaseAll();
        log.push(`release ${load.dataset}`);
      }
    } else if (action === 10) {
      await Promise.race([sent[sent.length - 1], delay(200)]);
      log.push('await last');
    } else {
      await delay(Math.floor(random() * 15));
      log.push('wait');
    }
  }
  loader.immediate = true;
  for (const load of loader.loads) load.releaseAll();
  await Promise.allSettled(sent);
  await session.whenIdle();

  const settled = lastStatus();
  expect(settled?.target, `target after: ${log.join(', ')}`).toEqual({ dataset: target.dataset, model: target.model });
  expect(settled?.waitingFor ?? null).toBeNull();
  if (settled?.phase === 'failed') {
    expect(failureInjected, `failed without an injected failure: ${log.join(', ')}`).toBe(true);
    await session.retry();
  }
  expect(['ready', 'training'], `phase after: ${log.join(', ')}`).toContain(lastStatus()?.phase);
  await session.pause();
  const status = lastStatus();
  expect(status).toMatchObject({ phase: 'ready', run: { dataset: target.dataset, model: target.model } });
  const before = events.length;
  await session.step();
  const snapshot = events.slice(before).find((e): e is SnapshotEvent => e.type === 'snapshot')?.snapshot;
  expect(snapshot).toMatchObject({ dataset: target.dataset, model: target.model, runId: status?.run?.runId, step: (status?.step ?? -1) + 1 });
  if (target.model === 'vae') expect(Array.from(snapshot?.terms.weights[1] ?? []), `β after: ${log.join(', ')}`).toEqual([target.hyper.beta]);
  await session.dispose();
  return log;
}

describe('LabSession fuzz', () => {
  it('50 seeded random command sequences end consistent, with the tensor count back at its baseline', async () => {
    for (let seed = 1; seed <= 50; seed++) {
      const baseline = tf.memory().numTensors;
      const log = await fuzzOnce(seed);
      expect(tf.memory().numTensors, `tensors after seed ${seed}: ${log.join(', ')}`).toBe(baseline);
    }
  }, 240_000);
});
