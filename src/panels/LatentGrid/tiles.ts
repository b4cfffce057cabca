/** Pixels of decoded images laid out as tiles: 28×28 each, ink dark on light like the digit images. Plain data. */

const SIDE = 28;

/** RGBA pixels of `rows` × `columns` tiles → (rows·28) × (columns·28) × 4 bytes, image k at tile row ⌊k/columns⌋, column k mod columns. */
export function tilePixels(images: Uint8Array, columns: number, rows: number): Uint8ClampedArray<ArrayBuffer> {
  const width = columns * SIDE;
  const out = new Uint8ClampedArray(width * rows * SIDE * 4);
  for (let tile = 0; tile < columns * rows; tile++) {
    const [top, left] = [Math.floor(tile / columns) * SIDE, (tile % columns) * SIDE];
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

/** RGBA pixels of a decoded latent grid → (size·28)² × 4 bytes, tile (r, c) at rows 28r…, columns 28c…. */
export function gridPixels(images: Uint8Array, size: number): Uint8ClampedArray<ArrayBuffer> {
  return tilePixels(images, size, size);
}
