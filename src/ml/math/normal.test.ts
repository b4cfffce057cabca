import { describe, expect, it } from 'vitest';
import { normalCdf, normalLogPdf, normalPdf, normalQuantile } from './normal';

/** |actual − expected| ≤ tolerance·|expected| (exact equality when expected is 0). */
function expectRelative(actual: number, expected: number, tolerance: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance * Math.abs(expected));
}

/** Standard normal density written out directly, independent of the module. */
const phi = (x: number) => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);

/** ∫ φ over [from, to] by composite Simpson's rule with `intervals` (even) panels. */
function simpson(from: number, to: number, intervals = 60_000): number {
  const h = (to - from) / intervals;
  let sum = phi(from) + phi(to);
  for (let k = 1; k < intervals; k++) sum += (k % 2 === 1 ? 4 : 2) * phi(from + k * h);
  return (sum * h) / 3;
}

/** Φ(x) by quadrature without cancellation: ∫ φ over [x − 15, x] for x ≤ 0, ½ + ∫₀ˣ φ above. */
function quadratureCdf(x: number): number {
  return x <= 0 ? simpson(x - 15, x) : 0.5 + simpson(0, x);
}

/** Φ(−x) for x > 0 from Laplace's continued fraction for Mills' ratio: φ(x)/(x + 1/(x + 2/(x + 3/(x + …)))). */
function continuedFractionLowerTail(x: number, terms = 2000): number {
  let tail = x;
  for (let k = terms; k >= 1; k--) tail = x + k / tail;
  return phi(x) / tail;
}

// Φ from standard tables, written as the nearest doubles (re-checked with mpmath at 40 digits).
const TABULATED_CDF: [number, number][] = [
  [0, 0.5],
  [0.5, 0.6914624612740131],
  [-0.5, 0.3085375387259869],
  [1, 0.8413447460685429],
  [-1, 0.15865525393145705],
  [1.96, 0.9750021048517795],
  [2, 0.9772498680518208],
  [-3, 0.0013498980316300946],
  [-5, 2.866515718791939e-7],
  [-8, 6.220960574271784e-16],
  [-10, 7.619853024160525e-24],
  [-20, 2.7536241186062337e-89],
  [-37, 5.725571222524577e-300],
];

describe('normalPdf / normalLogPdf', () => {
  it('matches φ(0) = 1/√(2π) and φ(1) = e^{−1/2}/√(2π), and vanishes at ±∞', () => {
    expectRelative(normalPdf(0), 0.3989422804014327, 1e-15);
    expectRelative(normalPdf(-1), 0.24197072451914337, 1e-15);
    expectRelative(normalPdf(30), Math.exp(-450) * 0.3989422804014327, 1e-13);
    expect(normalPdf(Infinity)).toBe(0);
    expect(normalPdf(-Infinity)).toBe(0);
  });

  it('log-density is −x²/2 − ½ln(2π), finite where the density underflows', () => {
    expectRelative(normalLogPdf(3), -4.5 - 0.5 * Math.log(2 * Math.PI), 1e-15);
    expectRelative(normalLogPdf(100), -5000 - 0.5 * Math.log(2 * Math.PI), 1e-15);
    expect(normalPdf(100)).toBe(0);
    expect(normalLogPdf(-Infinity)).toBe(-Infinity);
  });

  it('integrates to 1 (trapezoid rule on [−12, 12])', () => {
    const h = 0.01;
    let sum = 0;
    for (let k = -1200; k <= 1200; k++) sum += normalPdf(k * h) * (Math.abs(k) === 1200 ? h / 2 : h);
    expect(sum).toBeCloseTo(1, 12);
  });
});

describe('normalCdf', () => {
  it.each(TABULATED_CDF)('Φ(%s) matches the tabulated value to 1e-14 relative', (x, expected) => {
    expectRelative(normalCdf(x), expected, 1e-14);
  });

  it('agrees with Simpson integration of φ across the body', () => {
    for (let x = -6; x <= 6; x += 0.37) expectRelative(normalCdf(x), quadratureCdf(x), 1e-12);
  });

  it('agrees with the Mills-ratio continued fraction deep in the lower tail', () => {
    for (const x of [4, 5.5, 5.7, 7, 12, 25, 37.5]) expectRelative(normalCdf(-x), continuedFractionLowerTail(x), 1e-12);
  });

  it('keeps the symmetry Φ(x) + Φ(−x) = 1 and the limits at ±∞', () => {
    for (const x of [0.1, 0.6, 0.7, 2.5, 5.6, 5.7, 8]) expect(normalCdf(x) + normalCdf(-x)).toBeCloseTo(1, 15);
    expect(normalCdf(-Infinity)).toBe(0);
    expect(normalCdf(Infinity)).toBe(1);
    expect(normalCdf(-40)).toBeLessThan(1e-320);
    expect(Number.isNaN(normalCdf(NaN))).toBe(true);
  });

  it('is non-decreasing across the branch boundaries 0.674 and √32', () => {
    for (const edge of [0.67448975, Math.sqrt(32)]) {
      const xs = [edge - 1e-9, edge, edge + 1e-9].flatMap((x) => [-x, x]).sort((a, b) => a - b);
      for (let i = 1; i < xs.length; i++) expect(normalCdf(xs[i])).toBeGreaterThanOrEqual(normalCdf(xs[i - 1]));
    }
  });
});

describe('normalQuantile', () => {
  // Tabulated quantiles (Abramowitz & Stegun 26.2; re-checked with mpmath at 40 digits).
  it.each([
    [0.975, 1.959963984540054],
    [0.9, 1.2815515655446004],
    [0.001, -3.090232306167813],
    [1e-10, -6.361340902404056],
    [0.75, 0.6744897501960817],
    [0.2, -0.8416212335729142],
    [0.05, -1.6448536269514726],
  ])('Φ⁻¹(%s) = %s', (p, expected) => {
    expectRelative(normalQuantile(p), expected, 1e-15);
  });

  it('Φ⁻¹(½) = 0, Φ⁻¹(0) = −∞, Φ⁻¹(1) = +∞, NaN outside [0, 1]', () => {
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    for (const p of [-0.1, 1.1, NaN]) expect(Number.isNaN(normalQuantile(p))).toBe(true);
  });

  it('round-trips Φ(Φ⁻¹(p)) = p in the lower tail down to 1e-300 and the body', () => {
    const ps = [1e-300, 1e-100, 1e-20, 1e-12, 1e-11, 1.4e-11, 1e-6, 0.01, 0.074, 0.075, 0.076, 0.3, 0.5, 0.6, 0.925, 0.99];
    for (const p of ps) expectRelative(normalCdf(normalQuantile(p)), p, 1e-12);
  });

  it('round-trips the upper tail in relative terms: Φ(−Φ⁻¹(1 − s)) = s for s down to 1e-12', () => {
    for (const target of [1e-12, 1e-9, 1e-4, 0.02]) {
      const p = 1 - target;
      const s = 1 - p; // exactly representable complement of the rounded p
      expectRelative(normalCdf(-normalQuantile(p)), s, 1e-12);
    }
  });

  it('is odd about ½: Φ⁻¹(1 − p) = −Φ⁻¹(p)', () => {
    for (const p of [0.001, 0.1, 0.3, 0.45]) expectRelative(normalQuantile(1 - p), -normalQuantile(p), 1e-14);
  });
});
