import { describe, expect, it } from 'vitest';
import { contourTraces, drawnTraces, pinTraces } from './exploreOverlays';

describe('explore overlays', () => {
  it('draw nothing until there is something to show', () => {
    expect(drawnTraces(null)).toEqual([]);
    expect(pinTraces(null)).toEqual([]);
    expect(contourTraces(null)).toEqual([]);
  });

  it('put the drawn digit and the pin where they are, and name each contour by the share of q(z) it holds', () => {
    expect(drawnTraces([1.5, -2])[0]).toMatchObject({ x: [1.5], y: [-2], name: 'your digit' });
    expect(pinTraces({ x: 0.25, y: 3 })[0]).toMatchObject({ x: [0.25], y: [3] });
    const segments = { x: Float32Array.from([0, 1, NaN]), y: Float32Array.from([1, 0, NaN]) };
    const traces = contourTraces({ span: 3, shares: [1 - Math.exp(-0.5), 1 - Math.exp(-2)], contours: [segments, segments], mass: 1 });
    expect(traces.map((trace) => trace.name)).toEqual(['q(z): densest 39%', 'q(z): densest 86%']);
    expect(traces[0]).toMatchObject({ x: segments.x, connectgaps: false });
  });
});
