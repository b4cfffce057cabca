import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../math/random';
import { adamUpdate, FusedAdam } from './fusedAdam';
import { ADAM_TEST_HYPER as HYPER, adamReferenceStep as pytorchStep } from './testing';

afterAll(async () => {
  await tf.setBackend('cpu');
});

function randomArray(n: number, seed: number, scale = 1): Float32Array {
  const random = mulberry32(seed);
  return Float32Array.from({ length: n }, () => (random() - 0.5) * 2 * scale);
}

/** A weight vector, a matrix and a bias; the loss Σ (a ⊙ w − c)² + Σ (M − 1)² + Σ b³ has non-trivial gradients. */
function problem() {
  const w = tf.variable(tf.tensor1d(randomArray(37, 1)));
  const matrix = tf.variable(tf.tensor2d(randomArray(12, 2), [3, 4]));
  const bias = tf.variable(tf.tensor1d(randomArray(4, 3)));
  const a = tf.tensor1d(randomArray(37, 4, 3));
  const c = tf.tensor1d(randomArray(37, 5));
  const loss = () =>
    tf.addN([tf.sum(tf.square(tf.sub(tf.mul(a, w), c))), tf.sum(tf.square(tf.sub(matrix, 1))), tf.sum(tf.pow(bias, 3))]) as tf.Scalar;
  return { variables: [w, matrix, bias], loss, dispose: () => tf.dispose([w, matrix, bias, a, c]) };
}

async function train(backend: 'cpu' | 'wasm', make: () => tf.AdamOptimizer, steps: number): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const { variables, loss, dispose } = problem();
  const optimizer = make();
  for (let step = 0; step < steps; step++) optimizer.minimize(loss, false, variables);
  const values = variables.map((variable) => variable.dataSync().slice() as Float32Array);
  optimizer.dispose();
  dispose();
  return values;
}

const tfjsAdam = () => tf.train.adam(HYPER.learningRate, HYPER.beta1, HYPER.beta2, HYPER.epsilon);
/** FusedAdam with its SIMD kernel, or (`simd` false) with its JavaScript loop. */
const fusedAdam = (simd = true) => () => {
  const optimizer = new FusedAdam(HYPER.learningRate, HYPER.beta1, HYPER.beta2, HYPER.epsilon);
  optimizer.useSimd = simd;
  return optimizer;
};

function expectClose(actual: Float32Array[], expected: Float32Array[], tolerance: number) {
  expect(actual.map((a) => a.length)).toEqual(expected.map((e) => e.length));
  actual.forEach((values, k) => values.forEach((value, i) => expect(Math.abs(value - expected[k][i])).toBeLessThanOrEqual(tolerance)));
}

describe('adamUpdate', () => {
  it('first step from zero moments moves each weight by the learning rate against its gradient (hand-worked)', () => {
    // t = 1: m' = 0.1 g, v' = 0.001 g², m̂ = g, v̂ = g², so w' = w − lr · g / (|g| + ε) ≈ w − lr · sign(g).
    const gradient = Float32Array.from([0.5, -2, 1e-3]);
    const next = { weight: new Float32Array(3), m: new Float32Array(3), v: new Float32Array(3) };
    adamUpdate({ weight: Float32Array.from([1, 1, 1]), gradient, m: new Float32Array(3), v: new Float32Array(3) }, next, {
      ...HYPER,
      beta1Power: 0.9,
      beta2Power: 0.999,
    });
    expect(Array.from(next.weight)).toEqual([0.99, 1.01, 0.99].map((w) => expect.closeTo(w, 6)));
    expect(Array.from(next.m)).toEqual([0.05, -0.2, 1e-4].map((m) => expect.closeTo(m, 7)));
    expect(Array.from(next.v)).toEqual([0.00025, 0.004, 1e-9].map((v) => expect.closeTo(v, 9)));
  });

  it('equals PyTorch’s arrangement of the update over 50 steps (float64 reference)', () => {
    const n = 200;
    const weight = randomArray(n, 7);
    const m = new Float32Array(n);
    const v = new Float32Array(n);
    const reference = Array.from(weight, (w) => ({ w, m: 0, v: 0 }));
    for (let t = 1; t <= 50; t++) {
      const gradient = randomArray(n, 100 + t, 2);
      adamUpdate({ weight, gradient, m, v }, { weight, m, v }, { ...HYPER, beta1Power: HYPER.beta1 ** t, beta2Power: HYPER.beta2 ** t });
      reference.forEach((r, i) => Object.assign(r, pytorchStep(r.w, gradient[i], r.m, r.v, t)));
    }
    reference.forEach((r, i) => {
      expect(weight[i]).toBeCloseTo(r.w, 5);
      expect(m[i]).toBeCloseTo(r.m, 6);
      expect(v[i]).toBeCloseTo(r.v, 6);
    });
  });
});

describe('FusedAdam off wasm', () => {
  it('on cpu leaves the update to tfjs’s Adam: the same weights to the bit', async () => {
    expectClose(await train('cpu', fusedAdam(), 15), await train('cpu', tfjsAdam, 15), 0);
  });
});

describe.each([
  ['SIMD kernel', true],
  ['JavaScript loop', false],
])('FusedAdam with its %s', (_, simd) => {
  it('on wasm trains as tfjs’s Adam does on cpu (40 steps)', async () => {
    const expected = await train('cpu', tfjsAdam, 40);
    const actual = await train('wasm', fusedAdam(simd), 40);
    expectClose(actual, expected, 1e-4);
    // The weights moved: a no-op optimiser would fail here.
    const start = await train('cpu', tfjsAdam, 0);
    expect(Math.max(...actual[0].map((w, i) => Math.abs(w - start[0][i])))).toBeGreaterThan(0.1);
  });

  it.each([
    ['FusedAdam', fusedAdam(simd)],
    ['tfjs’s Adam', tfjsAdam],
  ])('on wasm keeps tfjs’s state layout: its getWeights resume in %s', async (_, resumed) => {
    await tf.setBackend('wasm');
    const continuous = await train('wasm', fusedAdam(simd), 20);
    const { variables, loss, dispose } = problem();
    const first = fusedAdam(simd)();
    for (let step = 0; step < 12; step++) first.minimize(loss, false, variables);
    const saved = await first.getWeights();
    // tfjs's layout (adam_optimizer.js getWeights): the iteration count, then every first moment, then every second.
    expect(saved.map(({ name }) => name)).toEqual(['iter', ...['m', 'v'].flatMap((which) => variables.map(({ name }) => `${name}/${which}`))]);
    expect(saved[0].tensor.dataSync()[0]).toBe(12);
    const second = resumed();
    await second.setWeights(saved.map(({ name, tensor }) => ({ name, tensor: tf.clone(tensor) })));
    first.dispose();
    for (let step = 0; step < 8; step++) second.minimize(loss, false, variables);
    // tfjs's own update rounds differently (14 float32 kernels), hence the looser bound when it takes over.
    expectClose(
      variables.map((variable) => variable.dataSync() as Float32Array),
      continuous,
      resumed === tfjsAdam ? 1e-5 : 1e-6,
    );
    second.dispose();
    dispose();
  });

  it('on wasm multiplies by the new weights after a step (XNNPACK keeps a right operand packed per tensor), and leaks no tensors', async () => {
    await tf.setBackend('wasm');
    const { variables, loss, dispose } = problem();
    const matrix = variables[1];
    const x = tf.tensor2d(randomArray(6, 9), [2, 3]);
    const optimizer = fusedAdam(simd)();
    optimizer.minimize(loss, false, variables);
    tf.matMul(x, matrix).dispose();
    const tensors = tf.memory().numTensors;
    for (let step = 0; step < 5; step++) optimizer.minimize(loss, false, variables);
    expect(tf.memory().numTensors).toBe(tensors);
    const [xs, ws] = [x.arraySync(), matrix.arraySync() as number[][]];
    const byHand = xs.map((row) => ws[0].map((_, j) => row.reduce((sum, value, k) => sum + value * ws[k][j], 0)));
    const product = tf.matMul(x, matrix);
    (product.arraySync() as number[][]).forEach((row, i) => row.forEach((value, j) => expect(value).toBeCloseTo(byHand[i][j], 5)));
    tf.dispose([x, product]);
    optimizer.dispose();
    dispose();
  });
});
