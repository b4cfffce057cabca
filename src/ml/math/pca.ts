/** Top-two principal axes of row vectors, for drawing a d-dimensional latent space in 2-D. */
export interface Projection2D {
  center: Float64Array;
  axisA: Float64Array;
  axisB: Float64Array;
  /** Share of the total variance along each axis. */
  explained: [number, number];
}

/** Covariance (d × d, row-major) of `rows` row vectors of length d stored flat. */
function covariance(values: Float32Array, rows: number, dim: number, center: Float64Array): Float64Array {
  const cov = new Float64Array(dim * dim);
  for (let r = 0; r < rows; r++) {
    const base = r * dim;
    for (let i = 0; i < dim; i++) {
      const di = values[base + i] - center[i];
      for (let j = i; j < dim; j++) cov[i * dim + j] += di * (values[base + j] - center[j]);
    }
  }
  for (let i = 0; i < dim; i++) {
    for (let j = i; j < dim; j++) {
      cov[i * dim + j] /= Math.max(1, rows - 1);
      cov[j * dim + i] = cov[i * dim + j];
    }
  }
  return cov;
}

/** Dominant eigenvector of a symmetric matrix by power iteration, starting from `start`. */
function powerIteration(matrix: Float64Array, dim: number, start: Float64Array): { vector: Float64Array; value: number } {
  let vector = Float64Array.from(start);
  let value = 0;
  for (let iteration = 0; iteration < 200; iteration++) {
    const next = new Float64Array(dim);
    for (let i = 0; i < dim; i++) for (let j = 0; j < dim; j++) next[i] += matrix[i * dim + j] * vector[j];
    const norm = Math.hypot(...next);
    if (norm === 0) return { vector, value: 0 };
    for (let i = 0; i < dim; i++) next[i] /= norm;
    const change = next.reduce((sum, x, i) => sum + Math.abs(x - vector[i]), 0);
    vector = next;
    value = norm;
    if (change < 1e-10) break;
  }
  return { vector, value };
}

/** Unit start vector (1, 1, …)/√d, or the previous axis so successive fits stay aligned. */
function startVector(dim: number, previous?: Float64Array): Float64Array {
  return previous && previous.length === dim ? previous : new Float64Array(dim).fill(1 / Math.sqrt(dim));
}

/**
 * PCA of `rows` × `dim` values. Signs follow `previous` (when given) so the picture does not flip
 * between training snapshots.
 */
export function fitPca2(values: Float32Array, rows: number, dim: number, previous?: Projection2D): Projection2D {
  const center = new Float64Array(dim);
  for (let r = 0; r < rows; r++) for (let i = 0; i < dim; i++) center[i] += values[r * dim + i] / rows;
  const cov = covariance(values, rows, dim, center);
  let trace = 0;
  for (let i = 0; i < dim; i++) trace += cov[i * dim + i];
  const first = powerIteration(cov, dim, startVector(dim, previous?.axisA));
  const deflated = Float64Array.from(cov);
  for (let i = 0; i < dim; i++) {
    for (let j = 0; j < dim; j++) deflated[i * dim + j] -= first.value * first.vector[i] * first.vector[j];
  }
  const alternating = startVector(dim).map((x, i) => (i % 2 === 0 ? x : -x));
  const second = powerIteration(deflated, dim, previous?.axisB.length === dim ? previous.axisB : alternating);
  const align = (axis: Float64Array, before?: Float64Array) => {
    if (!before || before.length !== dim) return axis;
    const dot = axis.reduce((sum, x, i) => sum + x * before[i], 0);
    return dot < 0 ? axis.map((x) => -x) : axis;
  };
  const share = (value: number) => (trace > 0 ? value / trace : 0);
  return {
    center,
    axisA: align(first.vector, previous?.axisA),
    axisB: align(second.vector, previous?.axisB),
    explained: [share(first.value), share(second.value)],
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
