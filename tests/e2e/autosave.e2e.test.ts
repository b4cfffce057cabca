/**
 * Autosave as a user meets it: training is saved in the browser when the page is hidden (and every 30 s of
 * training); reopening the page offers the last session back with its step and age; a crashed worker's Retry
 * restores the latest autosave instead of starting from scratch.
 */
import type { Browser, BrowserContext, Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openLab, pauseButton, problemsText, readStep, trainButton, waitForStep, waitUntilReady } from './browser';
import { pollUntil } from './panels';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

/** Hides or shows the page as a tab switch would (the lab listens to visibilitychange). */
async function setVisibility(page: Page, state: 'hidden' | 'visible'): Promise<void> {
  await page.evaluate((value) => {
    Object.defineProperty(document, 'visibilityState', { value, configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  }, state);
}

/** The number of autosaves written so far, read from IndexedDB (the slot holds the latest; its step tells which). */
async function autosavedStep(page: Page): Promise<number | null> {
  return page.evaluate(
    () =>
      new Promise<number | null>((resolve) => {
        const open = indexedDB.open('vae-lab-autosave');
        open.onerror = () => resolve(null);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('sessions')) return resolve(null);
          const get = db.transaction('sessions').objectStore('sessions').get('last-session');
          get.onsuccess = () => resolve((get.result as { info?: { step?: number } } | undefined)?.info?.step ?? null);
          get.onerror = () => resolve(null);
        };
      }),
  );
}

function trainingWorker(page: Page): Worker | undefined {
  return page.workers().find((worker) => worker.url().includes('training.worker'));
}

async function trainThenPause(page: Page, steps: number): Promise<number> {
  await trainButton(page).click();
  await waitForStep(page, steps, 120_000);
  await pauseButton(page).click();
  await waitUntilReady(page);
  let step = await readStep(page);
  for (let previous = -1; previous !== step; ) {
    previous = step;
    await page.waitForTimeout(1000);
    step = await readStep(page);
  }
  return step;
}

describe('autosave', () => {
  let context: BrowserContext;

  beforeAll(async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  });

  afterAll(async () => {
    await context?.close();
  });

  it('hiding the page saves the session; reopening offers it back, and Restore puts it in place', async () => {
    const page = await context.newPage();
    const problems = await openLab(page, 'backend=wasm');
    await waitUntilReady(page);
    expect(await page.getByTestId('last-session').count()).toBe(0);
    const step = await trainThenPause(page, 40);
    await setVisibility(page, 'hidden');
    await pollUntil(page, () => autosavedStep(page), (saved) => saved === step, 30_000, 'the autosave of the paused step');
    await setVisibility(page, 'visible');
    expect(problemsText(problems)).toBe('');

    await page.reload();
    const offer = page.getByTestId('last-session');
    await offer.waitFor({ timeout: 30_000 });
    expect(await offer.textContent()).toContain(`step ${step.toLocaleString('en-US')}, just now`);
    await waitUntilReady(page);
    await page.getByRole('button', { name: 'Restore your last session' }).click();
    await page.getByTestId('model-notice').filter({ hasText: 'Your last session is open' }).waitFor({ timeout: 60_000 });
    await waitUntilReady(page);
    expect(await readStep(page)).toBe(step);
    expect(await offer.count()).toBe(0);
    await page.close();
  }, 240_000);

  it('after the worker is killed, Retry restores the latest autosave', async () => {
    const page = await context.newPage();
    await openLab(page, 'backend=wasm');
    await waitUntilReady(page);
    const step = await trainThenPause(page, 30);
    await setVisibility(page, 'hidden');
    await pollUntil(page, () => autosavedStep(page), (saved) => saved === step, 30_000, 'the autosave of the paused step');
    await setVisibility(page, 'visible');
    await trainButton(page).click();
    await waitForStep(page, step + 5, 60_000);
    await trainingWorker(page)?.evaluate(() => self.close());
    await page.getByRole('alert').filter({ hasText: /stopped responding/ }).waitFor({ timeout: 40_000 });
    await page.getByRole('button', { name: 'Retry', exact: true }).click();
    await page.getByTestId('model-notice').filter({ hasText: 'Your last session is open' }).waitFor({ timeout: 60_000 });
    await waitUntilReady(page);
    expect(await readStep(page)).toBe(step);
    await page.close();
  }, 240_000);
});
