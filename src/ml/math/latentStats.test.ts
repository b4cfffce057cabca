import { describe, expect, it } from 'vitest';
import { activeUnits, aggregateKl, aggregateMoments, aggregatePosteriorDensity, aggregatePosteriorLogDensity, gridKl, histogram, klPerDimension, massLevels, scottBandwidths } from './latentStats';
import { mulberry32, standardNormals } from './random';

const f32 = (...values: number[]) => Float32Array.from(values);
/** Evenly spaced ascending axis from `from` to `to` with `count` points. */
const axis = (from: number, to: number, count: number) => Float64Array.from({ length: count }, (_, k) => from + ((to - from) * k) / (count - 1));
/** Density of N(z; μ, diag(s0², s1²)) in 2-D, written out independently of the module. */
const gaussian2 = (x: number, y: number, m0: number, m1: number, s0: number, s1: number) =>
  Math.exp(-0.5 * ((x - m0) / s0) ** 2 - 0.5 * ((y - m1) / s1) ** 2) / (2 * Math.PI * s0 * s1);

// Three 2-D posteriors: means and standard deviations.
const MIXTURE = [
  { m: [0.5, -1], s: [0.4, 0.7] },
  { m: [-1.5, 0.3], s: [0.9, 0.3] },
  { m: [1, 1.2], s: [0.5, 0.5] },
];
const MIXTURE_MEANS = Float32Array.from(MIXTURE.flatMap((c) => c.m));
const MIXTURE_LOG_VARS = Float32Array.from(MIXTURE.flatMap((c) => c.s.map((s) => Math.log(s * s))));
/** Mixture density with the standard deviations as float32 rounds them through ln σ², so both sides agree exactly. */
const mixtureDensity = (x: number, y: number) =>
  MIXTURE.reduce((sum, _, n) => {
    const s0 = Math.exp(0.5 * MIXTURE_LOG_VARS[2 * n]);
    const s1 = Math.exp(0.5 * MIXTURE_LOG_VARS[2 * n + 1]);
    return sum + gaussian2(x, y, MIXTURE_MEANS[2 * n], MIXTURE_MEANS[2 * n + 1], s0, s1) / MIXTURE.length;
  }, 0);

describe('klPerDimension', () => {
  it('averages ½(μ² + σ² − ln σ² − 1) over two digits (hand-worked)', () => {
    // Digit 1: μ = (1, 0), σ² = (1, 4). Digit 2: μ = (−1, 2), σ² = (¼, 1).
    const kl = klPerDimension(f32(1, 0, -1, 2), f32(0, Math.log(4), Math.log(0.25), 0), 2, 2);
    // Dim 0: ½(1 + 1 − 0 − 1) = ½ and ½(1 + ¼ + ln 4 − 1); dim 1: ½(0 + 4 − ln 4 − 1) and ½(4 + 1 − 0 − 1) = 2.
    expect(kl[0]).toBeCloseTo((0.5 + 0.5 * (0.25 + Math.log(4))) / 2, 6);
    expect(kl[1]).toBeCloseTo((0.5 * (3 - Math.log(4)) + 2) / 2, 6);
  });

  it('agrees with a Monte Carlo estimate of E_q[ln q(z) − ln p(z)]', () => {
    const mu = 0.7;
    const sigma = 0.4;
    const eps = standardNormals(200_000, mulberry32(5));
    let sum = 0;
    for (const e of eps) {
      const z = mu + sigma * e;
      sum += -0.5 * e * e - Math.log(sigma) + 0.5 * z * z; // ln N(z; μ, σ²) − ln N(z; 0, 1)
    }
    expect(klPerDimension(f32(mu), f32(Math.log(sigma * sigma)), 1, 1)[0]).toBeCloseTo(sum / eps.length, 2);
  });
});

describe('activeUnits', () => {
  it('measures the variance of μ over digits per dimension', () => {
    // Four digits. Dim 0: ±1 → variance 1. Dim 1: constant 5 → 0. Dim 2: 0, 0, 0.3, 0.3 → 0.0225. Dim 3: 0, 0.1, 0, 0.1 → 0.0025.
    const means = f32(1, 5, 0, 0, -1, 5, 0, 0.1, 1, 5, 0.3, 0, -1, 5, 0.3, 0.1);
    const { variances, active, count } = activeUnits(means, 4, 4);
    expect(variances[0]).toBeCloseTo(1, 6);
    expect(variances[1]).toBeCloseTo(0, 10);
    expect(variances[2]).toBeCloseTo(0.0225, 7);
    expect(variances[3]).toBeCloseTo(0.0025, 7);
    expect(active).toEqual([true, false, true, false]);
    expect(count).toBe(2);
    expect(activeUnits(means, 4, 4, 0.001).count).toBe(3);
  });
});

describe('aggregatePosteriorDensity', () => {
  const xs = axis(-3, 3, 13);
  const ys = axis(-2, 2, 9);

  it('equals the direct average of the Gaussians, with row j at ys[j]', () => {
    const density = aggregatePosteriorDensity(MIXTURE_MEANS, MIXTURE_LOG_VARS, 3, xs, ys);
    expect(density.length).toBe(9 * 13);
    for (let j = 0; j < ys.length; j++) {
      for (let i = 0; i < xs.length; i++) {
        const expected = mixtureDensity(xs[i], ys[j]);
        expect(Math.abs(density[j * xs.length + i] - expected)).toBeLessThanOrEqual(1e-12 * expected + 1e-300);
      }
    }
  });

  it('integrates to 1 on a wide grid', () => {
    const wide = axis(-8, 8, 321);
    const density = aggregatePosteriorDensity(MIXTURE_MEANS, MIXTURE_LOG_VARS, 3, wide, wide);
    const cell = (16 / 320) ** 2;
    expect(density.reduce((sum, q) => sum + q, 0) * cell).toBeCloseTo(1, 6);
  });

  it('keeps the log-density finite where the density underflows', () => {
    // Components at (±1, 0), σ = 1, evaluated at (40, 0):
    // ln q = ln ½ − ln 2π − 39²/2 + ln(1 + e^{−(41² − 39²)/2}) = ln ½ − ln 2π − 760.5 + ln(1 + e^{−80}).
    const logQ = aggregatePosteriorLogDensity(f32(1, 0, -1, 0), f32(0, 0, 0, 0), 2, [40], [0]);
    expect(logQ[0]).toBeCloseTo(Math.log(0.5) - Math.log(2 * Math.PI) - 760.5 + Math.log1p(Math.exp(-80)), 9);
    expect(aggregatePosteriorDensity(f32(1, 0, -1, 0), f32(0, 0, 0, 0), 2, [40], [0])[0]).toBe(0);
  });
});

describe('gridKl', () => {
  const wide = axis(-8, 8, 401);
  const densityOnGrid = (f: (x: number, y: number) => number, xs: Float64Array, ys: Float64Array) =>
    Float64Array.from({ length: xs.length * ys.length }, (_, k) => f(xs[k % xs.length], ys[Math.floor(k / xs.length)]));

  it('is 0 for the prior itself, with all the mass captured', () => {
    const { kl, mass } = gridKl(densityOnGrid((x, y) => gaussian2(x, y, 0, 0, 1, 1), wide, wide), wide, wide);
    expect(kl).toBeCloseTo(0, 8);
    expect(mass).toBeCloseTo(1, 8);
  });

  it('matches the closed form ½(2s² + |m|² − 2 − 2 ln s²) for N(m, s²I)', () => {
    const m = [1, -0.5];
    const s = 0.6;
    const { kl, mass } = gridKl(densityOnGrid((x, y) => gaussian2(x, y, m[0], m[1], s, s), wide, wide), wide, wide);
    expect(kl).toBeCloseTo(0.5 * (2 * s * s + m[0] ** 2 + m[1] ** 2 - 2 - 2 * Math.log(s * s)), 8);
    expect(mass).toBeCloseTo(1, 8);
  });

  it('reports the mass a grid misses: half of N(0, I) on x ≥ 0', () => {
    const half = axis(0, 8, 201);
    expect(gridKl(densityOnGrid((x, y) => gaussian2(x, y, 0, 0, 1, 1), half, wide), half, wide).mass).toBeCloseTo(0.5, 6);
  });

  it('agrees with a Monte Carlo estimate of KL(q ‖ N(0, I)) for the aggregate posterior of three digits', () => {
    const { kl, mass } = gridKl(aggregatePosteriorDensity(MIXTURE_MEANS, MIXTURE_LOG_VARS, 3, wide, wide), wide, wide);
    const draws = 100_000;
    const uniform = mulberry32(9);
    const eps = standardNormals(2 * draws, uniform);
    let sum = 0;
    for (let k = 0; k < draws; k++) {
      const c = MIXTURE[Math.floor(uniform() * 3)];
      const x = c.m[0] + c.s[0] * eps[2 * k];
      const y = c.m[1] + c.s[1] * eps[2 * k + 1];
      sum += Math.log(mixtureDensity(x, y)) - Math.log(gaussian2(x, y, 0, 0, 1, 1));
    }
    expect(mass).toBeCloseTo(1, 6);
    expect(Math.abs(kl - sum / draws)).toBeLessThan(0.02);
  });
});

describe('aggregateMoments', () => {
  it('adds Cov(μ) and the mean σ²: two digits at ±(1, 1) with σ² = 1 give S = [[2, 1], [1, 2]] (hand-worked)', () => {
    const { mean, covariance, klToPrior } = aggregateMoments(f32(1, 1, -1, -1), f32(0, 0, 0, 0), 2, 2);
    expect(Array.from(mean)).toEqual([0, 0]);
    Array.from(covariance).forEach((v, k) => expect(v).toBeCloseTo([2, 1, 1, 2][k], 12));
    // ½(tr S + mᵀm − d − ln det S) = ½(4 + 0 − 2 − ln 3).
    expect(klToPrior).toBeCloseTo(0.5 * (2 - Math.log(3)), 12);
  });

  it('reduces to the diagonal closed form when every digit has the same posterior', () => {
    const m = [0.5, -2, 0];
    const s2 = [0.25, 1, 3];
    const rows = 3;
    const means = Float32Array.from({ length: rows * 3 }, (_, k) => m[k % 3]);
    const logVars = Float32Array.from({ length: rows * 3 }, (_, k) => Math.log(s2[k % 3]));
    const expected = m.reduce((sum, mi, i) => sum + 0.5 * (s2[i] + mi * mi - 1 - Math.log(s2[i])), 0);
    expect(aggregateMoments(means, logVars, rows, 3).klToPrior).toBeCloseTo(expected, 6);
  });

  it('is infinitely far from the prior when the covariance is singular', () => {
    // Both digits at μ = 1 with σ² = 0: S = 0.
    expect(aggregateMoments(f32(1, 1), f32(-Infinity, -Infinity), 2, 1).klToPrior).toBe(Infinity);
  });

  it('matches the sample mean and covariance of draws from the aggregate posterior', () => {
    const { mean, covariance } = aggregateMoments(MIXTURE_MEANS, MIXTURE_LOG_VARS, 3, 2);
    const draws = 200_000;
    const uniform = mulberry32(21);
    const eps = standardNormals(2 * draws, uniform);
    const z = new Float64Array(2 * draws);
    for (let k = 0; k < draws; k++) {
      const c = MIXTURE[Math.floor(uniform() * 3)];
      z[2 * k] = c.m[0] + c.s[0] * eps[2 * k];
      z[2 * k + 1] = c.m[1] + c.s[1] * eps[2 * k + 1];
    }
    const sampleMean = [0, 1].map((i) => z.filter((_, k) => k % 2 === i).reduce((a, b) => a + b, 0) / draws);
    for (let i = 0; i < 2; i++) {
      expect(Math.abs(mean[i] - sampleMean[i])).toBeLessThan(0.01); // ~4 standard errors
      for (let j = 0; j < 2; j++) {
        let sum = 0;
        for (let k = 0; k < draws; k++) sum += (z[2 * k + i] - sampleMean[i]) * (z[2 * k + j] - sampleMean[j]);
        expect(Math.abs(covariance[i * 2 + j] - sum / draws)).toBeLessThan(0.015); // ~5 standard errors
      }
    }
  });
});

describe('histogram', () => {
  it('counts into bins and scales by the total count (hand-worked)', () => {
    // Six non-NaN values; [0, 0.5) holds 0.1, 0.2; [0.5, 1] holds 0.6, 1.0; −0.5 is below, 2 above.
    const { edges, density, below, above } = histogram([0.1, 0.2, 0.6, 1, -0.5, 2, NaN], 2, 0, 1);
    expect(Array.from(edges)).toEqual([0, 0.5, 1]);
    Array.from(density).forEach((d) => expect(d).toBeCloseTo(2 / (6 * 0.5), 12));
    expect([below, above]).toEqual([1, 1]);
  });

  it('overlays the N(0, 1) density for standard normal draws', () => {
    const { edges, density } = histogram(standardNormals(200_000, mulberry32(4)), 32, -4, 4);
    // Tolerance: ~4 standard errors of the busiest bin (0.0027) plus the bin-average bias φ''·h²/24 ≈ 0.001.
    density.forEach((d, k) => {
      const centre = (edges[k] + edges[k + 1]) / 2;
      expect(Math.abs(d - Math.exp(-0.5 * centre * centre) / Math.sqrt(2 * Math.PI))).toBeLessThan(0.012);
    });
  });

  it('rejects an empty range or a bad bin count', () => {
    expect(() => histogram([1], 0, 0, 1)).toThrow(RangeError);
    expect(() => histogram([1], 3, 1, 1)).toThrow(RangeError);
  });
});

describe('aggregateKl', () => {
  it('matches the closed form ½(d·s² + |m|² − d − d·ln s²) when every digit has the posterior N(m, s²I) in 3-D', () => {
    const m = [0.4, -1, 0.2];
    const s = 0.5;
    const rows = 4;
    const means = Float32Array.from({ length: rows * 3 }, (_, k) => m[k % 3]);
    const logVars = new Float32Array(rows * 3).fill(Math.log(s * s));
    const { kl, standardError } = aggregateKl(means, logVars, rows, 3, 4000, mulberry32(2));
    const exact = 0.5 * (3 * s * s + m.reduce((sum, v) => sum + v * v, 0) - 3 - 3 * Math.log(s * s));
    expect(standardError).toBeGreaterThan(0);
    expect(Math.abs(kl - exact)).toBeLessThan(4 * standardError);
  });

  it('agrees with the grid quadrature of the three-digit mixture (trapezoid rule on a fine wide grid)', () => {
    const wide = axis(-8, 8, 401);
    const quadrature = gridKl(aggregatePosteriorDensity(MIXTURE_MEANS, MIXTURE_LOG_VARS, 3, wide, wide), wide, wide).kl;
    const { kl, standardError } = aggregateKl(MIXTURE_MEANS, MIXTURE_LOG_VARS, 3, 2, 20_000, mulberry32(4));
    expect(standardError).toBeLessThan(0.02);
    expect(Math.abs(kl - quadrature)).toBeLessThan(4 * standardError);
  });
});

describe('scottBandwidths', () => {
  it('is sd · n^(−1/(d + 4)): columns 0, 2, 0, 2 (sd 1) and 1, 1, 1, 5 (sd √3) over 4 rows in 2-D give 4^(−1/6) and √3 · 4^(−1/6)', () => {
    const h = scottBandwidths(f32(0, 1, 2, 1, 0, 1, 2, 5), 4, 2);
    expect(h[0]).toBeCloseTo(4 ** (-1 / 6), 10);
    expect(h[1]).toBeCloseTo(Math.sqrt(3) * 4 ** (-1 / 6), 6);
  });
});

describe('massLevels', () => {
  it('finds the prior’s 1σ and 2σ circles: N(0, I) holds 1 − e^{−r²/2} within radius r, where its density is e^{−r²/2}/(2π)', () => {
    const xs = axis(-6, 6, 601);
    const density = Float64Array.from({ length: xs.length * xs.length }, (_, k) => gaussian2(xs[k % xs.length], xs[Math.floor(k / xs.length)], 0, 0, 1, 1));
    const [one, two] = massLevels(density, xs, xs, [1 - Math.exp(-0.5), 1 - Math.exp(-2)]);
    expect(one).toBeCloseTo(Math.exp(-0.5) / (2 * Math.PI), 3);
    expect(two).toBeCloseTo(Math.exp(-2) / (2 * Math.PI), 3);
  });

  it('takes cells in order of density: two cells of density 3 and 1 on a unit grid', () => {
    // 2 × 2 grid on [0, 1]²: trapezoid cells of area ¼ each. Densities 3, 3, 1, 1 → masses ¾, ¾, ¼, ¼ of total 2.
    const xs = Float64Array.from([0, 1]);
    expect(massLevels(Float64Array.from([3, 3, 1, 1]), xs, xs, [0.3, 0.75, 0.8, 1])).toEqual([3, 3, 1, 1]);
  });
});
