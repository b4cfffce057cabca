/**
 * MNIST-style preprocessing of a user's drawing (LeCun et al., "The MNIST database"): crop to the ink, fit
 * it in a 20×20 box keeping its aspect ratio, and place it in a 28×28 frame with its centre of mass at (14, 14).
 * Images are Float32Arrays of ink in [0, 1], row-major, width × height.
 */

import { IMAGE_SIDE } from '../data/geometry';

/** Side of the MNIST frame, in pixels. */
const FRAME_SIDE = IMAGE_SIDE;
/** Side of the box the ink's longer dimension is scaled to. */
const INK_BOX = 20;
/** Where the centre of mass goes, in pixel-index coordinates of the frame. */
const FRAME_CENTRE = 14;

/** Pixel rectangle: columns left … left + width − 1, rows top … top + height − 1. */
export interface PixelBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

function checkSize(image: Float32Array, width: number, height: number): void {
  if (image.length !== width * height) throw new RangeError(`image has ${image.length} values, not ${width} × ${height}`);
}

/** Smallest pixel rectangle holding every pixel with ink (value > 0); null when there is none. */
export function boundingBox(image: Float32Array, width: number, height: number): PixelBox | null {
  checkSize(image, width, height);
  let left = width;
  let right = -1;
  let top = height;
  let bottom = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!(image[y * width + x] > 0)) continue;
      left = Math.min(left, x);
      right = Math.max(right, x);
      top = Math.min(top, y);
      bottom = Math.max(bottom, y);
    }
  }
  return right < 0 ? null : { left, top, width: right - left + 1, height: bottom - top + 1 };
}

/** Intensity-weighted centre {x, y} in pixel-index coordinates (pixel (i, j) sits at x = i, y = j); null without ink. */
export function centreOfMass(image: Float32Array, width: number, height: number): { x: number; y: number } | null {
  checkSize(image, width, height);
  let mass = 0;
  let sumX = 0;
  let sumY = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const value = image[y * width + x];
      mass += value;
      sumX += value * x;
      sumY += value * y;
    }
  }
  return mass > 0 ? { x: sumX / mass, y: sumY / mass } : null;
}

/**
 * Area-averaging weights → [target × source]: target cell k is the mean of the source over the interval
 * [k·s, (k + 1)·s) with s = source/target, each source pixel counted by the length it overlaps.
 */
function areaWeights(source: number, target: number): Float64Array {
  const step = source / target;
  const weights = new Float64Array(target * source);
  for (let k = 0; k < target; k++) {
    const from = k * step;
    const to = (k + 1) * step;
    for (let i = Math.floor(from); i < Math.min(source, Math.ceil(to)); i++) {
      weights[k * source + i] = (Math.min(i + 1, to) - Math.max(i, from)) / step;
    }
  }
  return weights;
}

/** The box of `image` resampled by area averaging → [targetHeight × targetWidth] (separable: rows, then columns). */
function resampleBox(image: Float32Array, width: number, box: PixelBox, targetWidth: number, targetHeight: number): Float64Array {
  const across = areaWeights(box.width, targetWidth);
  const down = areaWeights(box.height, targetHeight);
  const rows = new Float64Array(box.height * targetWidth);
  for (let y = 0; y < box.height; y++) {
    const base = (box.top + y) * width + box.left;
    for (let k = 0; k < targetWidth; k++) {
      let sum = 0;
      for (let i = 0; i < box.width; i++) sum += across[k * box.width + i] * image[base + i];
      rows[y * targetWidth + k] = sum;
    }
  }
  const out = new Float64Array(targetHeight * targetWidth);
  for (let k = 0; k < targetHeight; k++) {
    for (let y = 0; y < box.height; y++) {
      const weight = down[k * box.height + y];
      if (weight === 0) continue;
      for (let x = 0; x < targetWidth; x++) out[k * targetWidth + x] += weight * rows[y * targetWidth + x];
    }
  }
  return out;
}

/**
 * A drawing (ink in [0, 1], width × height, any size) → 784 floats in [0, 1] laid out like MNIST, or null
 * without ink. The ink's bounding box is scaled by area averaging (thin strokes turn grey rather than
 * vanish) so its longer side is 20 px, the other side rounded to whole pixels (≥ 1). The result is scaled
 * so its brightest pixel is 1 (every MNIST test digit peaks at 250–255), then shifted by whole pixels so
 * its centre of mass (pixel-index coordinates) lies within ½ px of (14, 14) in each coordinate; the
 * MNIST test set's own centres average (14.01, 13.99). Whole-pixel shifts keep the ink's box ≤ 20 px.
 * Ink shifted past the frame's edge (a centre of mass within ~6 px of the box's edge) is cropped, as in MNIST.
 */
export function preprocessDrawing(ink: Float32Array, width: number, height: number): Float32Array | null {
  const box = boundingBox(ink, width, height);
  if (!box) return null;
  const longer = Math.max(box.width, box.height);
  const patchWidth = Math.max(1, Math.round((box.width * INK_BOX) / longer));
  const patchHeight = Math.max(1, Math.round((box.height * INK_BOX) / longer));
  const patch = Float32Array.from(resampleBox(ink, width, box, patchWidth, patchHeight));
  const peak = patch.reduce((max, v) => Math.max(max, v), 0);
  for (let i = 0; i < patch.length; i++) patch[i] = Math.min(1, patch[i] / peak);
  const centre = centreOfMass(patch, patchWidth, patchHeight);
  if (!centre) return null;
  const shiftX = Math.round(FRAME_CENTRE - centre.x);
  const shiftY = Math.round(FRAME_CENTRE - centre.y);
  const out = new Float32Array(FRAME_SIDE * FRAME_SIDE);
  for (let y = 0; y < patchHeight; y++) {
    const row = y + shiftY;
    if (row < 0 || row >= FRAME_SIDE) continue;
    for (let x = 0; x < patchWidth; x++) {
      const column = x + shiftX;
      if (column >= 0 && column < FRAME_SIDE) out[row * FRAME_SIDE + column] = patch[y * patchWidth + x];
    }
  }
  return out;
}
