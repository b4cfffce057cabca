import { describe, expect, it } from 'vitest';
import { appendTerms, emptyLossHistory } from '../../state/lossHistory';
import { fitsLogAxis, logTicks, polylineUpTo, recentRange } from './lossFigure';

describe('polylineUpTo', () => {
  it('keeps the knots before the horizon and ends exactly on it, interpolated', () => {
    // A cyclical drop at 200 (two knots), horizon 250 halfway up the next ramp 200 → 300 (0 → 1).
    const { x, y } = polylineUpTo([100, 200, 200, 300], [1, 1, 0, 1], 250);
    expect(x).toEqual([100, 200, 200, 250]);
    expect(y).toEqual([1, 1, 0, 0.5]);
  });
});

describe('logTicks', () => {
  it('uses 1-2-5 steps on a short log axis and powers of ten on a long one', () => {
    expect(logTicks([Math.log10(3), Math.log10(250)])).toEqual([5, 10, 20, 50, 100, 200]);
    expect(logTicks([-1.5, 2.2])).toEqual([0.1, 1, 10, 100]);
  });
});

describe('recentRange', () => {
  it('fits the curves after the first fifth of the run, with a margin, so the first steps run off the top', () => {
    const steps = Float64Array.from({ length: 10 }, (_, i) => i + 1);
    // rec falls from 500 to 150; after the first fifth (steps ≥ 2.8) the smoothed values are all below the early ones.
    const rec = Float32Array.from([500, 400, 300, 200, 160, 155, 152, 151, 150, 150]);
    const history = appendTerms(emptyLossHistory(), { steps, names: ['rec'], values: [rec], weights: [Float32Array.from(rec, () => 1)] });
    const shown = history.values[0].filter((_, k) => history.steps[k] >= 1 + 0.2 * 9);
    const [low, high] = [Math.min(...shown), Math.max(...shown)];
    const range = recentRange(history, [], ['rec'], false);
    expect(range?.[1]).toBeCloseTo(high + 0.08 * (high - low), 6);
    expect(range?.[0]).toBeCloseTo(low - 0.08 * (high - low), 6);
    expect(range?.[1]).toBeLessThan(history.values[0][0]);
    expect(recentRange(emptyLossHistory(['rec']), [], ['rec'], false)).toBeNull();
  });

  it('counts the weighted curve of a reweighted term: β = 0.01 puts β·KL (0.05) at the bottom of a log axis, β = 1 leaves KL (5) there', () => {
    const fit = (beta: number) => {
      const steps = Float64Array.from({ length: 10 }, (_, i) => i + 1);
      const history = appendTerms(emptyLossHistory(), {
        steps,
        names: ['rec', 'kl'],
        values: [Float32Array.from(steps, () => 100), Float32Array.from(steps, () => 5)],
        weights: [Float32Array.from(steps, () => 1), Float32Array.from(steps, () => beta)],
      });
      return recentRange(history, [], ['rec', 'kl'], true);
    };
    // Log10 units; the margin is 8% of the span. β = 1: KL (5) to the total (105). β = 0.01: β·KL (0.05) to rec (100).
    const span = (low: number, high: number) => [low - 0.08 * (high - low), high + 0.08 * (high - low)];
    const [oneLow, oneHigh] = span(Math.log10(5), Math.log10(105));
    const [smallLow, smallHigh] = span(Math.log10(0.05), Math.log10(100.05));
    expect(fit(1)?.[0]).toBeCloseTo(oneLow, 4);
    expect(fit(1)?.[1]).toBeCloseTo(oneHigh, 4);
    expect(fit(0.01)?.[0]).toBeCloseTo(smallLow, 4);
    expect(fit(0.01)?.[1]).toBeCloseTo(smallHigh, 4);
  });
});

describe('fitsLogAxis', () => {
  const history = (rec: number[], kl: number[]) =>
    appendTerms(emptyLossHistory(), {
      steps: Float64Array.from(rec, (_, i) => i + 1),
      names: ['rec', 'kl'],
      values: [Float32Array.from(rec), Float32Array.from(kl)],
      weights: [Float32Array.from(rec, () => 1), Float32Array.from(kl, () => 1)],
    });

  it('refuses a log axis once a density’s reconstruction term or the total goes below zero', () => {
    expect(fitsLogAxis(history([500, 300, 160], [2, 5, 6]))).toBe(true);
    // A continuous Bernoulli: rec starts positive and ends at −1,500 nats while the KL stays positive.
    expect(fitsLogAxis(history([500, -200, -1500], [20, 100, 150]))).toBe(false);
  });
});
