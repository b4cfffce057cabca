/**
 * The bound and trade-off views in a real session (cpu backend, tiny VAE): they apply to a VAE only, the heavy
 * ones finish in pieces while commands and training go on, and the pitfall lab trains its own pair of runs
 * while the user's run keeps its step.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateTestSet } from '../ml/training/evaluate';
import { measureVae } from '../ml/training/vaeMeasures';
import type { SnapshotEvent, ViewEvent, ViewKind, ViewResult, WorkerEvent } from './protocol';
import { delay, smallConfig, testSession } from './testing';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

async function until(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(10);
  }
}

function viewsOf<K extends ViewKind>(events: WorkerEvent[], kind: K): ViewResult<K>[] {
  return events.filter((e): e is ViewEvent => e.type === 'view' && e.kind === kind) as unknown as ViewResult<K>[];
}

const lastStep = (events: WorkerEvent[]) => events.filter((e): e is SnapshotEvent => e.type === 'snapshot').at(-1)?.snapshot.step ?? 0;

describe('bound views in the session', () => {
  it('posterior: exact log p(x) above IWAE-1000 above the ELBO; computed in pieces while paused, commands still answered', async () => {
    const { session, loader, events } = testSession();
    loader.immediate = true;
    await session.init(smallConfig('vae'));
    await session.setViews({ posterior: {} });
    // The job goes on in the background: a command is answered before it ends.
    const answered = await session.query('decodeLatent', { z: [0, 0] });
    expect(answered?.answer.status).toBe('ready');
    await until(() => viewsOf(events, 'posterior').length > 0, 'the posterior view');
    const [result] = viewsOf(events, 'posterior');
    if (result.status !== 'ready') throw new Error(result.reason);
    const { quadrature, ladder } = result.payload;
    expect(quadrature?.converged).toBe(true);
    expect(ladder.map((rung) => rung.k)).toEqual([1, 10, 100, 1000]);
    const logPx = quadrature!.logPx;
    // IWAE-k ≤ log p(x) and ELBO ≤ IWAE-k in expectation: allow 4 standard errors.
    for (const rung of ladder) expect(rung.mean).toBeLessThan(logPx + 4 * rung.standardError + quadrature!.logPxError);
    expect(ladder[3].mean).toBeGreaterThan(ladder[0].mean - 4 * ladder[0].standardError);
    // The quadrature's ELBO and the ladder's IWAE-1 estimate the same number.
    expect(Math.abs(quadrature!.elbo - ladder[0].mean)).toBeLessThan(4 * ladder[0].standardError + 0.01);
    expect(quadrature!.klToPosterior).toBeCloseTo(logPx - quadrature!.elbo, 10);
    await session.dispose();
  }, 120_000);

  it('a heavy view never holds training for more than a piece: steps keep coming while it computes', async () => {
    const { session, loader, events } = testSession();
    loader.immediate = true;
    // A decoder wide enough that the view takes several pieces on any machine.
    const config = smallConfig('vae');
    config.architecture.hiddenUnits = 256;
    await session.init(config);
    const trainer = (session as unknown as { runs: { get(c: unknown): { trainer: { step: number } } } }).runs.get(config).trainer;
    // The trainer's step at the moment the view's result is sent (snapshots are too sparse to tell).
    const stepsAtResult: number[] = [];
    const push = events.push.bind(events);
    events.push = (...items: WorkerEvent[]) => {
      for (const item of items) if (item.type === 'view' && item.kind === 'gradientVariance') stepsAtResult.push(trainer.step);
      return push(...items);
    };
    await session.start();
    await until(() => lastStep(events) > 2, 'training');
    const stepAtOpen = lastStep(events);
    await session.setViews({ gradientVariance: {} });
    await until(() => viewsOf(events, 'gradientVariance').length > 0, 'the view while training', 100_000);
    const [gradients] = viewsOf(events, 'gradientVariance');
    if (gradients.status !== 'ready') throw new Error(gradients.reason);
    // Snapshots come at most twice a second: wait for the one that shows the step the result was sent at.
    await until(() => lastStep(events) >= stepsAtResult[0], 'a snapshot at the step of the result');
    // Training went on while the view computed, and the result names the step its frozen weights come from.
    expect(lastStep(events)).toBeGreaterThan(stepAtOpen + 5);
    expect(gradients.step).toBeGreaterThanOrEqual(stepAtOpen);
    expect(gradients.step).toBeLessThan(stepsAtResult[0]);
    expect(gradients.payload.parameters).toEqual(['mu[0]', 'mu[1]', 'logVar[0]', 'logVar[1]']);
    await session.pause();
    await session.dispose();
  }, 120_000);

  it('the views say why they do not apply to an autoencoder', async () => {
    const { session, loader, events } = testSession();
    loader.immediate = true;
    await session.init(smallConfig('ae'));
    await session.setViews({ posterior: {}, rateDistortion: {}, pitfallLab: { pitfall: 'uniformEpsilon' }, refinement: { requestId: 1 } });
    for (const kind of ['posterior', 'rateDistortion', 'pitfallLab', 'refinement'] as const) {
      expect(viewsOf(events, kind).at(-1)).toMatchObject({ status: 'notApplicable' });
    }
    await session.dispose();
  });

  it('rate–distortion: rate is the closed-form KL and distortion the reconstruction term on the fixed test subset', async () => {
    const { session, loader, events } = testSession();
    loader.immediate = true;
    const config = smallConfig('vae', 'mnist', { beta: 3 });
    await session.init(config);
    await session.step();
    await session.setViews({ rateDistortion: {} });
    await until(() => viewsOf(events, 'rateDistortion').length > 0, 'a rate–distortion point');
    const point = viewsOf(events, 'rateDistortion')[0];
    if (point.status !== 'ready') throw new Error(point.reason);
    expect(point.payload).toMatchObject({ images: 48, klWeight: 3, hyper: { beta: 3 } });
    // Against the test-set evaluation of the session's own run (reached through its registry): the same closed-form
    // KL, and the reconstruction term from other draws of ε.
    const reference = (session as unknown as { runs: { get(t: unknown): { model: Parameters<typeof measureVae>[0] } } }).runs.get(config);
    const images = (await loader.latest('mnist').asLoad().test).images;
    const scores = await evaluateTestSet(reference.model, images, 48, { corruption: config.hyper.corruption, seed: 3 });
    expect(point.payload.rate).toBeCloseTo(scores.terms.kl ?? Number.NaN, 4);
    expect(Math.abs(point.payload.distortion - (scores.terms.rec ?? Number.NaN))).toBeLessThan(0.05 * point.payload.distortion);
    await session.dispose();
  });
});

describe('pitfall lab in the session', () => {
  it('trains its own pair while the user’s run stays at its step; switching it off frees the pair', async () => {
    const { session, loader, events } = testSession();
    loader.immediate = true;
    await session.init(smallConfig('vae'));
    await session.step();
    await session.step();
    const userStep = lastStep(events);
    expect(userStep).toBe(2);
    const offAgain = async () => {
      await session.setViews({});
      await session.whenIdle();
      await delay(50);
      return tf.memory().numTensors;
    };
    await session.setViews({ pitfallLab: { pitfall: 'uniformEpsilon' } });
    await until(() => viewsOf(events, 'pitfallLab').some((v) => v.status === 'ready' && v.payload.pair !== null), 'a first pair');
    const tensorsOff = await offAgain();
    await session.setViews({ pitfallLab: { pitfall: 'klMinimisedAtZeroSigma' } });
    await until(() => viewsOf(events, 'pitfallLab').some((v) => v.status === 'ready' && (v.payload.pair?.step ?? 0) > 20), 'the pair to train 20 steps');
    const result = viewsOf(events, 'pitfallLab').at(-1)!;
    if (result.status !== 'ready' || !result.payload.pair) throw new Error('no pair');
    const { correct, mistaken } = result.payload.pair;
    expect(lastStep(events)).toBe(userStep);
    // The mistaken objective drops −log σ², so its "KL" ½Σ(μ² + σ² − 1) sits below the true KL once the σ are below 1.
    expect(mistaken.objectiveKl).toBeLessThan(mistaken.kl);
    expect(correct.objectiveKl).toBeCloseTo(correct.kl, 5);
    expect(result.payload.klCurve.mistakenMinimum).toBe(0);
    expect(mistaken.samples.length).toBe(result.payload.pair.sampleCount * 784);
    expect(await offAgain()).toBe(tensorsOff);
    await session.dispose();
  }, 120_000);
});

describe('a view that finishes after training paused', () => {
  it('is computed again for the paused step (its job had started at an earlier step)', async () => {
    const { session, loader, events } = testSession();
    loader.immediate = true;
    // A decoder wide enough that the quadrature takes well over a second on any machine.
    const config = smallConfig('vae');
    config.architecture.hiddenUnits = 256;
    await session.init(config);
    await session.start();
    await until(() => lastStep(events) > 3, 'training');
    // Opened while training: its first job starts right after the next snapshot and is still computing at the pause.
    await session.setViews({ posterior: {} });
    const snapshots = () => events.filter((e) => e.type === 'snapshot').length;
    const atOpen = snapshots();
    await until(() => snapshots() > atOpen, 'a snapshot after the view opened');
    // Training moves on past the step the job started at (the step is seen in the next snapshot).
    const started = lastStep(events);
    await until(() => lastStep(events) > started, 'a later step');
    expect(viewsOf(events, 'posterior')).toEqual([]);
    await session.pause();
    const paused = lastStep(events);
    await until(() => viewsOf(events, 'posterior').at(-1)?.step === paused, 'the result of the paused step', 100_000);
    expect(viewsOf(events, 'posterior').length).toBeGreaterThanOrEqual(2);
    await session.dispose();
  }, 120_000);
});
