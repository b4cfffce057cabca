import { fitPca2, project2, type Projection2D } from '../math/pca';

/** What the latent panel draws, in one 2-D coordinate system. */
export interface LatentView {
  projection: 'identity' | 'pca';
  x: Float32Array;
  y: Float32Array;
  explainedVariance: [number, number];
  pathX: Float32Array;
  pathY: Float32Array;
  /** VAE with a 2-D latent: σ of each point along each axis (for ellipses); empty otherwise. */
  sigmaX: Float32Array;
  sigmaY: Float32Array;
  /** VQ-VAE: the codebook vectors in the same coordinates; empty otherwise. */
  codebookX: Float32Array;
  codebookY: Float32Array;
}

/** Flat row-major vectors: `rows` × `dim`. */
export interface Vectors {
  values: Float32Array;
  rows: number;
  dim: number;
}

const EMPTY = new Float32Array(0);

/** Column `c` of row-major vectors. */
function column(vectors: Vectors, c: number): Float32Array {
  return Float32Array.from({ length: vectors.rows }, (_, r) => vectors.values[r * vectors.dim + c]);
}

/**
 * Lays out points, an interpolation path and (VQ-VAE) codebook vectors in 2-D: as they are when
 * the dimension is 2, else on the top two principal axes of the points (signs kept from `previous`).
 */
export function layoutLatent(
  points: Vectors,
  path: Vectors | null,
  codebook: Vectors | null,
  logVar: Float32Array | null,
  previous: Projection2D | undefined,
): { view: LatentView; projection: Projection2D | undefined } {
  const sigma = (c: number) => (logVar && points.dim === 2 ? Float32Array.from({ length: points.rows }, (_, r) => Math.exp(0.5 * logVar[2 * r + c])) : EMPTY);
  if (points.dim === 2) {
    return {
      view: {
        projection: 'identity',
        x: column(points, 0),
        y: column(points, 1),
        explainedVariance: [1, 1],
        pathX: path ? column(path, 0) : EMPTY,
        pathY: path ? column(path, 1) : EMPTY,
        sigmaX: sigma(0),
        sigmaY: sigma(1),
        codebookX: codebook ? column(codebook, 0) : EMPTY,
        codebookY: codebook ? column(codebook, 1) : EMPTY,
      },
      projection: undefined,
    };
  }
  const projection = fitPca2(points.values, points.rows, points.dim, previous);
  const project = (vectors: Vectors | null) => (vectors ? project2(vectors.values, vectors.rows, vectors.dim, projection) : { x: EMPTY, y: EMPTY });
  const shown = project(points);
  const pathPoints = project(path);
  const codes = project(codebook);
  return {
    view: {
      projection: 'pca',
      x: shown.x,
      y: shown.y,
      explainedVariance: projection.explained,
      pathX: pathPoints.x,
      pathY: pathPoints.y,
      sigmaX: EMPTY,
      sigmaY: EMPTY,
      codebookX: codes.x,
      codebookY: codes.y,
    },
    projection,
  };
}

/** One D-vector per image from flattened grids [rows, positions·D]: image i shows position (i·17) mod positions. */
export function onePositionPerImage(grids: Vectors, codeDim: number): Vectors {
  const positions = grids.dim / codeDim;
  const values = new Float32Array(grids.rows * codeDim);
  for (let r = 0; r < grids.rows; r++) {
    const position = (r * 17) % positions;
    values.set(grids.values.subarray(r * grids.dim + position * codeDim, r * grids.dim + (position + 1) * codeDim), r * codeDim);
  }
  return { values, rows: grids.rows, dim: codeDim };
}
