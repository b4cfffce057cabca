/**
 * A steady view of the latent scatter: a square, symmetric about the origin, that grows at once when
 * points leave it and shrinks only when they have stayed well inside it for a while, so the cloud does
 * not pulse and the origin does not drift between redraws. Plain numbers.
 */

export interface AxisRange {
  /** The view is [−halfWidth, halfWidth] on both axes. */
  halfWidth: number;
  /** Consecutive updates the points have fitted in less than SHRINK_BELOW of the view. */
  calmUpdates: number;
}

/** Room left around the points when the view grows or shrinks. */
const HEADROOM = 1.2;
/** The view shrinks only once the points use less than this share of it … */
const SHRINK_BELOW = 0.5;
/** … for this many updates in a row (at ~2.5 redraws a second, about 4 s). */
const PATIENCE = 10;

/** The 99th percentile of max(|x|, |y|): how far out the points reach, ignoring a few strays. */
export function pointsExtent(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const count = Math.min(x.length, y.length);
  if (count === 0) return 0;
  const reach = new Float64Array(count);
  for (let i = 0; i < count; i++) reach[i] = Math.max(Math.abs(x[i]), Math.abs(y[i]));
  reach.sort();
  const value = reach[Math.min(count - 1, Math.floor(0.99 * count))];
  return Number.isFinite(value) ? value : 0;
}

/** The next view for points reaching `extent`, never smaller than `floor` (e.g. the prior's 2σ circle). */
export function nextAxisRange(previous: AxisRange | null, extent: number, floor: number): AxisRange {
  const fitted = Math.max(extent * HEADROOM, floor);
  if (!previous || extent > previous.halfWidth) return { halfWidth: fitted, calmUpdates: 0 };
  if (extent >= SHRINK_BELOW * previous.halfWidth || fitted >= previous.halfWidth) return { halfWidth: previous.halfWidth, calmUpdates: 0 };
  const calmUpdates = previous.calmUpdates + 1;
  return calmUpdates >= PATIENCE ? { halfWidth: fitted, calmUpdates: 0 } : { halfWidth: previous.halfWidth, calmUpdates };
}
