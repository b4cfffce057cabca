/** Plain-number drawing pieces for the true-posterior view: contour lines of a grid, and ellipses of Gaussians. */

/** A polyline set for Plotly: segments joined by null breaks. */
export interface Polyline {
  x: Array<number | null>;
  y: Array<number | null>;
}

/**
 * The level-`level` contour of values on a grid (value at (xs[ix], ys[iy]) in values[iy·nx + ix]) by marching
 * squares: one straight segment per cell edge pair, the crossing points placed by linear interpolation.
 * Saddle cells are split by the cell's mean. Segments are separated by nulls (Plotly draws them as one trace).
 */
export function contourSegments(xs: ArrayLike<number>, ys: ArrayLike<number>, values: ArrayLike<number>, level: number): Polyline {
  const [nx, ny] = [xs.length, ys.length];
  const out: Polyline = { x: [], y: [] };
  const at = (ix: number, iy: number) => values[iy * nx + ix];
  const cross = (x0: number, y0: number, v0: number, x1: number, y1: number, v1: number): [number, number] => {
    const t = (level - v0) / (v1 - v0);
    return [x0 + t * (x1 - x0), y0 + t * (y1 - y0)];
  };
  for (let iy = 0; iy + 1 < ny; iy++) {
    for (let ix = 0; ix + 1 < nx; ix++) {
      const [x0, x1, y0, y1] = [xs[ix], xs[ix + 1], ys[iy], ys[iy + 1]];
      const corners: Array<[number, number, number]> = [
        [x0, y0, at(ix, iy)],
        [x1, y0, at(ix + 1, iy)],
        [x1, y1, at(ix + 1, iy + 1)],
        [x0, y1, at(ix, iy + 1)],
      ];
      // Crossings on the edges 0–1, 1–2, 2–3, 3–0, in order around the cell.
      const crossings: Array<[number, number]> = [];
      for (let e = 0; e < 4; e++) {
        const [a, b] = [corners[e], corners[(e + 1) % 4]];
        if ((a[2] >= level) !== (b[2] >= level)) crossings.push(cross(a[0], a[1], a[2], b[0], b[1], b[2]));
      }
      if (crossings.length === 2) pushSegment(out, crossings[0], crossings[1]);
      else if (crossings.length === 4) {
        const centreAbove = (corners[0][2] + corners[1][2] + corners[2][2] + corners[3][2]) / 4 >= level;
        const firstAbove = corners[0][2] >= level;
        // Pair each crossing with the neighbour that keeps the centre on its own side.
        const [a, b, c, d] = crossings;
        if (centreAbove === firstAbove) {
          pushSegment(out, a, b);
          pushSegment(out, c, d);
        } else {
          pushSegment(out, d, a);
          pushSegment(out, b, c);
        }
      }
    }
  }
  return out;
}

function pushSegment(out: Polyline, a: [number, number], b: [number, number]): void {
  out.x.push(a[0], b[0], null);
  out.y.push(a[1], b[1], null);
}

/**
 * `points` points on the ellipse {z : (z − mean)ᵀ Σ⁻¹ (z − mean) = radius²} of a 2 × 2 covariance Σ, closed
 * (the first point repeated): z = mean + radius · L·(cos t, sin t) with L the Cholesky factor of Σ.
 */
export function ellipse(mean: [number, number], covariance: [[number, number], [number, number]], radius: number, points = 73): Polyline {
  const l11 = Math.sqrt(covariance[0][0]);
  const l21 = covariance[1][0] / l11;
  const l22 = Math.sqrt(Math.max(0, covariance[1][1] - l21 * l21));
  const out: Polyline = { x: [], y: [] };
  for (let i = 0; i < points; i++) {
    const t = (2 * Math.PI * i) / (points - 1);
    const [u, v] = [Math.cos(t), Math.sin(t)];
    out.x.push(mean[0] + radius * l11 * u);
    out.y.push(mean[1] + radius * (l21 * u + l22 * v));
  }
  return out;
}

/** Levels of log p(z|x) below its peak that a Gaussian posterior would put at 1, 2 and 3 standard deviations: −k²/2. */
export const SIGMA_LEVELS = [1, 2, 3].map((k) => ({ k, drop: (k * k) / 2 }));
