/**
 * The explore views and queries through the session, as the page uses them: the drawn digit, traversals, the
 * aggregate posterior, the grid's anchor and path, a scatter point's decode; and active units of a hand-built encoder.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { normalCdf } from '../../ml/math/normal';
import { createModel } from '../../ml/models/createModel';
import type { ProbeCodes } from '../../ml/training/probes';
import type { SnapshotEvent, ViewKind, ViewResult, WorkerEvent } from '../protocol';
import { smallConfig, testSession } from '../testing';
import { latentUsageView } from './latentUsage';
import type { ViewContext } from './types';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** The latest ready payload of view `kind` among the events. */
function latest<K extends ViewKind>(events: WorkerEvent[], kind: K): ViewResult<K> | undefined {
  return events.filter((e): e is WorkerEvent & ViewResult<K> => e.type === 'view' && e.kind === kind).at(-1);
}

function ready<K extends ViewKind>(events: WorkerEvent[], kind: K) {
  const result = latest(events, kind);
  if (result?.status !== 'ready') throw new Error(`${kind} is not ready: ${JSON.stringify(result)}`);
  return result.payload;
}

const lastSnapshot = (events: WorkerEvent[]) => events.filter((e): e is SnapshotEvent => e.type === 'snapshot').at(-1)?.snapshot;

/** A 100 × 100 pad with a vertical bar of ink (columns 45–54, rows 10–89). */
function bar(): Uint8Array {
  const ink = new Uint8Array(100 * 100);
  for (let y = 10; y < 90; y++) for (let x = 45; x < 55; x++) ink[y * 100 + x] = 255;
  return ink;
}

async function vaeSession(latentDim = 2) {
  const { session, loader, events } = testSession();
  loader.immediate = true;
  const config = smallConfig('vae');
  await session.init({ ...config, architecture: { ...config.architecture, latentDim } });
  return { session, events };
}

describe('the drawn digit', () => {
  it('is encoded live: its MNIST-style input, its code at its place on the scatter, a reconstruction and terms; Clear empties it', async () => {
    const { session, events } = await vaeSession();
    await session.setViews({ drawnDigit: {} });
    expect(ready(events, 'drawnDigit').drawn).toBeNull();
    await session.setDrawing(bar(), 100, 100);
    const drawn = ready(events, 'drawnDigit').drawn;
    if (!drawn) throw new Error('a drawing was sent');
    // The 10 × 80 bar scales to 3 × 20 (10·20/80 = 2.5 → 3 columns), centre of mass (1, 9.5) in the patch: shifted by
    // round(14 − 1) = 13 columns and round(14 − 9.5) = 5 rows, it fills columns 13–15 of rows 5–24.
    const inkRows = Array.from({ length: 28 }, (_, r) => drawn.input.slice(r * 28, r * 28 + 28).some((v) => v > 0));
    const inkColumns = Array.from({ length: 28 }, (_, c) => inkRows.some((_, r) => drawn.input[r * 28 + c] > 0));
    expect([inkRows.indexOf(true), inkRows.lastIndexOf(true)]).toEqual([5, 24]);
    expect([inkColumns.indexOf(true), inkColumns.lastIndexOf(true)]).toEqual([13, 15]);
    expect(drawn.position?.[0]).toBeCloseTo(drawn.code[0], 6);
    expect(drawn.position?.[1]).toBeCloseTo(drawn.code[1], 6);
    expect(drawn.reconstruction).toHaveLength(784);
    expect(drawn.terms.kl).toBeGreaterThanOrEqual(0);
    expect(drawn.terms.elbo).toBeCloseTo(-drawn.terms.recNll - (drawn.terms.kl ?? NaN), 4);
    await session.setDrawing(null, 0, 0);
    expect(ready(events, 'drawnDigit').drawn).toBeNull();
    await session.dispose();
  });

  it('stands in for the ELBO digit and endpoint B: the snapshot’s digit is the drawn one and the path ends at its code', async () => {
    const { session, events } = await vaeSession();
    await session.setViews({ drawnDigit: {} });
    await session.setDrawing(bar(), 100, 100);
    const code = ready(events, 'drawnDigit').drawn?.code ?? new Float32Array(2);
    await session.setProbes({ elboIndex: 3, interpolationA: 0, interpolationB: 1, standIns: { elbo: { kind: 'drawn' }, interpolationB: { kind: 'drawn' } } });
    const snapshot = lastSnapshot(events);
    expect(snapshot?.digit.drawn).toBe(true);
    expect(snapshot?.digit.mean?.[0]).toBeCloseTo(code[0], 5);
    expect(snapshot?.latent.pathX.at(-1)).toBeCloseTo(code[0], 5);
    expect(snapshot?.latent.pathY.at(-1)).toBeCloseTo(code[1], 5);
    // A new drawing while it stands in gives a new snapshot at once.
    const before = events.length;
    const other = bar().map((v, i) => (i % 100 < 50 ? v : 0));
    await session.setDrawing(other, 100, 100);
    expect(events.slice(before).some((e) => e.type === 'snapshot')).toBe(true);
    await session.dispose();
  });
});

describe('traversals', () => {
  it('hold the anchor’s code with the sliders’ values; strip k varies dimension k from −3 to 3 (the prior’s ±3σ)', async () => {
    const { session, events } = await vaeSession(3);
    await session.setViews({ traversals: { anchor: 2, values: [], steps: 5 } });
    const plain = ready(events, 'traversals');
    expect(plain.dims).toEqual([0, 1, 2]);
    expect(Array.from(plain.ranges)).toEqual([-3, 3, -3, 3, -3, 3]);
    await session.setViews({ traversals: { anchor: 2, values: [[0, 1.5]], steps: 5 } });
    const moved = ready(events, 'traversals');
    expect(moved.point[0]).toBeCloseTo(1.5, 6);
    expect(moved.point[1]).toBeCloseTo(plain.point[1], 6);
    // Strip 1, step 0 decodes (1.5, −3, z₂ of the anchor): the same image as decoding that point directly.
    const answer = await session.query('decodeLatent', { z: [1.5, -3, plain.point[2]] });
    if (answer?.answer.status !== 'ready') throw new Error('decodeLatent applies to a VAE');
    const direct = answer.answer.result.pixels;
    const strip = moved.strips.subarray((1 * 5 + 0) * 784, (1 * 5 + 1) * 784);
    strip.forEach((byte, i) => expect(Math.abs(byte - Math.round(direct[i] * 255))).toBeLessThanOrEqual(1));
    // Moving z₁ changes the z₂ strip (its points hold z₁).
    const strip2 = (payload: typeof moved) => payload.strips.subarray(2 * 5 * 784, 3 * 5 * 784);
    expect(strip2(moved).some((v, i) => v !== strip2(plain)[i])).toBe(true);
    await session.dispose();
  });
});

describe('the aggregate posterior', () => {
  it('is contours over the plane for a 2-D VAE, histograms above 2-D, kernel-smoothed for an AE, and does not apply to a VQ-VAE', async () => {
    const { session, events } = await vaeSession();
    await session.setViews({ aggregatePosterior: {} });
    const plane = ready(events, 'aggregatePosterior');
    expect(plane.source).toBe('posterior');
    expect(plane.plane?.contours).toHaveLength(2);
    expect(plane.kl?.nats).toBeGreaterThanOrEqual(-3 * (plane.kl?.standardError ?? 0));
    await session.activate({ ...smallConfig('ae'), architecture: { ...smallConfig('ae').architecture, latentDim: 8 } });
    const dims = ready(events, 'aggregatePosterior');
    expect(dims.source).toBe('kernel');
    expect(dims.kl).toBeNull();
    expect(dims.histograms?.dims).toHaveLength(8);
    await session.activate(smallConfig('vqvae'));
    expect(latest(events, 'aggregatePosterior')?.status).toBe('notApplicable');
    await session.dispose();
  });
});

describe('the grid and the scatter', () => {
  it('lays the interpolation path over a 2-D grid from one end to the other, and re-anchors a grid on a new drawing', async () => {
    const { session, events } = await vaeSession();
    await session.setViews({ latentGrid: { size: 8, axes: { kind: 'pca' }, anchor: 'drawn' } });
    const grid = ready(events, 'latentGrid');
    const snapshot = lastSnapshot(events);
    if (!snapshot) throw new Error('no snapshot');
    // At the prior's quantiles each path point (x, y) sits at (Φ(x), 1 − Φ(y)) of the picture.
    const { pathX, pathY } = snapshot.latent;
    expect(grid.path.length / 2).toBe(pathX.length);
    for (const k of [0, pathX.length - 1]) {
      expect(grid.path[2 * k]).toBeCloseTo(normalCdf(pathX[k]), 5);
      expect(grid.path[2 * k + 1]).toBeCloseTo(1 - normalCdf(pathY[k]), 5);
    }
    const count = events.filter((e) => e.type === 'view' && e.kind === 'latentGrid').length;
    await session.setDrawing(bar(), 100, 100);
    expect(events.filter((e) => e.type === 'view' && e.kind === 'latentGrid').length).toBe(count + 1);
    await session.dispose();
  });

  it('decodes a scatter point: itself in 2-D; above 2-D, the anchor’s own scatter position gives back the anchor’s code', async () => {
    const two = await vaeSession();
    const flat = await two.session.query('decodeScatter', { x: 0.25, y: -1, anchor: 0 });
    if (flat?.answer.status !== 'ready') throw new Error('decodeScatter applies to a VAE');
    expect(Array.from(flat.answer.result.z)).toEqual([0.25, -1]);
    await two.session.dispose();
    const eight = await vaeSession(8);
    await eight.session.setViews({ traversals: { anchor: 5, values: [], steps: 3 } });
    const code = ready(eight.events, 'traversals').point;
    const latent = lastSnapshot(eight.events)?.latent;
    const lifted = await eight.session.query('decodeScatter', { x: latent?.x[5] ?? NaN, y: latent?.y[5] ?? NaN, anchor: 5 });
    if (lifted?.answer.status !== 'ready') throw new Error('decodeScatter applies to a VAE');
    lifted.answer.result.z.forEach((v, i) => expect(v).toBeCloseTo(code[i], 4));
    await eight.session.dispose();
  });
});

describe('active units', () => {
  it('counts exactly the dimensions a hand-built encoder uses: μ₁ and μ₃ fixed by zero weights, μ₀ and μ₂ spread by large ones', async () => {
    const vae = createModel({ kind: 'vae', network: 'mlp', likelihood: { kind: 'bernoulli' }, latentDim: 4, hiddenUnits: 8, codebookSize: 2, codeDim: 2, seed: 3 });
    // The mean head is the first [8, 4] kernel after the trunk, followed by its [4] bias.
    const kernelIndex = vae.variables.findIndex((v) => v.shape.length === 2 && v.shape[0] === 8 && v.shape[1] === 4);
    const [kernel, bias] = [vae.variables[kernelIndex], vae.variables[kernelIndex + 1]];
    kernel.assign(tf.tensor2d(Array.from({ length: 32 }, (_, k) => (k % 4 === 1 || k % 4 === 3 ? 0 : 5 * ((k % 3) - 1))), [8, 4]));
    bias.assign(tf.tensor1d([0, 0.7, 0, -0.4]));
    const images = tf.randomUniform([300, 784], 0, 1, 'float32', 11) as tf.Tensor2D;
    const { points, logVar } = vae.embed(images);
    const codes: ProbeCodes = { values: (await points.data()) as Float32Array, logVar: (await logVar?.data()) as Float32Array, rows: 300, dim: 4, projection: null, path: new Float32Array(0) };
    tf.dispose([images, points, logVar as tf.Tensor]);
    const { payload } = await latentUsageView.compute({ codes } as ViewContext, {});
    expect(payload.activeCount).toBe(2);
    expect(payload.variance[1]).toBeLessThan(1e-10);
    expect(payload.variance[3]).toBeLessThan(1e-10);
    expect(payload.variance[0]).toBeGreaterThan(0.01);
    expect(payload.variance[2]).toBeGreaterThan(0.01);
    // A fixed μ₁ = 0.7 still costs ½·0.7² + the σ part in KL: the bars measure KL, the count measures use.
    expect(payload.kl[1]).toBeGreaterThan(0.5 * 0.7 ** 2 - 1e-6);
    vae.dispose();
  });
});
