import type { ChunkResult } from '../ml/training/trainer';
import type { StepTerms, TermName } from './protocol';

/** Samples per second over a sliding time window. */
export class RateMeter {
  private readonly marks: Array<{ time: number; samples: number }> = [];

  constructor(private readonly windowMs: number) {}

  record(time: number, samples: number): void {
    this.marks.push({ time, samples });
    while (this.marks.length > 2 && time - this.marks[1].time > this.windowMs) this.marks.shift();
  }

  /** Samples per second over the window, or null until two marks span some time; never negative (a rollback clears the meter, see `clear`). */
  perSecond(): number | null {
    const first = this.marks[0];
    const last = this.marks.at(-1);
    if (!first || !last || last.time <= first.time) return null;
    return Math.max(0, ((last.samples - first.samples) * 1000) / (last.time - first.time));
  }

  clear(): void {
    this.marks.length = 0;
  }
}

/** Concatenates equal-length-per-chunk arrays into one fresh (transferable) Float32Array. */
function concat(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, part) => n + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Per-step loss terms gathered between two snapshots. */
export class StepTermsBuffer {
  private chunks: ChunkResult[] = [];

  push(result: ChunkResult): void {
    if (result.steps.length > 0) this.chunks.push(result);
  }

  /** All terms since the last drain, in fresh arrays. */
  drain(names: readonly TermName[]): StepTerms {
    const steps = new Float64Array(this.chunks.reduce((n, c) => n + c.steps.length, 0));
    let offset = 0;
    for (const chunk of this.chunks) {
      steps.set(chunk.steps, offset);
      offset += chunk.steps.length;
    }
    const terms: StepTerms = {
      steps,
      names: [...names],
      values: names.map((_, t) => concat(this.chunks.map((chunk) => chunk.values[t]))),
      weights: names.map((_, t) => concat(this.chunks.map((chunk) => chunk.weights[t]))),
    };
    this.chunks = [];
    return terms;
  }

  clear(): void {
    this.chunks = [];
  }

  /** Forgets the steps after `step` (a rollback undid them), so the next snapshot does not send them. */
  dropAfter(step: number): void {
    this.chunks = this.chunks.map((chunk) => keepUpTo(chunk, step)).filter((chunk) => chunk.steps.length > 0);
  }
}

/** The chunk's entries at steps ≤ `step`. */
function keepUpTo(chunk: ChunkResult, step: number): ChunkResult {
  const kept = chunk.steps.findIndex((s) => s > step);
  if (kept < 0) return chunk;
  return { ...chunk, steps: chunk.steps.slice(0, kept), values: chunk.values.map((v) => v.slice(0, kept)), weights: chunk.weights.map((w) => w.slice(0, kept)) };
}
