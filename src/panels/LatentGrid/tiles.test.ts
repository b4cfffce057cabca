import { describe, expect, it } from 'vitest';
import { gridPixels, tilePixels } from './tiles';

describe('gridPixels', () => {
  it('places tile (r, c) at rows 28r… and columns 28c…, ink dark on light', () => {
    const size = 2;
    const images = new Uint8Array(size * size * 784);
    // Tile 3 (row 1, column 1): its pixel (row 5, column 7) is full ink.
    images[3 * 784 + 5 * 28 + 7] = 255;
    const pixels = gridPixels(images, size);
    const width = 56;
    const at = (row: number, col: number) => pixels[(row * width + col) * 4];
    expect(at(28 + 5, 28 + 7)).toBe(0);
    expect(at(5, 7)).toBe(255);
    expect(at(28 + 5, 7)).toBe(255);
    expect(pixels[(0 * width + 0) * 4 + 3]).toBe(255);
    expect(pixels.length).toBe(56 * 56 * 4);
  });
});

describe('tilePixels', () => {
  it('lays a strip of 3 images side by side: image 2’s pixel (0, 27) is at column 2·28 + 27 of row 0', () => {
    const images = new Uint8Array(3 * 784);
    images[2 * 784 + 27] = 200;
    const pixels = tilePixels(images, 3, 1);
    expect(pixels.length).toBe(84 * 28 * 4);
    expect(pixels[(2 * 28 + 27) * 4]).toBe(55);
    expect(pixels[27 * 4]).toBe(255);
  });
});
