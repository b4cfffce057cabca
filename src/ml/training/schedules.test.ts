import { describe, expect, it } from 'vitest';
import { betaAt, betaCurve, presetWeights, type BetaSchedule } from './schedules';

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

describe('betaCurve', () => {
  it('samples evenly spaced steps, endpoints included, with β from the schedule', () => {
    const curve = betaCurve({ kind: 'warmup', steps: 100 }, 2, 0, 200, 5);
    expect(curve.steps).toEqual([0, 50, 100, 150, 200]);
    curve.beta.forEach((beta, i) => expect(beta).toBeCloseTo([0, 1, 2, 2, 2][i], 12));
  });

  it('a single point sits at fromStep; bad ranges throw', () => {
    expect(betaCurve({ kind: 'constant' }, 3, 7, 7, 1)).toEqual({ steps: [7], beta: [3] });
    expect(() => betaCurve({ kind: 'constant' }, 1, 10, 5, 3)).toThrow(/toStep/);
    expect(() => betaCurve({ kind: 'constant' }, 1, 0, 5, 0)).toThrow(/points/);
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
