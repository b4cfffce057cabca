/** Top-two principal axes of row vectors, for drawing a d-dimensional latent space in 2-D. */
export interface Projection2D {
  center: Float64Array;
  axisA: Float64Array;
  axisB: Float64Array;
  /** Share of the total variance along each axis. */
  explained: [number, number];
}

/** Covariance times v, computed as Xᵀ(X v)/(n − 1) on centred rows without forming the d × d matrix. */
function covarianceTimes(values: Float32Array, rows: number, dim: number, center: Float64Array, v: Float64Array): Float64Array {
  const out = new Float64Array(dim);
  for (let r = 0; r < rows; r++) {
    const base = r * dim;
    let dot = 0;
    for (let i = 0; i < dim; i++) dot += (values[base + i] - center[i]) * v[i];
    for (let i = 0; i < dim; i++) out[i] += (values[base + i] - center[i]) * dot;
  }
  const scale = 1 / Math.max(1, rows - 1);
  for (let i = 0; i < dim; i++) out[i] *= scale;
  return out;
}

/** Dominant eigenvector and eigenvalue of a symmetric positive semi-definite operator, by power iteration. */
function powerIteration(apply: (v: Float64Array) => Float64Array, start: Float64Array, maxIterations: number): { vector: Float64Array; value: number } {
  let vector: Float64Array = Float64Array.from(start);
  let value = 0;
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    const next = apply(vector);
    const norm = Math.sqrt(next.reduce((sum, x) => sum + x * x, 0));
    if (norm === 0) return { vector, value: 0 };
    for (let i = 0; i < next.length; i++) next[i] /= norm;
    const change = next.reduce((sum, x, i) => sum + Math.abs(x - vector[i]), 0);
    vector = next;
    value = norm;
    if (change < 1e-9) break;
  }
  return { vector, value };
}

/** (1, 1, …)/√d or, with `alternate`, (1, −1, 1, …)/√d. */
function defaultStart(dim: number, alternate: boolean): Float64Array {
  return Float64Array.from({ length: dim }, (_, i) => (alternate && i % 2 === 1 ? -1 : 1) / Math.sqrt(dim));
}

const dot = (a: Float64Array, b: Float64Array) => a.reduce((sum, x, i) => sum + x * b[i], 0);

/**
 * Flips `axis` to point the way it pointed last time: it is compared with whichever previous axis it lies
 * closest to, so a direction keeps its sign even when PC 1 and PC 2 swap order between fits.
 */
function alignSign(axis: Float64Array, previous?: Projection2D): Float64Array {
  if (!previous || previous.axisA.length !== axis.length) return axis;
  const [onA, onB] = [dot(axis, previous.axisA), dot(axis, previous.axisB)];
  const closest = Math.abs(onA) >= Math.abs(onB) ? onA : onB;
  return closest < 0 ? axis.map((x) => -x) : axis;
}

/**
 * Rayleigh–Ritz on the plane of two power-iteration vectors: the exact eigenvectors of the covariance
 * restricted to that plane, largest variance first, and their variances. Power iteration from a warm start
 * can return the two in the wrong order (or not quite orthogonal) when their variances are close or cross.
 */
function orderedPair(cov: (v: Float64Array) => Float64Array, first: Float64Array, second: Float64Array) {
  const a = first;
  const along = dot(second, a);
  const b = second.map((x, i) => x - along * a[i]);
  const norm = Math.sqrt(dot(b, b));
  if (!(norm > 1e-12)) return { axes: [a, b] as const, values: [dot(a, cov(a)), 0] as const };
  b.forEach((x, i) => (b[i] = x / norm));
  const [ca, cb] = [cov(a), cov(b)];
  const [maa, mbb, mab] = [dot(a, ca), dot(b, cb), (dot(a, cb) + dot(b, ca)) / 2];
  const angle = 0.5 * Math.atan2(2 * mab, maa - mbb);
  const [c, s] = [Math.cos(angle), Math.sin(angle)];
  const top = a.map((x, i) => c * x + s * b[i]);
  const next = a.map((x, i) => -s * x + c * b[i]);
  const [mean, radius] = [(maa + mbb) / 2, Math.hypot((maa - mbb) / 2, mab)];
  return { axes: [top, next] as const, values: [mean + radius, mean - radius] as const };
}

/**
 * PCA of `rows` × `dim` values. Warm-starts from `previous` (when given) so training snapshots converge
 * in a few iterations; the axes come out ordered by explained variance and keep their signs between fits.
 */
export function fitPca2(values: Float32Array, rows: number, dim: number, previous?: Projection2D): Projection2D {
  const center = new Float64Array(dim);
  for (let r = 0; r < rows; r++) for (let i = 0; i < dim; i++) center[i] += values[r * dim + i] / rows;
  let trace = 0;
  for (let r = 0; r < rows; r++) for (let i = 0; i < dim; i++) trace += (values[r * dim + i] - center[i]) ** 2;
  trace /= Math.max(1, rows - 1);
  const warm = previous?.axisA.length === dim;
  const maxIterations = warm ? 60 : 300;
  const cov = (v: Float64Array) => covarianceTimes(values, rows, dim, center, v);
  const first = powerIteration(cov, warm ? previous.axisA : defaultStart(dim, false), maxIterations);
  const deflated = (v: Float64Array) => {
    const out = cov(v);
    const along = first.vector.reduce((sum, x, i) => sum + x * v[i], 0) * first.value;
    for (let i = 0; i < dim; i++) out[i] -= along * first.vector[i];
    return out;
  };
  const second = powerIteration(deflated, warm ? previous.axisB : defaultStart(dim, true), maxIterations);
  const { axes, values: variances } = orderedPair(cov, first.vector, second.vector);
  const share = (value: number) => (trace > 0 ? Math.max(0, value) / trace : 0);
  return {
    center,
    axisA: alignSign(axes[0], previous),
    axisB: alignSign(axes[1], previous),
    explained: [share(variances[0]), share(variances[1])],
  };
}

/** Coordinates of each row along the projection's two axes. */
export function project2(values: Float32Array, rows: number, dim: number, projection: Projection2D): { x: Float32Array; y: Float32Array } {
  const x = new Float32Array(rows);
  const y = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let a = 0;
    let b = 0;
    for (let i = 0; i < dim; i++) {
      const centered = values[r * dim + i] - projection.center[i];
      a += centered * projection.axisA[i];
      b += centered * projection.axisB[i];
    }
    x[r] = a;
    y[r] = b;
  }
  return { x, y };
}

/**
 * The latent point drawn at (a, b) in the projection's plane that keeps `anchor`'s other coordinates → [dim]:
 * anchor + (a − a₀)·axisA + (b − b₀)·axisB, with (a₀, b₀) the anchor's own projection. It projects back to (a, b),
 * and its component off the plane is the anchor's.
 */
export function liftToLatent(a: number, b: number, anchor: ArrayLike<number>, projection: Projection2D): Float32Array {
  const dim = projection.center.length;
  let anchorA = 0;
  let anchorB = 0;
  for (let i = 0; i < dim; i++) {
    anchorA += (anchor[i] - projection.center[i]) * projection.axisA[i];
    anchorB += (anchor[i] - projection.center[i]) * projection.axisB[i];
  }
  const out = new Float32Array(dim);
  for (let i = 0; i < dim; i++) out[i] = anchor[i] + (a - anchorA) * projection.axisA[i] + (b - anchorB) * projection.axisB[i];
  return out;
}
