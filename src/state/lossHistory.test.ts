import { describe, expect, it } from 'vitest';
import type { StepTerms, TermName } from '../worker/protocol';
import { appendTerms, dropAfter, emptyLossHistory, MAX_HISTORY_POINTS } from './lossHistory';

/** StepTerms for consecutive steps starting at `firstStep`; one [values, weights] pair per name. */
function terms(firstStep: number, named: Partial<Record<TermName, [number[], number[]]>>): StepTerms {
  const names = Object.keys(named) as TermName[];
  const length = names.length > 0 ? named[names[0]]![0].length : 0;
  return {
    steps: Float64Array.from({ length }, (_, i) => firstStep + i),
    names,
    values: names.map((name) => Float32Array.from(named[name]![0])),
    weights: names.map((name) => Float32Array.from(named[name]![1])),
  };
}

const ones = (n: number) => new Array<number>(n).fill(1);

describe('appendTerms', () => {
  it('equals the constants from the first point on a constant sequence (bias correction)', () => {
    const history = appendTerms(emptyLossHistory(), terms(1, { rec: [[150, 150, 150], ones(3)], kl: [[4, 4, 4], [2, 2, 2]] }));
    expect(history.names).toEqual(['rec', 'kl']);
    expect(history.steps).toEqual([1, 2, 3]);
    for (let i = 0; i < 3; i++) {
      expect(history.values[0][i]).toBeCloseTo(150, 9);
      expect(history.values[1][i]).toBeCloseTo(4, 9);
      expect(history.weighted[1][i]).toBeCloseTo(8, 9);
      expect(history.total[i]).toBeCloseTo(158, 9);
    }
  });

  it('matches a hand-computed EMA of 1, 2, 4 with smoothing 0.9, across two appends', () => {
    const first = appendTerms(emptyLossHistory(['rec']), terms(1, { rec: [[1, 2], ones(2)] }), 0.9);
    const history = appendTerms(first, terms(3, { rec: [[4], [1]] }), 0.9);
    // m₁ = 0.1, w₁ = 0.1; m₂ = 0.29, w₂ = 0.19; m₃ = 0.661, w₃ = 0.271.
    expect(history.values[0][0]).toBeCloseTo(1, 12);
    expect(history.values[0][1]).toBeCloseTo(29 / 19, 12);
    expect(history.values[0][2]).toBeCloseTo(661 / 271, 12);
    expect(history.steps).toEqual([1, 2, 3]);
  });

  it('smooths weight·value as a product and keeps the weights raw when β changes', () => {
    const history = appendTerms(emptyLossHistory(), terms(1, { rec: [[10, 10, 10], ones(3)], kl: [[2, 2, 2], [0, 0.5, 3]] }), 0.5);
    // β·KL raw: 0, 1, 6 → m = 0, 0.5, 3.25; w = 0.5, 0.75, 0.875 → 0, 2/3, 26/7.
    expect(history.weighted[1][1]).toBeCloseTo(2 / 3, 12);
    expect(history.weighted[1][2]).toBeCloseTo(26 / 7, 12);
    expect(history.values[1][2]).toBeCloseTo(2, 12);
    expect(history.total[2]).toBeCloseTo(10 + 26 / 7, 12);
    expect(history.weights[1]).toEqual([0, 0.5, 3]);
    expect(history.weights[0]).toEqual([1, 1, 1]);
  });

  it('sums every weighted term into the total (VQ-VAE: rec + codebook + β_c·commitment)', () => {
    const history = appendTerms(
      emptyLossHistory(),
      terms(1, { rec: [[80, 80], ones(2)], codebook: [[3, 3], ones(2)], commitment: [[3, 3], [0.25, 0.25]] }),
    );
    expect(history.total[1]).toBeCloseTo(80 + 3 + 0.75, 5);
    expect(history.values[2][1]).toBeCloseTo(3, 5);
    expect(history.weighted[2][1]).toBeCloseTo(0.75, 5);
  });

  it('starts afresh when the term names change (another model), EMA included', () => {
    const vae = appendTerms(emptyLossHistory(), terms(1, { rec: [[100, 100], ones(2)], kl: [[5, 5], ones(2)] }));
    const ae = appendTerms(vae, terms(500, { rec: [[30], [1]] }));
    expect(ae.names).toEqual(['rec']);
    expect(ae.steps).toEqual([500]);
    expect(ae.values).toHaveLength(1);
    expect(ae.values[0][0]).toBeCloseTo(30, 5);
    expect(ae.total).toHaveLength(1);
    const emptyVq = appendTerms(ae, terms(1, { rec: [[], []], codebook: [[], []], commitment: [[], []] }));
    expect(emptyVq.names).toEqual(['rec', 'codebook', 'commitment']);
    expect(emptyVq.steps).toEqual([]);
    expect(emptyVq.values).toEqual([[], [], []]);
  });

  it('keeps at most MAX_HISTORY_POINTS after 100k steps, first and latest steps included', () => {
    let history = emptyLossHistory();
    const batch = 50;
    for (let step = 1; step <= 100_000; step += batch) {
      history = appendTerms(history, terms(step, { rec: [ones(batch), ones(batch)], kl: [ones(batch), ones(batch)] }));
    }
    expect(history.steps.length).toBeLessThanOrEqual(MAX_HISTORY_POINTS);
    expect(history.steps.length).toBeGreaterThan(MAX_HISTORY_POINTS / 2);
    expect(history.steps[0]).toBe(1);
    expect(history.steps.at(-1)).toBe(100_000);
    for (let i = 1; i < history.steps.length; i++) expect(history.steps[i]).toBeGreaterThan(history.steps[i - 1]);
    for (const series of [history.total, ...history.values, ...history.weighted, ...history.weights]) {
      expect(series.length).toBe(history.steps.length);
    }
  });

  it('returns the same history for empty terms with the same names, and never mutates its input', () => {
    const start = emptyLossHistory(['rec']);
    expect(appendTerms(start, terms(1, { rec: [[], []] }))).toBe(start);
    const next = appendTerms(start, terms(1, { rec: [[5], [1]] }));
    expect(next).not.toBe(start);
    expect(start.steps).toEqual([]);
    expect(start.values).toEqual([[]]);
    const after = appendTerms(next, terms(2, { rec: [[7], [1]] }));
    expect(next.steps).toEqual([1]);
    expect(after.steps).toEqual([1, 2]);
  });

  it('skips steps with a non-finite value or weight so a diverged step does not poison the curves', () => {
    const history = appendTerms(
      emptyLossHistory(),
      terms(1, { rec: [[3, Number.NaN, 3, 3], ones(4)], kl: [[1, 1, Number.POSITIVE_INFINITY, 1], [1, 1, 1, Number.NaN]] }),
    );
    expect(history.steps).toEqual([1]);
    expect(history.values[0]).toEqual([3]);
  });
});

describe('dropAfter', () => {
  it('removes the undone steps, and the next point smooths from the last kept one, not from the spike', () => {
    const healthy = appendTerms(emptyLossHistory(), terms(1, { rec: [[100, 100, 100], ones(3)] }));
    const spiked = appendTerms(healthy, terms(4, { rec: [[1e8, 1e9], ones(2)] }));
    const rolledBack = dropAfter(spiked, 3);
    expect(rolledBack.steps).toEqual([1, 2, 3]);
    expect(rolledBack.values[0]).toEqual(healthy.values[0]);
    const next = appendTerms(rolledBack, terms(4, { rec: [[90], [1]] }));
    // EMA with s = 0.9 from an exact 100: 0.9·100 + 0.1·90 = 99 (the spike would have given ~1e8).
    expect(next.values[0].at(-1)).toBeCloseTo(99, 9);
    expect(next.total.at(-1)).toBeCloseTo(99, 9);
  });

  it('keeps a history with nothing after the step as it is, and empties one that starts after it', () => {
    const history = appendTerms(emptyLossHistory(), terms(5, { rec: [[1, 2], ones(2)] }));
    expect(dropAfter(history, 6)).toBe(history);
    expect(dropAfter(history, 4).steps).toEqual([]);
    expect(dropAfter(history, 4).names).toEqual(['rec']);
  });
});
