import { describe, expect, it } from 'vitest';
import { boundingBox, centreOfMass, preprocessDrawing } from './drawing';
import { mulberry32 } from './random';

/** A width × height canvas with the given rectangles [left, top, width, height] filled with `value`. */
function canvas(width: number, height: number, rectangles: [number, number, number, number][], value = 1): Float32Array {
  const image = new Float32Array(width * height);
  for (const [left, top, w, h] of rectangles) {
    for (let y = top; y < top + h; y++) for (let x = left; x < left + w; x++) image[y * width + x] = value;
  }
  return image;
}

/** Centre of mass and ink bounds of a 28 × 28 image, summed here independently of the module. */
function frameStatistics(image: Float32Array): { x: number; y: number; inkWidth: number; inkHeight: number } {
  let mass = 0;
  let sumX = 0;
  let sumY = 0;
  const columns: number[] = [];
  const rows: number[] = [];
  image.forEach((v, i) => {
    const x = i % 28;
    const y = Math.floor(i / 28);
    mass += v;
    sumX += v * x;
    sumY += v * y;
    if (v > 0) {
      columns.push(x);
      rows.push(y);
    }
  });
  return { x: sumX / mass, y: sumY / mass, inkWidth: Math.max(...columns) - Math.min(...columns) + 1, inkHeight: Math.max(...rows) - Math.min(...rows) + 1 };
}

/** An L on a 280 × 280 canvas: a 20 × 200 upright at x ∈ [100, 120), y ∈ [40, 240) and an 80 × 20 foot at x ∈ [120, 200), y ∈ [220, 240). */
const L_SHAPE = canvas(280, 280, [
  [100, 40, 20, 200],
  [120, 220, 80, 20],
]);

describe('boundingBox', () => {
  it('bounds a hand-drawn L and finds nothing on a blank canvas', () => {
    expect(boundingBox(L_SHAPE, 280, 280)).toEqual({ left: 100, top: 40, width: 100, height: 200 });
    expect(boundingBox(new Float32Array(12), 4, 3)).toBeNull();
    expect(() => boundingBox(new Float32Array(12), 5, 3)).toThrow(RangeError);
  });
});

describe('centreOfMass', () => {
  it('weights the L by area: (4000·109.5 + 1600·159.5)/5600, (4000·139.5 + 1600·229.5)/5600', () => {
    const centre = centreOfMass(L_SHAPE, 280, 280);
    expect(centre?.x).toBeCloseTo(693200 / 5600, 10);
    expect(centre?.y).toBeCloseTo(925200 / 5600, 10);
  });

  it('weights by intensity', () => {
    // 1 at x = 0 and 3 at x = 2 on one row: centre x = (0·1 + 2·3)/4 = 1.5.
    expect(centreOfMass(Float32Array.from([1, 0, 3]), 3, 1)).toEqual({ x: 1.5, y: 0 });
    expect(centreOfMass(new Float32Array(4), 2, 2)).toBeNull();
  });
});

describe('preprocessDrawing', () => {
  it('scales the L by 20/200 and centres its mass (hand-worked)', () => {
    // Box 100 × 200 → patch 10 × 20 of 10 × 10 blocks: upright → columns 0–1, all rows; foot → columns 2–9, rows 18–19.
    // Patch mass 56; centre x = (1·20 + 2·(2 + … + 9))/56 = 108/56 = 1.93, y = (2·(0 + … + 17) + 10·(18 + 19))/56 = 676/56 = 12.07.
    // Shift round(14 − 1.93) = 12 columns and round(14 − 12.07) = 2 rows.
    const expected = canvas(28, 28, [
      [12, 2, 2, 20],
      [14, 20, 8, 2],
    ]);
    const out = preprocessDrawing(L_SHAPE, 280, 280);
    expect(out).not.toBeNull();
    Array.from(expected).forEach((v, i) => expect(out?.[i]).toBeCloseTo(v, 6));
    const statistics = frameStatistics(out ?? new Float32Array(784));
    expect(statistics.x).toBeCloseTo(12 + 108 / 56, 5);
    expect(statistics.y).toBeCloseTo(2 + 676 / 56, 5);
  });

  it('area-averages a thin stroke into grey instead of dropping it', () => {
    // Box 200 × 200 at (40, 40): bars at x ∈ [40, 60) and [220, 240), a 3 px line at x ∈ [138, 141), all rows.
    // Scale 1/10: bars → patch columns 0–1 and 18–19; the line covers source columns 98–100 of the box, so
    // patch column 9 (source 90–99) gets 2/10 and column 10 (source 100–109) gets 1/10.
    const drawing = canvas(280, 280, [
      [40, 40, 20, 200],
      [220, 40, 20, 200],
      [138, 40, 3, 200],
    ]);
    // Centre x = ((0 + 1 + 18 + 19)·20 + 9·4 + 10·2)/86 = 9.49 → shift 5; centre y = 9.5 → shift round(4.5) = 5.
    const bars = canvas(28, 28, [
      [5, 5, 2, 20],
      [23, 5, 2, 20],
    ]);
    const out = preprocessDrawing(drawing, 280, 280) ?? new Float32Array(784);
    for (let y = 0; y < 28; y++) {
      for (let x = 0; x < 28; x++) {
        const line = y >= 5 && y < 25 ? (x === 14 ? 0.2 : x === 15 ? 0.1 : 0) : 0;
        expect(out[y * 28 + x]).toBeCloseTo(bars[y * 28 + x] + line, 6);
      }
    }
  });

  it('scales a small faint drawing up and brightens its peak to 1', () => {
    // A 10 × 5 rectangle of 0.5 on a 28 × 28 canvas → ×2 → 20 × 10 patch of 1; centre (9.5, 4.5) → shifts 5 and 10.
    const out = preprocessDrawing(canvas(28, 28, [[3, 4, 10, 5]], 0.5), 28, 28) ?? new Float32Array(784);
    const expected = canvas(28, 28, [[5, 10, 20, 10]]);
    Array.from(expected).forEach((v, i) => expect(out[i]).toBeCloseTo(v, 6));
  });

  it('centres random rings within ½ px and keeps their ink inside a 20 px box', () => {
    const uniform = mulberry32(11);
    for (let trial = 0; trial < 20; trial++) {
      const width = 200 + Math.floor(uniform() * 120);
      const height = 200 + Math.floor(uniform() * 120);
      const cx = width * (0.4 + 0.2 * uniform());
      const cy = height * (0.4 + 0.2 * uniform());
      const rx = 20 + uniform() * 30;
      const ry = 20 + uniform() * 30;
      const thickness = 0.1 + 0.3 * uniform();
      const slant = uniform() * 2 - 1;
      const drawing = new Float32Array(width * height);
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          const radius = Math.hypot((x - cx) / rx, (y - cy) / ry);
          const ring = Math.abs(radius - 1) < thickness;
          const stroke = radius < 1 && Math.abs(x - cx - slant * (y - cy)) < 4;
          drawing[y * width + x] = ring ? 1 : stroke ? 0.6 : 0;
        }
      }
      const statistics = frameStatistics(preprocessDrawing(drawing, width, height) ?? new Float32Array(784));
      expect(Math.abs(statistics.x - 14)).toBeLessThanOrEqual(0.5);
      expect(Math.abs(statistics.y - 14)).toBeLessThanOrEqual(0.5);
      expect(Math.max(statistics.inkWidth, statistics.inkHeight)).toBe(20);
    }
  });

  it('returns null for a blank canvas', () => {
    expect(preprocessDrawing(new Float32Array(280 * 280), 280, 280)).toBeNull();
  });
});
