/**
 * Benchmark scenario for the analysis views: the same run (wasm, the bench's model) on the default page and with the
 * bound or the trade-off section's views on screen (so the worker computes them while training). Reports training
 * throughput and the main thread's blocked share over the same window, and checks the views did produce results.
 */
import type { Page } from 'playwright-core';
import { gotoLab, labUrl, readStatus, trainButton, waitForStep, waitUntilReady } from '../e2e/lab';
import { longTaskShare, pageNow, readTimeline, round, samplesPerSecond, timeOfStep } from './measure';

const WARMUP_MS = 8_000;
const WINDOW_MS = 25_000;

/** The panel whose section is scrolled into view, and the element that proves its views computed. */
export const VIEW_SCENARIOS = {
  bound: { anchor: 'bound-ladder', proof: '[data-testid="bound-ladder-table"] tbody tr' },
  tradeOff: { anchor: 'rate-distortion', proof: '[data-testid="rate-distortion-trails"][data-current-points]:not([data-current-points="0"])' },
} as const;

export async function benchViews(page: Page, baseUrl: string, query: string, batchSize: number, scenario: keyof typeof VIEW_SCENARIOS | null) {
  const problems = await gotoLab(page, labUrl(baseUrl, `${query}&backend=wasm`));
  await waitUntilReady(page);
  if (scenario) await page.locator(`#${VIEW_SCENARIOS[scenario].anchor}`).evaluate((element) => element.scrollIntoView({ block: 'start' }));
  await trainButton(page).click();
  const firstStepAt = await timeOfStep(page, 1, 60_000);
  if (firstStepAt === null) throw new Error('no training step within 60 s of clicking Train');
  await waitForStep(page, 20, 120_000);
  const remaining = firstStepAt + WARMUP_MS - (await pageNow(page));
  if (remaining > 0) await page.waitForTimeout(remaining);
  const t0 = await pageNow(page);
  await page.waitForTimeout(WINDOW_MS);
  const timeline = await readTimeline(page);
  const status = await readStatus(page);
  const viewsComputed = scenario ? await page.locator(VIEW_SCENARIOS[scenario].proof).count() : null;
  if (scenario && !viewsComputed) throw new Error(`the ${scenario} views produced nothing in ${WINDOW_MS / 1000} s`);
  return {
    scenario: scenario ?? 'default page',
    backend: status?.backend ?? null,
    samplesPerSecond: round(samplesPerSecond(timeline.stepLog, t0, t0 + WINDOW_MS, batchSize) ?? Number.NaN),
    mainThread: longTaskShare(timeline.longTasks, t0, t0 + WINDOW_MS),
    viewsComputed,
    pageErrors: [...problems.pageErrors, ...problems.consoleErrors].slice(0, 5),
  };
}
