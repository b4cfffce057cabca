/** SVG path data for the prior-holes pictures, from plain numbers. */

/** Line segments (x0, x1, NaN, …) as "M x0 y0 L x1 y1 …" with y negated (SVG's y points down). */
export function segmentsPath(x: ArrayLike<number>, y: ArrayLike<number>): string {
  const parts: string[] = [];
  let penDown = false;
  for (let k = 0; k < x.length; k++) {
    if (!Number.isFinite(x[k]) || !Number.isFinite(y[k])) {
      penDown = false;
      continue;
    }
    parts.push(`${penDown ? 'L' : 'M'}${round(x[k])} ${round(-y[k])}`);
    penDown = true;
  }
  return parts.join('');
}

/** Histogram bars as one closed outline over the bins: `edges` [bins + 1], `heights` [bins], scaled to a box `width` × `height` with `top` the height at the top. */
export function barsPath(edges: ArrayLike<number>, heights: ArrayLike<number>, width: number, height: number, top: number): string {
  const bins = heights.length;
  const [low, high] = [edges[0], edges[bins]];
  const sx = (v: number) => round(((v - low) / (high - low)) * width);
  const sy = (h: number) => round(height - (Math.min(h, top) / top) * height);
  const parts = [`M${sx(low)} ${height}`];
  for (let b = 0; b < bins; b++) parts.push(`L${sx(edges[b])} ${sy(heights[b])}L${sx(edges[b + 1])} ${sy(heights[b])}`);
  parts.push(`L${sx(high)} ${height}Z`);
  return parts.join('');
}

/** A curve through (centre of bin b, values[b]) in the same box as barsPath. */
export function curvePath(edges: ArrayLike<number>, values: ArrayLike<number>, width: number, height: number, top: number): string {
  const bins = values.length;
  const [low, high] = [edges[0], edges[bins]];
  return Array.from({ length: bins }, (_, b) => {
    const centre = (edges[b] + edges[b + 1]) / 2;
    return `${b === 0 ? 'M' : 'L'}${round(((centre - low) / (high - low)) * width)} ${round(height - (Math.min(values[b], top) / top) * height)}`;
  }).join('');
}

/** Three decimals are plenty for a picture a few hundred pixels wide. */
function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
