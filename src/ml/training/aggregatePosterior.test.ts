import { describe, expect, it } from 'vitest';
import { mulberry32, standardNormals } from '../math/random';
import { summarizeAggregatePosterior } from './aggregatePosterior';

/** Density of N(z; μ, diag(s0², s1²)) in 2-D, written out directly. */
const gaussian2 = (x: number, y: number, m0: number, m1: number, s0: number, s1: number) =>
  Math.exp(-0.5 * ((x - m0) / s0) ** 2 - 0.5 * ((y - m1) / s1) ** 2) / (2 * Math.PI * s0 * s1);

/** Every end point of line segments (NaN separators dropped). */
function ends(segments: { x: Float32Array; y: Float32Array }): [number, number][] {
  const out: [number, number][] = [];
  segments.x.forEach((x, k) => {
    if (!Number.isNaN(x)) out.push([x, segments.y[k]]);
  });
  return out;
}

describe('summarizeAggregatePosterior', () => {
  it('q = p when every digit’s posterior is N(0, I): contours on the 1σ and 2σ circles, KL 0, mean 0, variance 1', () => {
    const rows = 5;
    const summary = summarizeAggregatePosterior({ values: new Float32Array(rows * 2), logVar: new Float32Array(rows * 2), rows, dim: 2 }, 1);
    expect(summary.source).toBe('posterior');
    expect(summary.kl?.nats).toBeCloseTo(0, 6);
    expect(summary.gaussianKl).toBeCloseTo(0, 6);
    expect(Array.from(summary.mean)).toEqual([0, 0]);
    expect(summary.variance[1]).toBeCloseTo(1, 6);
    const plane = summary.plane;
    if (!plane) throw new Error('a 2-D latent has a plane');
    expect(plane.mass).toBeGreaterThan(0.99);
    // Grid cells of 2·3/47 ≈ 0.13: the highest-density region's edge lands within about one cell of radius 1 and 2.
    plane.contours.forEach((segments, k) => {
      const points = ends(segments);
      expect(points.length).toBeGreaterThan(20);
      for (const [x, y] of points) expect(Math.abs(Math.hypot(x, y) - (k + 1))).toBeLessThan(0.13);
    });
  });

  it('draws contours where the direct sum over three Gaussians has one density, and their KL agrees with the closed-form mixture', () => {
    const components = [
      { m: [1.5, 0], s: [0.3, 0.5] },
      { m: [-1.5, 0.5], s: [0.4, 0.4] },
      { m: [0, -2], s: [0.6, 0.3] },
    ];
    const values = Float32Array.from(components.flatMap((c) => c.m));
    const logVar = Float32Array.from(components.flatMap((c) => c.s.map((s) => Math.log(s * s))));
    const summary = summarizeAggregatePosterior({ values, logVar, rows: 3, dim: 2 }, 2);
    const direct = (x: number, y: number) => components.reduce((sum, c) => sum + gaussian2(x, y, c.m[0], c.m[1], c.s[0], c.s[1]) / 3, 0);
    for (const segments of summary.plane?.contours ?? []) {
      const densities = ends(segments).map(([x, y]) => direct(x, y));
      const mid = densities.slice().sort((a, b) => a - b)[Math.floor(densities.length / 2)];
      // One level per contour: every point's density within 25% of the median (linear interpolation on 0.13-wide cells of a curved density).
      for (const d of densities) expect(Math.abs(d - mid) / mid).toBeLessThan(0.25);
    }
    // The 2σ-share contour holds more than the 1σ-share one, so its level is lower.
    const [inner, outer] = (summary.plane?.contours ?? []).map((segments) => direct(...ends(segments)[0]));
    expect(outer).toBeLessThan(inner);
    // Monte Carlo of ln q − ln p against an independent estimate from 50,000 draws of the mixture.
    const uniform = mulberry32(8);
    const eps = standardNormals(100_000, uniform);
    let sum = 0;
    for (let k = 0; k < 50_000; k++) {
      const c = components[Math.floor(uniform() * 3)];
      const [x, y] = [c.m[0] + c.s[0] * eps[2 * k], c.m[1] + c.s[1] * eps[2 * k + 1]];
      sum += Math.log(direct(x, y)) - Math.log(gaussian2(x, y, 0, 0, 1, 1));
    }
    const kl = summary.kl;
    if (!kl) throw new Error('posteriors give a KL');
    expect(Math.abs(kl.nats - sum / 50_000)).toBeLessThan(4 * kl.standardError + 0.02);
  });

  it('an autoencoder’s point codes: kernel-smoothed contours with Scott’s widths, no KL, and the codes’ own moments', () => {
    const rows = 400;
    const eps = standardNormals(rows * 2, mulberry32(3));
    const values = Float32Array.from(eps, (e, k) => (k % 2 === 0 ? 5 + 2 * e : e));
    const summary = summarizeAggregatePosterior({ values, logVar: null, rows, dim: 2 }, 3);
    expect(summary.source).toBe('kernel');
    expect(summary.kl).toBeNull();
    expect(summary.mean[0]).toBeCloseTo(5, 0);
    expect(summary.variance[0]).toBeCloseTo(4, 0);
    // Scott: sd · 400^(−1/6) = sd · 0.368.
    expect(summary.bandwidth?.[0]).toBeCloseTo(Math.sqrt(summary.variance[0]) * 400 ** (-1 / 6), 5);
    // KL(N((5, 0), diag(4, 1)) ‖ N(0, I)) = ½(4 + 1 + 25 − 2 − ln 4) ≈ 13.3.
    expect(summary.gaussianKl).toBeCloseTo(0.5 * (summary.variance[0] + summary.variance[1] + summary.mean[0] ** 2 + summary.mean[1] ** 2 - 2 - Math.log(summary.variance[0] * summary.variance[1])), 1);
    expect(summary.plane?.span).toBeGreaterThan(9);
  });

  it('latent > 2: histograms of one draw of z per digit follow N(0, 1) when every posterior is N(0, I), on a range of at least ±4', () => {
    const rows = 4000;
    const dim = 3;
    const summary = summarizeAggregatePosterior({ values: new Float32Array(rows * dim), logVar: new Float32Array(rows * dim), rows, dim }, 5);
    const histograms = summary.histograms;
    if (!histograms) throw new Error('latent > 2 has histograms');
    expect(summary.plane).toBeNull();
    expect(histograms.dims).toEqual([0, 1, 2]);
    expect(histograms.edges[0]).toBeLessThanOrEqual(-4);
    const bins = histograms.prior.length;
    for (let b = 0; b < bins; b++) {
      const centre = (histograms.edges[b] + histograms.edges[b + 1]) / 2;
      expect(histograms.prior[b]).toBeCloseTo(Math.exp(-0.5 * centre * centre) / Math.sqrt(2 * Math.PI), 6);
      // Counts of about 4000 × 0.33 × φ per bin: within 0.04 of φ (several binomial standard errors at the peak).
      for (let k = 0; k < dim; k++) expect(Math.abs(histograms.density[k * bins + b] - histograms.prior[b])).toBeLessThan(0.04);
    }
    expect(summary.kl?.nats).toBeCloseTo(0, 6);
  });
});
