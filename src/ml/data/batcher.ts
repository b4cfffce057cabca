import type { ImageSet } from './dataset';
import { mulberry32, shuffleInPlace } from './random';

/** Pixels per 28×28 image. */
export const PIXELS = 784;

/** Images [start, start+count) as floats in [0,1] (pixel/255) → [count × 784]. */
export function toUnitFloats(images: Uint8Array, start: number, count: number, out?: Float32Array): Float32Array {
  const result = out ?? new Float32Array(count * PIXELS);
  const from = start * PIXELS;
  for (let i = 0; i < count * PIXELS; i++) result[i] = images[from + i] / 255;
  return result;
}

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
  /** Passes completed over the images available at their start. */
  passesCompleted = 0;
  /** Images handed out in batches so far. */
  samplesSeen = 0;

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

  /** Images available for training. */
  get count(): number {
    return this.available;
  }

  /** Share of the current pass already handed out, in [0, 1). */
  get passFraction(): number {
    return this.order.length === 0 ? 0 : this.cursor / this.order.length;
  }

  /** Next `batchSize` images as floats in [0,1] → [batchSize × 784]; refills `out` when given. */
  nextBatch(batchSize: number, out?: Float32Array): Float32Array {
    if (this.available === 0) throw new Error('TrainingPool.nextBatch: no training images have arrived yet');
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`TrainingPool.nextBatch: bad batch size ${batchSize}`);
    const batch = out ?? new Float32Array(batchSize * PIXELS);
    if (batch.length < batchSize * PIXELS) throw new Error(`TrainingPool.nextBatch: out holds ${batch.length} floats, need ${batchSize * PIXELS}`);
    for (let row = 0; row < batchSize; row++) {
      if (this.cursor >= this.order.length) this.startPass();
      this.copyImage(this.order[this.cursor++], batch, row * PIXELS);
    }
    this.samplesSeen += batchSize;
    return batch;
  }

  /** Ends the current pass (if any) and shuffles every image available now. */
  private startPass(): void {
    if (this.order.length > 0) this.passesCompleted++;
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
    const from = (index - this.shardStarts[s]) * PIXELS;
    for (let p = 0; p < PIXELS; p++) out[offset + p] = images[from + p] / 255;
  }
}
