/** Pixels of a decoded latent grid: size × size tiles of 28×28, ink dark on light like the digit images. Plain data. */

const SIDE = 28;

/** RGBA pixels of the whole grid → (size·28)² × 4 bytes, tile (r, c) at rows 28r…, columns 28c…. */
export function gridPixels(images: Uint8Array, size: number): Uint8ClampedArray<ArrayBuffer> {
  const width = size * SIDE;
  const out = new Uint8ClampedArray(width * width * 4);
  for (let tile = 0; tile < size * size; tile++) {
    const [top, left] = [Math.floor(tile / size) * SIDE, (tile % size) * SIDE];
    for (let p = 0; p < SIDE * SIDE; p++) {
      const shade = 255 - images[tile * SIDE * SIDE + p];
      const at = ((top + Math.floor(p / SIDE)) * width + left + (p % SIDE)) * 4;
      out[at] = shade;
      out[at + 1] = shade;
      out[at + 2] = shade;
      out[at + 3] = 255;
    }
  }
  return out;
}
