/**
 * The "Explore the latent space" scenario of the benchmark: every view of that section open while the same model
 * trains on wasm — the latent grid and its underlay under the scatter, a drawn digit, traversals, the aggregate
 * posterior (its contours on the scatter too), the KL per dimension — and the pointer probing the scatter all along.
 * The window is just tall enough (1,900 px) that every panel is within the half screen below it at which panels open
 * their views, with the scatter at the height it has at 1400 × 1000; a taller window would mostly measure painting.
 */
import type { Page } from 'playwright-core';
import { gotoLab, labUrl, readStatus, trainButton, waitForStep, waitUntilReady } from '../e2e/lab';
import { longTaskShare, pageNow, readTimeline, round, samplesPerSecond, timeOfStep } from './measure';

/** A viewport whose window plus half a screen covers the first screen and the whole explore section. */
export const EXPLORE_VIEWPORT = { width: 1400, height: 1900 };
const PROBE_EVERY_MS = 50;

/** Draws one stroke across the drawing pad with the mouse. */
async function drawStroke(page: Page): Promise<void> {
  const pad = page.getByTestId('drawing-pad');
  await pad.scrollIntoViewIfNeeded();
  const box = await pad.boundingBox();
  if (!box) throw new Error('no drawing pad');
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.2, { steps: 6 });
  await page.mouse.move(box.x + box.width * 0.45, box.y + box.height * 0.85, { steps: 6 });
  await page.mouse.up();
}

/** Moves the pointer around the scatter's plot area every PROBE_EVERY_MS until `untilMs` (page clock); returns the moves made. */
async function probeScatter(page: Page, untilMs: number): Promise<number> {
  const box = await page.getByTestId('latent-scatter').boundingBox();
  if (!box) throw new Error('no latent scatter');
  let moves = 0;
  while ((await pageNow(page)) < untilMs) {
    const angle = moves * 0.35;
    await page.mouse.move(box.x + box.width * (0.45 + 0.3 * Math.cos(angle)), box.y + box.height * (0.5 + 0.3 * Math.sin(angle)));
    moves++;
    await page.waitForTimeout(PROBE_EVERY_MS);
  }
  return moves;
}

/** Training throughput and the main thread's blocked share with every explore view open, as benchApp measures the default page. */
export async function benchExplore(page: Page, baseUrl: string, query: string, batchSize: number, timing: { warmupMs: number; throughputMs: number; longTaskMs: number }) {
  const problems = await gotoLab(page, labUrl(baseUrl, `${query}&backend=wasm`));
  await waitUntilReady(page);
  await drawStroke(page);
  await page.getByTestId('drawn-rec').waitFor({ timeout: 60_000 });
  for (const name of ['Lay it under the scatter', 'Draw q(z) on the latent scatter']) await page.getByRole('checkbox', { name }).click();
  await page.evaluate(() => window.scrollTo(0, 0));
  await trainButton(page).click();
  const firstStepAt = await timeOfStep(page, 1, 60_000);
  if (firstStepAt === null) throw new Error('no training step within 60 s of clicking Train');
  await waitForStep(page, 100, 300_000);
  const remaining = firstStepAt + timing.warmupMs - (await pageNow(page));
  if (remaining > 0) await page.waitForTimeout(remaining);
  const t0 = await pageNow(page);
  const probeMoves = await probeScatter(page, t0 + timing.longTaskMs);
  const timeline = await readTimeline(page);
  const status = await readStatus(page);
  const openViews = await page.evaluate(() => ({
    grid: document.querySelector('[data-testid="latent-grid-canvas"]') !== null,
    traversals: document.querySelectorAll('[data-testid="traversal-strip"]').length,
    holes: document.querySelector('[data-testid="holes-plane"]') !== null,
    usage: document.querySelector('[data-testid="latent-usage-bars"]') !== null,
    drawn: document.querySelector('[data-testid="drawn-rec"]') !== null,
  }));
  return {
    backend: status?.backend ?? null,
    samplesPerSecond: round(samplesPerSecond(timeline.stepLog, t0, t0 + timing.throughputMs, batchSize) ?? Number.NaN),
    appReportedSamplesPerSecond: status?.samplesPerSecond ?? null,
    mainThread: longTaskShare(timeline.longTasks, t0, t0 + timing.longTaskMs),
    probeMoves,
    openViews,
    pageErrors: [...problems.pageErrors, ...problems.consoleErrors].slice(0, 5),
  };
}
