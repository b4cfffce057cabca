import { describe, expect, it } from 'vitest';
import { mulberry32, standardNormals } from '../math/random';
import { DivergenceDetector } from './divergence';

/** Feeds one-term steps with weight 1; returns the index of the first flagged step, or −1. */
function firstFlag(detector: DivergenceDetector, totals: number[]): number {
  return totals.findIndex((total) => detector.observe([total], [1]) !== null);
}

/** A healthy-looking loss: exponential decay from `start` to `floor` over `scale` steps plus Gaussian noise. */
function decaying(steps: number, start: number, floor: number, scale: number, noise: number, seed: number): number[] {
  const eps = standardNormals(steps, mulberry32(seed));
  return Array.from({ length: steps }, (_, t) => floor + (start - floor) * Math.exp(-t / scale) + noise * eps[t]);
}

describe('DivergenceDetector', () => {
  it('flags a non-finite term even when its weight is 0, and does not remember it', () => {
    const detector = new DivergenceDetector();
    expect(detector.observe([100, 5], [1, 1])).toBeNull();
    expect(detector.observe([NaN, 5], [0, 1])).toEqual({ reason: 'nonFinite', total: NaN, limit: Infinity });
    expect(detector.observe([100, Infinity], [1, 1])?.reason).toBe('nonFinite');
    expect(detector.observe([101, 5], [1, 1])).toBeNull();
  });

  it('flags a jump far above the recent range, with the limit median + max(2 · median |total|, 200)', () => {
    const detector = new DivergenceDetector();
    expect(firstFlag(detector, [540, 520, 500, 480])).toBe(-1);
    // Recent totals 540, 520, 500, 480: median 510 → limit 510 + 2 · 510 = 1530.
    expect(detector.observe([1500], [1])).toBeNull();
    // Now 540, 520, 500, 480, 1500: median 520 → limit 1560.
    expect(detector.observe([1e4], [1])).toEqual({ reason: 'exploded', total: 1e4, limit: 1560 });
  });

  it('catches a loss that grows 1.5× per step within a few steps, though each step is only 1.5× the last', () => {
    const detector = new DivergenceDetector();
    const healthy = decaying(60, 540, 150, 20, 3, 1);
    const growing = Array.from({ length: 30 }, (_, t) => 150 * 1.5 ** (t + 1));
    const flagged = firstFlag(detector, [...healthy, ...growing]);
    expect(flagged).toBeGreaterThanOrEqual(60);
    expect(flagged - 60).toBeLessThan(5);
  });

  it('never flags noisy healthy descents: Bernoulli-like, and a Gaussian NLL from +8700 down to about −1000', () => {
    expect(firstFlag(new DivergenceDetector(), decaying(2000, 543, 100, 150, 8, 2))).toBe(-1);
    expect(firstFlag(new DivergenceDetector(), decaying(2000, 8700, -1000, 60, 60, 3))).toBe(-1);
    expect(firstFlag(new DivergenceDetector(), decaying(2000, 1, 0.01, 50, 0.2, 4))).toBe(-1);
  });

  it('re-weights the recent terms with the current weights: β from 1 to 100 is not a divergence', () => {
    const detector = new DivergenceDetector();
    for (let t = 0; t < 50; t++) expect(detector.observe([100 + (t % 3), 20], [1, 1])).toBeNull();
    // Against unweighted history (totals ~121) 100 + 100 · 20 = 2100 would be far outside median + 242.
    expect(detector.observe([101, 20], [1, 100])).toBeNull();
    // Re-weighted, the recent totals are ~2100, so the limit is ~6300: KL 80 (8101) is far above it.
    expect(detector.observe([101, 80], [1, 100])?.reason).toBe('exploded');
  });

  it('ignores a term whose weight is 0 (the KL-only preset), however its value moves', () => {
    const detector = new DivergenceDetector();
    for (let t = 0; t < 50; t++) expect(detector.observe([100, 20 * 0.9 ** t], [0, 1])).toBeNull();
    expect(detector.observe([5000, 0.1], [0, 1])).toBeNull();
  });

  it('after reset judges from scratch (a new mask ratio scoring 3× more pixels)', () => {
    const detector = new DivergenceDetector();
    expect(firstFlag(detector, decaying(50, 100, 90, 10, 1, 5))).toBe(-1);
    expect(detector.observe([900], [1])?.reason).toBe('exploded');
    detector.reset();
    expect(firstFlag(detector, decaying(50, 900, 850, 10, 5, 6))).toBe(-1);
  });
});
