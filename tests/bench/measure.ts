/** Figures computed from the page's timeline (step changes and long tasks recorded by the init script). */
import type { Page } from 'playwright-core';

/** What the init script in tests/e2e/lab.ts records, times in ms since navigation. */
export interface Timeline {
  /** [time, step] at every change of the status bar's data-step. */
  stepLog: Array<[number, number]>;
  /** [startTime, duration] of every main-thread long task. */
  longTasks: Array<[number, number]>;
  clickTimes: number[];
  /** When the Train button was first enabled (null: not yet). */
  trainEnabledAt: number | null;
  /** Set when the page was to click Train as soon as it was enabled, but Train was gone or disabled again by then. */
  clickMissed?: boolean;
}

export function readTimeline(page: Page): Promise<Timeline> {
  return page.evaluate(() => (window as unknown as { __lab: Timeline }).__lab);
}

/**
 * Waits until the init script saw Train enabled and returns when (page time), checking the recorded time every 100 ms.
 * Not waitUntilReady: its role queries compute every button's accessible name over the lab's page, about a third of a
 * second of the page's main thread during start-up on 2 cores, which slowed the very start-up being measured.
 */
export async function waitForTrainEnabled(page: Page, timeoutMs = 120_000): Promise<number> {
  const handle = await page.waitForFunction(() => (window as unknown as { __lab: Timeline }).__lab.trainEnabledAt, null, { timeout: timeoutMs, polling: 100 });
  return (await handle.jsonValue()) as number;
}

/** The page's clock (ms since navigation). */
export function pageNow(page: Page): Promise<number> {
  return page.evaluate(() => performance.now());
}

/** Samples per second between the first and last step changes inside [fromMs, toMs]. */
export function samplesPerSecond(log: Timeline['stepLog'], fromMs: number, toMs: number, batchSize: number): number | null {
  const inside = log.filter(([t]) => t >= fromMs && t <= toMs);
  if (inside.length < 2) return null;
  const [t0, s0] = inside[0];
  const [t1, s1] = inside[inside.length - 1];
  return t1 > t0 ? ((s1 - s0) * batchSize) / ((t1 - t0) / 1000) : null;
}

/** Long tasks clipped to [fromMs, toMs]: blocked share = Σ(duration − 50 ms) / window; plus Σ durations. */
export function longTaskShare(tasks: Timeline['longTasks'], fromMs: number, toMs: number) {
  let blockingMs = 0;
  let totalMs = 0;
  let count = 0;
  for (const [start, duration] of tasks) {
    const clipped = Math.min(start + duration, toMs) - Math.max(start, fromMs);
    if (clipped <= 0) continue;
    count++;
    totalMs += clipped;
    blockingMs += Math.max(0, clipped - 50);
  }
  const windowMs = toMs - fromMs;
  return { windowMs, count, longTaskMs: round(totalMs), blockingMs: round(blockingMs), blockedShare: round(blockingMs / windowMs, 4) };
}

export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Polls until the page's step reaches `minStep`; returns the page time then, or null on timeout. */
export async function timeOfStep(page: Page, minStep: number, timeoutMs: number): Promise<number | null> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { stepLog } = await readTimeline(page);
    const hit = stepLog.find(([, step]) => step >= minStep);
    if (hit) return hit[0];
    await page.waitForTimeout(100);
  }
  return null;
}
