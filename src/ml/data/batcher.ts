import type { ImageSet } from './dataset';
import { mulberry32, shuffleInPlace } from '../math/random';
import { IMAGE_PIXELS } from './geometry';

/**
 * Training images gathered shard by shard; hands out shuffled batches, one pass at a time.
 * Images added mid-pass join at the next pass, so every pass visits each of its images exactly once.
 */
export class TrainingPool {
  private readonly shards: ImageSet[] = [];
  /** First global image index of each shard. */
  private readonly shardStarts: number[] = [];
  private readonly rng: () => number;
  private order = new Uint32Array(0);
  private cursor = 0;
  private available = 0;

  constructor(seed = 1) {
    this.rng = mulberry32(seed);
  }

  /** Adds a shard (arriving mid-pass: used from the next pass on). */
  add(set: ImageSet): void {
    if (set.count === 0) return;
    this.shardStarts.push(this.available);
    this.shards.push(set);
    this.available += set.count;
  }

  /** A pool over the same images (not copied) with its own shuffled order, so another run's batches leave this one's alone. */
  fork(seed: number): TrainingPool {
    const pool = new TrainingPool(seed);
    this.shards.forEach((shard) => pool.add(shard));
    return pool;
  }

  /** Images available for training. */
  get count(): number {
    return this.available;
  }

  /** Next `batchSize` images as floats in [0,1] → [batchSize × 784]; refills `out` when given. */
  nextBatch(batchSize: number, out?: Float32Array): Float32Array {
    if (this.available === 0) throw new Error('TrainingPool.nextBatch: no training images have arrived yet');
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`TrainingPool.nextBatch: bad batch size ${batchSize}`);
    const batch = out ?? new Float32Array(batchSize * IMAGE_PIXELS);
    if (batch.length < batchSize * IMAGE_PIXELS) throw new Error(`TrainingPool.nextBatch: out holds ${batch.length} floats, need ${batchSize * IMAGE_PIXELS}`);
    for (let row = 0; row < batchSize; row++) {
      if (this.cursor >= this.order.length) this.startPass();
      this.copyImage(this.order[this.cursor++], batch, row * IMAGE_PIXELS);
    }
    return batch;
  }

  /** Shuffles every image available now into a new pass. */
  private startPass(): void {
    const order = new Uint32Array(this.available);
    for (let i = 0; i < order.length; i++) order[i] = i;
    this.order = shuffleInPlace(order, this.rng);
    this.cursor = 0;
  }

  /** Writes image `index` (global) as floats at `out[offset…]`. */
  private copyImage(index: number, out: Float32Array, offset: number): void {
    let s = this.shards.length - 1;
    while (this.shardStarts[s] > index) s--;
    const images = this.shards[s].images;
    const from = (index - this.shardStarts[s]) * IMAGE_PIXELS;
    for (let p = 0; p < IMAGE_PIXELS; p++) out[offset + p] = images[from + p] / 255;
  }
}
