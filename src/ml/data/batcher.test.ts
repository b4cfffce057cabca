import { describe, expect, it } from 'vitest';
import { TrainingPool } from './batcher';
import { IMAGE_PIXELS as PIXELS } from './geometry';
import type { ImageSet } from './dataset';

/** `count` images whose first two pixels encode their id (id % 256, id >> 8) and the rest are 255. */
function taggedSet(firstId: number, count: number): ImageSet {
  const images = new Uint8Array(count * PIXELS).fill(255);
  for (let i = 0; i < count; i++) {
    images[i * PIXELS] = (firstId + i) % 256;
    images[i * PIXELS + 1] = (firstId + i) >> 8;
  }
  return { images, labels: new Uint8Array(count), count };
}

/** Image ids in a batch (inverse of taggedSet's encoding). */
function idsOf(batch: Float32Array, rows: number): number[] {
  return Array.from({ length: rows }, (_, r) => Math.round(batch[r * PIXELS] * 255) + 256 * Math.round(batch[r * PIXELS + 1] * 255));
}

describe('TrainingPool', () => {
  it('hands out every image exactly once per pass, in [0,1], then reshuffles', () => {
    const pool = new TrainingPool(7);
    pool.add(taggedSet(0, 300));
    pool.add(taggedSet(300, 300));
    const passes: number[][] = [[], []];
    for (let pass = 0; pass < 2; pass++) {
      for (let b = 0; b < 6; b++) {
        const batch = pool.nextBatch(100);
        expect(batch.every((v) => v >= 0 && v <= 1)).toBe(true);
        passes[pass].push(...idsOf(batch, 100));
      }
    }
    const all = Array.from({ length: 600 }, (_, i) => i);
    expect([...passes[0]].sort((a, b) => a - b)).toEqual(all);
    expect([...passes[1]].sort((a, b) => a - b)).toEqual(all);
    expect(passes[1]).not.toEqual(passes[0]);
    expect(passes[0]).not.toEqual(all);
  });

  it('lets images that arrive mid-pass join at the next pass', () => {
    const pool = new TrainingPool(3);
    pool.add(taggedSet(0, 50));
    const first = idsOf(pool.nextBatch(25), 25);
    pool.add(taggedSet(50, 50));
    expect(pool.count).toBe(100);
    const rest = idsOf(pool.nextBatch(25), 25);
    expect([...first, ...rest].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    const next = idsOf(pool.nextBatch(100), 100).sort((a, b) => a - b);
    expect(next).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it('crosses a pass boundary inside one batch and reuses `out`', () => {
    const pool = new TrainingPool(1);
    pool.add(taggedSet(0, 10));
    const out = new Float32Array(15 * PIXELS);
    expect(pool.nextBatch(15, out)).toBe(out);
    const ids = idsOf(out, 15);
    expect(new Set(ids.slice(0, 10)).size).toBe(10);
    expect(new Set(ids.slice(10, 15)).size, 'the next pass starts without repeats').toBe(5);
  });

  it('is reproducible for a seed and refuses to batch before data arrives', () => {
    const a = new TrainingPool(42);
    const b = new TrainingPool(42);
    a.add(taggedSet(0, 64));
    b.add(taggedSet(0, 64));
    expect(idsOf(a.nextBatch(64), 64)).toEqual(idsOf(b.nextBatch(64), 64));
    expect(() => new TrainingPool().nextBatch(8)).toThrow(/no training images/);
  });

  it('a fork hands out the same images in its own order and leaves the original pool’s pass alone', () => {
    const [pool, twin] = [new TrainingPool(3), new TrainingPool(3)];
    for (const p of [pool, twin]) p.add(taggedSet(0, 200));
    const fork = pool.fork(11);
    expect(fork.count).toBe(200);
    const forked = idsOf(fork.nextBatch(200), 200);
    expect([...forked].sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    const own = idsOf(pool.nextBatch(50), 50);
    expect(own).toEqual(idsOf(twin.nextBatch(50), 50));
    expect(forked.slice(0, 50)).not.toEqual(own);
  });
});
