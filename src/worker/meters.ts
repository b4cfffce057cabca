import type { ChunkResult } from '../ml/training/trainer';
import type { StepTerms } from './protocol';

/** Samples per second over a sliding time window. */
export class RateMeter {
  private readonly marks: Array<{ time: number; samples: number }> = [];

  constructor(private readonly windowMs: number) {}

  record(time: number, samples: number): void {
    this.marks.push({ time, samples });
    while (this.marks.length > 2 && time - this.marks[1].time > this.windowMs) this.marks.shift();
  }

  perSecond(): number {
    if (this.marks.length < 2) return 0;
    const first = this.marks[0];
    const last = this.marks[this.marks.length - 1];
    return last.time > first.time ? ((last.samples - first.samples) * 1000) / (last.time - first.time) : 0;
  }

  clear(): void {
    this.marks.length = 0;
  }
}

/** Per-step loss terms gathered between two snapshots. */
export class StepTermsBuffer {
  private chunks: ChunkResult[] = [];

  push(result: ChunkResult): void {
    if (result.steps.length > 0) this.chunks.push(result);
  }

  /** All terms since the last drain, concatenated into fresh (transferable) arrays. */
  drain(): StepTerms {
    const total = this.chunks.reduce((n, c) => n + c.steps.length, 0);
    const terms: StepTerms = { steps: new Float64Array(total), recNats: new Float32Array(total), klNats: new Float32Array(total), beta: new Float32Array(total) };
    let offset = 0;
    for (const chunk of this.chunks) {
      terms.steps.set(chunk.steps, offset);
      terms.recNats.set(chunk.values[0], offset);
      terms.klNats.set(chunk.values[1], offset);
      terms.beta.set(chunk.weights[1], offset);
      offset += chunk.steps.length;
    }
    this.chunks = [];
    return terms;
  }

  clear(): void {
    this.chunks = [];
  }
}
