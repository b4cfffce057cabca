/**
 * Faults of the training worker, injected as a user could meet them: the worker killed mid-training, its
 * script failing to load once, an uncaught error inside it. Each time the page says what happened and
 * Retry brings back a working lab. Also the lab's own code (the chunk the page loads after starting the
 * worker) failing to load: the page says so.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openLab, readStatus, trainButton, waitForStep, waitUntilReady } from './browser';
import { pollUntil } from './panels';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

/** The page's training worker (the only dedicated worker it starts). */
async function trainingWorker(page: Page) {
  return pollUntil(page, async () => page.workers().find((worker) => worker.url().includes('training.worker')) ?? null, (worker) => worker !== null, 10_000, 'the training worker');
}

describe.sequential('worker faults', () => {
  it('a worker killed mid-training: the page says it stopped responding, and Retry starts a working lab', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await openLab(page, 'backend=wasm');
    await waitUntilReady(page);
    await trainButton(page).click();
    await waitForStep(page, 5, 60_000);
    await (await trainingWorker(page))?.evaluate(() => self.close());
    const alert = page.getByRole('alert').filter({ hasText: /stopped responding/ });
    await alert.waitFor({ timeout: 40_000 });
    await page.getByRole('button', { name: 'Retry', exact: true }).click();
    await waitUntilReady(page);
    expect(await alert.count()).toBe(0);
    await trainButton(page).click();
    const status = await waitForStep(page, 3, 60_000);
    expect(status.running).toBe(true);
    await page.close();
  });

  it('the worker script failing to load once: a clear message, and Retry loads it', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    let refused = 0;
    await context.route('**/training.worker*.js', (route) => {
      if (refused++ === 0) return route.fulfill({ status: 503, body: 'unavailable' });
      return route.continue();
    });
    const page = await context.newPage();
    await openLab(page, 'backend=wasm');
    const alert = page.getByRole('alert').filter({ hasText: /training worker could not start|error in the training worker|stopped responding/ });
    await alert.waitFor({ timeout: 40_000 });
    await page.getByRole('button', { name: 'Retry', exact: true }).click();
    await waitUntilReady(page);
    expect(refused).toBeGreaterThanOrEqual(2);
    await context.close();
  });

  it('the lab’s own code failing to load: the page says so in place of the lab, and its Reload brings the lab', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    let refused = 0;
    await context.route('**/assets/mount-*.js', (route) => {
      refused++;
      return route.fulfill({ status: 503, body: 'unavailable' });
    });
    const page = await context.newPage();
    await openLab(page, 'backend=wasm');
    const alert = page.getByRole('alert').filter({ hasText: /The lab could not load \(.+\)\. Reload the page to try again; if it fails again, check the connection\./ });
    await alert.waitFor({ timeout: 40_000 });
    expect(refused, 'the lab chunk was requested and refused').toBeGreaterThan(0);
    await pollUntil(page, async () => page.workers().length, (count) => count === 0, 10_000, 'the training worker to be stopped');
    expect(await page.getByRole('button', { name: 'Train', exact: true }).count()).toBe(0);
    await context.unroute('**/assets/mount-*.js');
    await alert.getByRole('button', { name: 'Reload', exact: true }).click();
    await waitUntilReady(page);
    await context.close();
  });

  it('an uncaught error inside the worker is shown, and training goes on (the page never claims “Paused”)', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await openLab(page, 'backend=wasm');
    await waitUntilReady(page);
    await trainButton(page).click();
    const before = await waitForStep(page, 3, 60_000);
    await (await trainingWorker(page))?.evaluate(() => {
      setTimeout(() => {
        throw new Error('injected fault');
      });
    });
    await page.getByRole('alert').filter({ hasText: /injected fault/ }).waitFor({ timeout: 20_000 });
    const later = await pollUntil(page, () => readStatus(page), (s) => (s?.step ?? 0) > (before.step ?? 0) + 5, 60_000, 'training continues');
    expect(later?.running).toBe(true);
    await page.close();
  });

  it('a background tab: training goes on without snapshots, and the page catches up in one step when shown', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await openLab(page, 'backend=wasm');
    await waitUntilReady(page);
    await trainButton(page).click();
    await waitForStep(page, 3, 60_000);
    const setVisibility = (state: 'hidden' | 'visible') =>
      page.evaluate((value) => {
        Object.defineProperty(document, 'visibilityState', { value, configurable: true });
        document.dispatchEvent(new Event('visibilitychange'));
      }, state);
    const stepLog = () => page.evaluate(() => (window as unknown as { __lab: { stepLog: Array<[number, number]> } }).__lab.stepLog.slice());
    await setVisibility('hidden');
    // The worker hears of it after the command or chunk it is running (over a second on a loaded machine: a 1-s quiet
    // spell once let a snapshot posted before it heard arrive later): wait for 2 s without a new step.
    let hiddenAt = (await stepLog()).at(-1) ?? [0, 0];
    for (let tries = 0; tries < 10; tries++) {
      await page.waitForTimeout(2_000);
      const latest = (await stepLog()).at(-1) ?? [0, 0];
      if (latest[0] === hiddenAt[0]) break;
      hiddenAt = latest;
    }
    await page.waitForTimeout(6_000);
    const whileHidden = (await stepLog()).filter(([time]) => time > hiddenAt[0]);
    expect(whileHidden.length, 'no snapshots reach a hidden page').toBe(0);
    const shownAt = await page.evaluate(() => performance.now());
    await setVisibility('visible');
    const caughtUp = await pollUntil(page, () => readStatus(page), (s) => (s?.step ?? 0) > hiddenAt[1] + 5, 10_000, 'the step count catches up');
    expect(caughtUp?.running).toBe(true);
    await page.waitForTimeout(1_000);
    const firstSecond = (await stepLog()).filter(([time]) => time > shownAt && time < shownAt + 1_000);
    // The first snapshot brings the page up to date; the rest arrive at the usual pace, not as a backlog.
    expect(firstSecond.length).toBeGreaterThanOrEqual(1);
    expect(firstSecond.length).toBeLessThanOrEqual(6);
    await page.close();
  });
});
