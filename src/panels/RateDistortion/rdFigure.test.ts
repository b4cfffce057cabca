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
  it('pads the range around every point', () => {
    expect(planeRange([trail(1, [[2, 150], [6, 140]])])).toEqual({ rate: [1.5, 6.5], distortion: [139.2, 150.8] });
    expect(planeRange([])).toBeNull();
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
