/**
 * The decoded latent grid (Kingma & Welling 2014, fig. 4): where its points sit in the latent space, and
 * their images. For a 2-D latent the grid is the latent plane itself, at the prior's quantiles (a VAE) or over
 * the codes' range (an AE, which has no prior). For more dimensions it spans the scatter's two PCA axes or two
 * chosen dimensions through an anchor digit's code, the other coordinates held at that code.
 */
import * as tf from '@tensorflow/tfjs-core';
import { likelihoodMean } from '../losses/likelihood';
import { gridPoints, priorQuantileAxis, rangeAxis } from '../math/latentGrid';
import { normalCdf } from '../math/normal';
import { liftToLatent, type Projection2D } from '../math/pca';
import type { LatentModel } from '../models/types';

export type GridAxes = { kind: 'pca' } | { kind: 'dims'; x: number; y: number };

/** Where the grid's images are decoded from. */
export interface GridPlan {
  xs: Float32Array;
  ys: Float32Array;
  /** size² latent points, row-major like the picture (row 0 at the top) → [size², dim]. */
  points: Float32Array;
  dim: number;
  /** Where the axes were placed: the prior's quantiles, the codes' range (no prior), or evenly over a given view. */
  coverage: 'prior' | 'codes' | 'view';
  /** The grid's coordinates are the scatter's (2-D latent, or its PCA axes). */
  matchesScatter: boolean;
  /** The latent coordinates on each axis: dimension indices, or 'pca'. */
  axes: GridAxes;
}

/** The probe codes a grid is placed from: rows × dim, with the scatter's projection when it used PCA. */
export interface GridCodes {
  values: Float32Array;
  rows: number;
  dim: number;
  projection: Projection2D | null;
}

/** Column `c` of row-major rows × dim values. */
function column(values: Float32Array, rows: number, dim: number, c: number): Float32Array {
  return Float32Array.from({ length: rows }, (_, r) => values[r * dim + c]);
}

/** Centres of n equal cells over [−halfWidth, halfWidth]. */
function evenAxis(n: number, halfWidth: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => -halfWidth + ((i + 0.5) * 2 * halfWidth) / n);
}

/**
 * Grid of size × size points. With `hasPrior` the axes are the prior's quantiles Φ⁻¹((i + ½)/size) (for dims
 * axes, and for a 2-D latent); PCA axes always span the projected codes' range (the prior has no quantiles
 * along a data-chosen direction). `anchor` is the code holding the other coordinates (latent > 2). With
 * `span`, both axes are instead evenly spaced over [−span, span] (in the scatter's coordinates), for laying the
 * grid under the scatter as one picture.
 */
export function planLatentGrid(codes: GridCodes, size: number, axes: GridAxes, anchor: Float32Array, hasPrior: boolean, span?: number): GridPlan {
  const { values, rows, dim } = codes;
  const usePca = dim > 2 && axes.kind === 'pca' && codes.projection !== null;
  const [dimX, dimY] = dim === 2 ? [0, 1] : axes.kind === 'dims' ? [axes.x, axes.y] : [0, 1];
  if (!usePca && (dimX >= dim || dimY >= dim || dimX === dimY || dimX < 0 || dimY < 0)) {
    throw new RangeError(`grid dimensions ${dimX} and ${dimY} must be two different dimensions below ${dim}`);
  }
  let xs: Float64Array;
  let ys: Float64Array;
  let toLatent: (a: number, b: number, out: Float32Array, offset: number) => void;
  if (usePca) {
    const projection = codes.projection as Projection2D;
    const project = (row: Float32Array | ArrayLike<number>, axis: Float64Array) =>
      Array.from({ length: dim }, (_, i) => (row[i] - projection.center[i]) * axis[i]).reduce((s, v) => s + v, 0);
    const projected = Array.from({ length: rows }, (_, r) => values.subarray(r * dim, (r + 1) * dim));
    xs = span ? evenAxis(size, span) : rangeAxis(projected.map((row) => project(row, projection.axisA)), size);
    ys = span ? evenAxis(size, span) : rangeAxis(projected.map((row) => project(row, projection.axisB)), size);
    toLatent = (a, b, out, offset) => out.set(liftToLatent(a, b, anchor, projection), offset);
  } else {
    xs = span ? evenAxis(size, span) : hasPrior ? priorQuantileAxis(size) : rangeAxis(column(values, rows, dim, dimX), size);
    ys = span ? evenAxis(size, span) : hasPrior ? priorQuantileAxis(size) : rangeAxis(column(values, rows, dim, dimY), size);
    toLatent = (a, b, out, offset) => {
      out.set(anchor.subarray(0, dim), offset);
      out[offset + dimX] = a;
      out[offset + dimY] = b;
    };
  }
  const planePoints = gridPoints(xs, ys);
  const points = new Float32Array(size * size * dim);
  for (let k = 0; k < size * size; k++) toLatent(planePoints[2 * k], planePoints[2 * k + 1], points, k * dim);
  return {
    xs: Float32Array.from(xs),
    ys: Float32Array.from(ys),
    points,
    dim,
    coverage: span ? 'view' : hasPrior && !usePca ? 'prior' : 'codes',
    matchesScatter: dim === 2 || usePca,
    axes: usePca ? { kind: 'pca' } : { kind: 'dims', x: dimX, y: dimY },
  };
}

/**
 * Where points (x, y) of the grid's plane fall on its picture → [n × 2] of (u, v), fractions of the picture's width
 * from the left and height from the top. The picture of n tiles covers [first − ½ cell, last + ½ cell] on each axis;
 * at the prior's quantiles tile i holds the probability (i/n, (i + 1)/n], so there u = Φ(x). Outside: beyond [0, 1].
 */
export function gridFractions(plan: Pick<GridPlan, 'xs' | 'ys' | 'coverage'>, x: ArrayLike<number>, y: ArrayLike<number>): Float32Array {
  const toFraction = (axis: Float32Array) => {
    if (plan.coverage === 'prior') return normalCdf;
    const half = axis.length > 1 ? (axis[1] - axis[0]) / 2 : 0.5;
    const [low, high] = [axis[0] - half, axis[axis.length - 1] + half];
    return (v: number) => (v - low) / (high - low);
  };
  const [across, down] = [toFraction(plan.xs), toFraction(plan.ys)];
  const out = new Float32Array(x.length * 2);
  for (let k = 0; k < x.length; k++) {
    out[2 * k] = across(x[k]);
    out[2 * k + 1] = 1 - down(y[k]);
  }
  return out;
}

/** The model's decoded means at `points` (rows × dim) as bytes 0–255 → [rows × 784], decoded `chunk` rows at a time. */
export async function decodeToBytes(model: LatentModel, points: Float32Array, dim: number, chunk = 256): Promise<Uint8Array> {
  const rows = points.length / dim;
  const pixels = model.inputSize;
  const out = new Uint8Array(rows * pixels);
  for (let start = 0; start < rows; start += chunk) {
    const count = Math.min(chunk, rows - start);
    const images = tf.tidy(() => {
      const z = tf.tensor2d(points.subarray(start * dim, (start + count) * dim), [count, dim]);
      return tf.mul(likelihoodMean(model.decodeEmbedding(z), model.spec.likelihood), 255);
    });
    const values = await images.data();
    images.dispose();
    for (let i = 0; i < values.length; i++) out[start * pixels + i] = Math.round(Math.min(255, Math.max(0, values[i])));
  }
  return out;
}

/** The model's deterministic code (z, μ or the flattened z_e grid) of one image of 784 values in [0, 1] → [embedDim]. */
export async function encodeImage(model: LatentModel, image: Float32Array): Promise<Float32Array> {
  const code = tf.tidy(() => model.embed(tf.tensor2d(image, [1, image.length])).points);
  const values = (await code.data()) as Float32Array;
  code.dispose();
  return values;
}
