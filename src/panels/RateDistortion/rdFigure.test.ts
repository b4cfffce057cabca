import { describe, expect, it } from 'vitest';
import type { Trail } from '../../state/trails';
import { isoElboLevels, planeRange, rateDistortionFigure } from './rdFigure';

const trail = (beta: number, points: Array<[number, number]>): Trail => ({
  id: String(beta),
  runIdentity: 'r',
  settingsKey: String(beta),
  label: `β = ${beta} · VAE mlp, latent 2 · MNIST`,
  beta,
  points: points.map(([rate, distortion], step) => ({ step, rate, distortion, source: 'subset' })),
});

describe('rate–distortion figure', () => {
  it('pads the range around the points, leaving out the first half of a long trail', () => {
    expect(planeRange([trail(1, [[2, 150], [6, 140]])])).toEqual({ rate: [1.5, 6.5], distortion: [139.2, 150.8] });
    expect(planeRange([trail(1, [[0, 550], [1, 300], [2, 150], [6, 140]])])).toEqual({ rate: [1.5, 6.5], distortion: [139.2, 150.8] });
    expect(planeRange([])).toBeNull();
  });

  it('clips the lines of equal −ELBO to the box: each keeps D + R = c', () => {
    const { data, range } = rateDistortionFigure(trail(1, [[2, 150], [6, 140]]), [], 1);
    const iso = data.filter((d) => (d as { line?: { dash?: string } }).line?.dash === 'dot') as Array<{ x: number[]; y: number[] }>;
    expect(iso.length).toBeGreaterThan(0);
    for (const line of iso) {
      expect(line.x[0] + line.y[0]).toBeCloseTo(line.x[1] + line.y[1], 9);
      for (const x of line.x) expect(x).toBeGreaterThanOrEqual(range!.rate[0] - 1e-9);
      for (const y of line.y) expect(y).toBeLessThanOrEqual(range!.distortion[1] + 1e-9);
    }
  });

  it('puts −ELBO levels at round values inside the box', () => {
    const levels = isoElboLevels({ rate: [0, 10], distortion: [140, 160] });
    expect(levels).toEqual([140, 150, 160]);
  });

  it('draws the current β’s line through the latest point with slope −β', () => {
    const { data } = rateDistortionFigure(trail(4, [[2, 150], [3, 146]]), [trail(1, [[5, 140]])], 4);
    const slope = data.find((d) => (d as { name?: string }).name?.startsWith('slope')) as { x: number[]; y: number[] };
    expect((slope.y[1] - slope.y[0]) / (slope.x[1] - slope.x[0])).toBeCloseTo(-4, 10);
    const through = slope.y[0] + (3 - slope.x[0]) * -4;
    expect(through).toBeCloseTo(146, 10);
    // One ghost trace, faded and labelled with its β.
    const ghosts = data.filter((d) => (d as { opacity?: number }).opacity === 0.45);
    expect(ghosts).toHaveLength(1);
    expect((ghosts[0] as { name: string }).name).toContain('β = 1');
  });
});
