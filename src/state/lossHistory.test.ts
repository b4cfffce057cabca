import { describe, expect, it } from 'vitest';
import type { StepTerms } from '../worker/protocol';
import { appendTerms, emptyLossHistory, MAX_HISTORY_POINTS } from './lossHistory';

/** Builds StepTerms for consecutive steps starting at `firstStep`. */
function terms(firstStep: number, rec: number[], kl: number[], beta: number[]): StepTerms {
  return {
    steps: Float64Array.from(rec, (_, i) => firstStep + i),
    recNats: Float32Array.from(rec),
    klNats: Float32Array.from(kl),
    beta: Float32Array.from(beta),
  };
}

describe('appendTerms', () => {
  it('equals the constant from the first point on a constant sequence (bias correction)', () => {
    const history = appendTerms(emptyLossHistory(), terms(1, [150, 150, 150, 150], [4, 4, 4, 4], [2, 2, 2, 2]));
    for (let i = 0; i < 4; i++) {
      expect(history.rec[i]).toBeCloseTo(150, 9);
      expect(history.kl[i]).toBeCloseTo(4, 9);
      expect(history.betaKl[i]).toBeCloseTo(8, 9);
      expect(history.total[i]).toBeCloseTo(158, 9);
    }
    expect(history.steps).toEqual([1, 2, 3, 4]);
    expect(history.beta).toEqual([2, 2, 2, 2]);
  });

  it('matches a hand-computed EMA of 1, 2, 4 with smoothing 0.9, across two appends', () => {
    const first = appendTerms(emptyLossHistory(), terms(1, [1, 2], [0, 0], [1, 1]), 0.9);
    const history = appendTerms(first, terms(3, [4], [0], [1]), 0.9);
    // m₁ = 0.1, w₁ = 0.1; m₂ = 0.29, w₂ = 0.19; m₃ = 0.661, w₃ = 0.271.
    expect(history.rec[0]).toBeCloseTo(1, 12);
    expect(history.rec[1]).toBeCloseTo(29 / 19, 12);
    expect(history.rec[2]).toBeCloseTo(661 / 271, 12);
    expect(history.steps).toEqual([1, 2, 3]);
  });

  it('smooths β·KL as a product, so total = rec + β·KL when β changes', () => {
    const history = appendTerms(emptyLossHistory(), terms(1, [10, 10], [2, 2], [1, 3]), 0.5);
    // β·KL raw: 2, 6 → m₂ = 0.5·1 + 0.5·6 = 3.5, w₂ = 0.75 → 14/3.
    expect(history.betaKl[1]).toBeCloseTo(14 / 3, 12);
    expect(history.kl[1]).toBeCloseTo(2, 12);
    expect(history.total[1]).toBeCloseTo(10 + 14 / 3, 12);
  });

  it('keeps at most MAX_HISTORY_POINTS after 100k steps, first and latest steps included', () => {
    let history = emptyLossHistory();
    const batch = 50;
    const ones = new Array<number>(batch).fill(1);
    for (let step = 1; step <= 100_000; step += batch) {
      history = appendTerms(history, terms(step, ones, ones, ones));
    }
    expect(history.steps.length).toBeLessThanOrEqual(MAX_HISTORY_POINTS);
    expect(history.steps.length).toBeGreaterThan(MAX_HISTORY_POINTS / 2);
    expect(history.steps[0]).toBe(1);
    expect(history.steps[history.steps.length - 1]).toBe(100_000);
    for (let i = 1; i < history.steps.length; i++) expect(history.steps[i]).toBeGreaterThan(history.steps[i - 1]);
    for (const series of [history.rec, history.kl, history.betaKl, history.total, history.beta]) {
      expect(series.length).toBe(history.steps.length);
    }
  });

  it('returns the same history for empty terms, and a new object otherwise', () => {
    const start = emptyLossHistory();
    expect(appendTerms(start, terms(1, [], [], []))).toBe(start);
    const next = appendTerms(start, terms(1, [5], [1], [1]));
    expect(next).not.toBe(start);
    expect(start.steps).toEqual([]);
    expect(appendTerms(next, terms(2, [], [], []))).toBe(next);
  });

  it('skips non-finite steps so a diverged step does not poison the curve', () => {
    const history = appendTerms(emptyLossHistory(), terms(1, [3, Number.NaN, 3], [1, 1, Number.POSITIVE_INFINITY], [1, 1, 1]));
    expect(history.steps).toEqual([1]);
    expect(history.rec).toEqual([3]);
  });
});
