import { describe, expect, it } from 'vitest';
import { betaAt, klWeightKnots, presetWeights, type BetaSchedule, type LossPreset } from './schedules';

describe('betaAt', () => {
  it('constant: betaMax at every step', () => {
    for (const step of [0, 1, 999, 1e6]) expect(betaAt({ kind: 'constant' }, 2.5, step)).toBe(2.5);
  });

  it('warm-up over 1000 steps to β = 4: hand-computed values', () => {
    const warmup: BetaSchedule = { kind: 'warmup', steps: 1000 };
    const expected: [number, number][] = [[0, 0], [250, 1], [500, 2], [999, 3.996], [1000, 4], [5000, 4]];
    for (const [step, beta] of expected) expect(betaAt(warmup, 4, step)).toBeCloseTo(beta, 12);
  });

  it('cyclical, period 100, ramp 0.5, β = 1: hand-computed values', () => {
    const cyclical: BetaSchedule = { kind: 'cyclical', period: 100, rampFraction: 0.5 };
    const expected: [number, number][] = [
      [0, 0], [25, 0.5], [50, 1], [75, 1], [99, 1], [100, 0], [125, 0.5], [150, 1], [210, 0.2],
    ];
    for (const [step, beta] of expected) expect(betaAt(cyclical, 1, step)).toBeCloseTo(beta, 12);
  });

  it('cyclical with ramp fraction 1 is a sawtooth over the whole period', () => {
    const sawtooth: BetaSchedule = { kind: 'cyclical', period: 10, rampFraction: 1 };
    expect(betaAt(sawtooth, 2, 5)).toBeCloseTo(1, 12);
    expect(betaAt(sawtooth, 2, 9)).toBeCloseTo(1.8, 12);
    expect(betaAt(sawtooth, 2, 10)).toBe(0);
  });

  it('rejects invalid schedules and arguments with clear errors', () => {
    expect(() => betaAt({ kind: 'warmup', steps: 0 }, 1, 0)).toThrow(/warm-up steps must be .* ≥ 1/);
    expect(() => betaAt({ kind: 'warmup', steps: Number.NaN }, 1, 0)).toThrow(/warm-up steps/);
    expect(() => betaAt({ kind: 'cyclical', period: 0.5, rampFraction: 0.5 }, 1, 0)).toThrow(/period/);
    expect(() => betaAt({ kind: 'cyclical', period: 100, rampFraction: 0 }, 1, 0)).toThrow(/ramp fraction .*\(0, 1\]/);
    expect(() => betaAt({ kind: 'cyclical', period: 100, rampFraction: 1.5 }, 1, 0)).toThrow(/ramp fraction/);
    expect(() => betaAt({ kind: 'constant' }, -1, 0)).toThrow(/betaMax/);
    expect(() => betaAt({ kind: 'constant' }, 1, -3)).toThrow(/step/);
  });
});

/** Value at `step` of the polyline through the knots (right-continuous at a jump: the later of two knots at one step). */
function polylineAt(steps: number[], values: number[], step: number): number {
  let k = steps.length - 1;
  while (k > 0 && steps[k - 1] >= step && !(steps[k] === step && steps[k - 1] < step)) k--;
  if (steps[k] === step) {
    while (k + 1 < steps.length && steps[k + 1] === step) k++;
    return values[k];
  }
  const [x0, x1, y0, y1] = [steps[k - 1], steps[k], values[k - 1], values[k]];
  return y0 + ((step - x0) / (x1 - x0)) * (y1 - y0);
}

describe('klWeightKnots', () => {
  const cases: Array<[string, BetaSchedule, number, LossPreset, number, number]> = [
    ['constant', { kind: 'constant' }, 2.5, 'both', 10, 300],
    ['warm-up, corner inside', { kind: 'warmup', steps: 1000 }, 4, 'both', 200, 3200],
    ['warm-up, already warm', { kind: 'warmup', steps: 100 }, 4, 'both', 200, 900],
    ['cyclical 200, ramp ½', { kind: 'cyclical', period: 200, rampFraction: 0.5 }, 1, 'both', 0, 3000],
    ['cyclical from mid-ramp', { kind: 'cyclical', period: 200, rampFraction: 0.5 }, 3, 'both', 1130, 1900],
    ['cyclical sawtooth', { kind: 'cyclical', period: 7, rampFraction: 1 }, 1, 'both', 3, 60],
    ['reconstruction only under warm-up', { kind: 'warmup', steps: 500 }, 4, 'reconstruction', 0, 1000],
    ['KL only under a cycle', { kind: 'cyclical', period: 50, rampFraction: 0.5 }, 4, 'kl', 0, 400],
  ];
  it.each(cases)('%s: the polyline through the knots is the trainer’s KL weight at every whole step', (_, schedule, beta, preset, from, to) => {
    const { steps, weights } = klWeightKnots(schedule, beta, preset, from, to);
    expect(steps[0]).toBe(from);
    expect(steps.at(-1)).toBe(to);
    for (let step = from; step <= to; step++) {
      expect(polylineAt(steps, weights, step), `step ${step}`).toBeCloseTo(presetWeights(preset, betaAt(schedule, beta, step)).kl, 9);
    }
  });

  it('draws a cyclical drop exactly at the period boundary, and few knots', () => {
    const { steps, weights } = klWeightKnots({ kind: 'cyclical', period: 200, rampFraction: 0.5 }, 1, 'both', 0, 600);
    expect(steps).toEqual([0, 100, 200, 200, 300, 400, 400, 500, 600, 600]);
    expect(weights).toEqual([0, 1, 1, 0, 1, 1, 0, 1, 1, 0]);
  });

  it('reconstruction only is flat at 0 and KL only flat at 1, whatever β says', () => {
    expect(klWeightKnots({ kind: 'warmup', steps: 100 }, 4, 'reconstruction', 0, 1000)).toEqual({ steps: [0, 1000], weights: [0, 0] });
    expect(klWeightKnots({ kind: 'constant' }, 4, 'kl', 5, 50)).toEqual({ steps: [5, 50], weights: [1, 1] });
    expect(() => klWeightKnots({ kind: 'constant' }, 1, 'both', 10, 5)).toThrow(/toStep/);
  });
});

describe('presetWeights', () => {
  it('both: {1, β}; reconstruction: {1, 0}; kl: {0, 1}', () => {
    expect(presetWeights('both', 0.25)).toEqual({ rec: 1, kl: 0.25 });
    expect(presetWeights('reconstruction', 4)).toEqual({ rec: 1, kl: 0 });
    expect(presetWeights('kl', 4)).toEqual({ rec: 0, kl: 1 });
    expect(() => presetWeights('both', -1)).toThrow(/β/);
  });
});
