import { describe, expect, it } from 'vitest';
import { isAbortError } from '../commandQueue';
import { ViewJob } from './job';

/** Busy-waits `ms` (a decoder batch stand-in). */
function work(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

describe('ViewJob', () => {
  it('a light job ends in its first piece; a heavy one yields once its piece ran out and resumes where it was', async () => {
    const light = new ViewJob(async (pace) => {
      await pace(10);
      work(2);
    }, 50);
    expect(await light.runPiece()).toBe('done');

    const batches: number[] = [];
    const heavy = new ViewJob(async (pace) => {
      for (let b = 0; b < 6; b++) {
        await pace(100);
        work(12);
        batches.push(b);
      }
    }, 20);
    const outcomes: string[] = [];
    const perPiece: number[] = [];
    for (let guard = 0; guard < 20; guard++) {
      const before = batches.length;
      const outcome = await heavy.runPiece();
      outcomes.push(outcome);
      perPiece.push(batches.length - before);
      if (outcome === 'done') break;
    }
    expect(batches).toEqual([0, 1, 2, 3, 4, 5]);
    expect(outcomes.at(-1)).toBe('done');
    expect(outcomes.length).toBeGreaterThanOrEqual(3);
    // A piece runs batches until 20 ms have passed: 2 batches of 12 ms, never more.
    expect(Math.max(...perPiece)).toBeLessThanOrEqual(2);
    expect(heavy.msPerRow).toBeGreaterThan(0.05);
  });

  it('abort wakes a suspended job only to throw AbortError, so its finally block frees what it holds', async () => {
    let freed = false;
    let errorSeen: unknown = null;
    const job = new ViewJob(async (pace) => {
      try {
        for (;;) {
          await pace(1);
          work(6);
        }
      } catch (error) {
        errorSeen = error;
        throw error;
      } finally {
        freed = true;
      }
    }, 5);
    expect(await job.runPiece()).toBe('yielded');
    job.abort();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(freed).toBe(true);
    expect(isAbortError(errorSeen)).toBe(true);
    await expect(job.runPiece()).rejects.toThrow();
  });

  it('passes on the work’s own error', async () => {
    const job = new ViewJob(async () => {
      throw new Error('decoder failed');
    }, 5);
    await expect(job.runPiece()).rejects.toThrow('decoder failed');
  });
});
