/**
 * Iso-lines of a function sampled on a grid (marching squares): the segments along which it crosses a level,
 * placed on each cell's edges by linear interpolation. Plain numbers, for drawing density contours.
 */

/** Line segments as drawing coordinates: x0, x1, NaN, x0, x1, NaN … (NaN breaks the line between segments). */
export interface Segments {
  x: Float32Array;
  y: Float32Array;
}

/**
 * Segments where `values` crosses `level`. values[j·xs.length + i] is the function at (xs[i], ys[j]) (row j at
 * ys[j], like aggregatePosteriorLogDensity); the axes ascend. A value ≥ level counts as above. A cell whose
 * diagonal corners are above and the other two below (a saddle) is resolved by its centre, the mean of its corners:
 * the corners on the other side of the centre are cut off.
 */
export function contourSegments(values: ArrayLike<number>, xs: ArrayLike<number>, ys: ArrayLike<number>, level: number): Segments {
  const nx = xs.length;
  const ny = ys.length;
  if (values.length !== nx * ny) throw new RangeError(`values has ${values.length} entries, not ${ny} × ${nx}`);
  const outX: number[] = [];
  const outY: number[] = [];
  const at = (i: number, j: number) => values[j * nx + i];
  for (let j = 0; j + 1 < ny; j++) {
    for (let i = 0; i + 1 < nx; i++) {
      // Corners counter-clockwise from the bottom left; edge k joins corner k to corner k + 1.
      const corners: [number, number][] = [[i, j], [i + 1, j], [i + 1, j + 1], [i, j + 1]];
      const v = corners.map(([ci, cj]) => at(ci, cj));
      if (!v.every(Number.isFinite)) continue;
      const above = v.map((value) => value >= level);
      if (above.every((a) => a === above[0])) continue;
      // Interpolated from the edge's bottom or left corner, so the two cells sharing an edge agree to the bit.
      const crossing = (k: number): [number, number] => {
        const [from, to] = k < 2 ? [k, k + 1] : [(k + 1) % 4, k];
        const [[ai, aj], [bi, bj]] = [corners[from], corners[to]];
        const t = (level - v[from]) / (v[to] - v[from]);
        return [xs[ai] + t * (xs[bi] - xs[ai]), ys[aj] + t * (ys[bj] - ys[aj])];
      };
      const edges = [0, 1, 2, 3].filter((k) => above[k] !== above[(k + 1) % 4]);
      const pairs: [number, number][] = [];
      if (edges.length === 2) {
        pairs.push([edges[0], edges[1]]);
      } else {
        const centreAbove = (v[0] + v[1] + v[2] + v[3]) / 4 >= level;
        // Cut off each corner on the other side of the centre: its two edges are k − 1 and k.
        for (let k = 0; k < 4; k++) if (above[k] !== centreAbove) pairs.push([(k + 3) % 4, k]);
      }
      for (const [e0, e1] of pairs) {
        const [p, q] = [crossing(e0), crossing(e1)];
        outX.push(p[0], q[0], Number.NaN);
        outY.push(p[1], q[1], Number.NaN);
      }
    }
  }
  return { x: Float32Array.from(outX), y: Float32Array.from(outY) };
}
