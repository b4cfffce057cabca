import { describe, expect, it } from 'vitest';
import { endpointCode, interpolationPath, PATH_SUBDIVISIONS, pathPointAt } from './probePath';

const CODES = Float32Array.from([0, 0, 1, 2, 3, 4]);
const BASE = { elboIndex: 0, interpolationA: 1, interpolationB: 2 };
const ALL = ['linear', 'slerp', 'quantile'] as const;

describe('endpointCode', () => {
  it('takes the test digit’s row, or its stand-in: the drawn code, or a pinned point of the right length', () => {
    const drawn = Float32Array.from([9, 9]);
    expect(Array.from(endpointCode('interpolationA', BASE, CODES, 2, drawn, true))).toEqual([1, 2]);
    expect(Array.from(endpointCode('interpolationB', { ...BASE, standIns: { interpolationB: { kind: 'drawn' } } }, CODES, 2, drawn, true))).toEqual([9, 9]);
    const pinned = { ...BASE, standIns: { interpolationA: { kind: 'point' as const, z: [0.5, -0.5] } } };
    expect(Array.from(endpointCode('interpolationA', pinned, CODES, 2, null, true))).toEqual([0.5, -0.5]);
    // No drawing yet, points not allowed (a codebook model), or a point of another size: back to the test digit.
    expect(Array.from(endpointCode('interpolationB', { ...BASE, standIns: { interpolationB: { kind: 'drawn' } } }, CODES, 2, null, true))).toEqual([3, 4]);
    expect(Array.from(endpointCode('interpolationA', pinned, CODES, 2, null, false))).toEqual([1, 2]);
    expect(Array.from(endpointCode('interpolationA', { ...BASE, standIns: { interpolationA: { kind: 'point', z: [1] } } }, CODES, 2, null, true))).toEqual([1, 2]);
  });
});

describe('interpolationPath', () => {
  const a = Float32Array.from([2, 0]);
  const b = Float32Array.from([0, 2]);

  it('slerp between (2, 0) and (0, 2) keeps radius 2 at every frame and line point; its frames are every 4th line point', () => {
    const { frames, line } = interpolationPath({ ...BASE, path: 'slerp' }, a, b, 3, ALL);
    expect(line.length / 2).toBe(2 * PATH_SUBDIVISIONS + 1);
    for (let k = 0; k < line.length / 2; k++) expect(Math.hypot(line[2 * k], line[2 * k + 1])).toBeCloseTo(2, 5);
    // The middle frame is at 45°: (√2, √2).
    expect(frames[2]).toBeCloseTo(Math.SQRT2, 5);
    expect(frames[3]).toBeCloseTo(Math.SQRT2, 5);
    expect(line[2 * PATH_SUBDIVISIONS]).toBeCloseTo(frames[2], 6);
  });

  it('is the straight line when no kind is chosen or the model does not offer the chosen one', () => {
    for (const { frames } of [interpolationPath(BASE, a, b, 3, ALL), interpolationPath({ ...BASE, path: 'quantile' }, a, b, 3, ['linear', 'slerp'])]) {
      expect(Array.from(frames)).toEqual([2, 0, 1, 1, 0, 2]);
    }
  });
});

describe('pathPointAt', () => {
  it('follows the chosen path: halfway along the quantile path from −1 to 1 is 0, from 0 to 2 is Φ⁻¹(½(½ + Φ(2)))', () => {
    const z = pathPointAt({ ...BASE, path: 'quantile' }, Float32Array.from([-1, 0]), Float32Array.from([1, 2]), 0.5, ALL);
    expect(z[0]).toBeCloseTo(0, 6);
    // Φ(2) = 0.9772498680518208 (tables); Φ⁻¹(0.7386249340259104) = 0.6391119108712726 (Python's statistics.NormalDist).
    expect(z[1]).toBeCloseTo(0.6391119108712726, 6);
  });
});
