import { describe, expect, it } from 'vitest';
import type { LatentView } from '../../worker/protocol';
import { codebookTraces, MAX_ELLIPSES, sigmaTraces, subsample } from './latentOverlays';

const EMPTY = new Float32Array(0);

function view(n: number, sigma: boolean, codes = 0): LatentView {
  return {
    projection: 'identity',
    x: Float32Array.from({ length: n }, (_, i) => i),
    y: Float32Array.from({ length: n }, (_, i) => -i),
    explainedVariance: [1, 1],
    pathX: EMPTY,
    pathY: EMPTY,
    sigmaX: sigma ? new Float32Array(n).fill(0.5) : EMPTY,
    sigmaY: sigma ? new Float32Array(n).fill(2) : EMPTY,
    codebookX: new Float32Array(codes),
    codebookY: new Float32Array(codes),
  };
}

describe('subsample', () => {
  it('spreads at most `limit` indices evenly over the points', () => {
    expect(subsample(10, 4)).toEqual([0, 3, 6, 9]);
    expect(subsample(3, 150)).toEqual([0, 1, 2]);
    expect(subsample(2000, 150).length).toBeLessThanOrEqual(150);
  });
});

describe('sigmaTraces', () => {
  it('draws nothing without σ (AE, VQ-VAE, or a latent wider than 2)', () => {
    expect(sigmaTraces(view(2000, false), null, 10)).toEqual([]);
  });

  it('draws at most MAX_ELLIPSES closed 1σ outlines, each point on (x−μx)²/σx² + (y−μy)²/σy² = 1', () => {
    const labels = Uint8Array.from({ length: 2000 }, (_, i) => i % 10);
    const traces = sigmaTraces(view(2000, true), labels, 10) as { x: (number | null)[]; y: (number | null)[] }[];
    let ellipses = 0;
    for (const trace of traces) {
      let start = 0;
      expect(trace.x.at(-1)).toBeNull();
      for (let k = 0; k < trace.x.length; k++) {
        if (trace.x[k] !== null) continue;
        const xs = trace.x.slice(start, k) as number[];
        const ys = trace.y.slice(start, k) as number[];
        const cx = (Math.max(...xs) + Math.min(...xs)) / 2;
        const cy = (Math.max(...ys) + Math.min(...ys)) / 2;
        for (let j = 0; j < xs.length; j++) expect(((xs[j] - cx) / 0.5) ** 2 + ((ys[j] - cy) / 2) ** 2).toBeCloseTo(1, 4);
        expect(xs[0]).toBeCloseTo(xs[xs.length - 1], 9);
        ellipses++;
        start = k + 1;
      }
    }
    expect(ellipses).toBeGreaterThan(100);
    expect(ellipses).toBeLessThanOrEqual(MAX_ELLIPSES);
  });
});

describe('codebookTraces', () => {
  it('names the codebook size in the legend, and is empty without a codebook', () => {
    expect(codebookTraces(view(10, false))).toEqual([]);
    const [trace] = codebookTraces(view(10, false, 64)) as { name: string; x: Float32Array }[];
    expect(trace.name).toBe('codebook (64)');
    expect(trace.x).toHaveLength(64);
  });
});
