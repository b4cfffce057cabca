/**
 * Bad input and long sessions: a missing or corrupt data file gives a clear message and a Retry that
 * works once the file is back; flipping between models does not grow the worker's tensor count.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseSetting, launchBrowser, openLab, readStatus, readStep, waitForStep, waitUntilReady } from './browser';
import { pollUntil } from './panels';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

const BROKEN_FILES = [
  { name: 'a corrupt test-images file', pattern: '**/data/mnist/test-images.idx.gz', status: 200, body: 'this is not an IDX file', expect: /test-images\.idx\.gz/ },
  { name: 'a missing manifest', pattern: '**/data/mnist/manifest.json', status: 404, body: 'not found', expect: /manifest\.json.*404|404.*manifest\.json/ },
];

describe.sequential('bad data files', () => {
  for (const broken of BROKEN_FILES) {
    it(`${broken.name}: a clear alert with Retry, and Retry loads the lab once the file is back`, async () => {
      const context: BrowserContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      await context.route(broken.pattern, (route) => route.fulfill({ status: broken.status, body: broken.body }));
      const page = await context.newPage();
      await openLab(page, 'backend=wasm');
      const alert = page.getByRole('alert').filter({ hasText: broken.expect });
      await alert.waitFor({ timeout: 60_000 });
      const retry = page.getByRole('button', { name: 'Retry', exact: true });
      expect(await retry.isVisible()).toBe(true);
      expect(await page.getByRole('button', { name: 'Train', exact: true }).isDisabled()).toBe(true);
      await context.unroute(broken.pattern);
      await retry.click();
      await waitUntilReady(page);
      expect(await alert.count()).toBe(0);
      await context.close();
    });
  }
});

describe.sequential('switching models', () => {
  let page: Page;

  /** Picks a model and waits until the worker has switched to it. */
  async function switchTo(model: string): Promise<void> {
    await chooseSetting(page, 'Model', model);
    await page.waitForSelector(`[role="status"][data-model="${model}"]`, { timeout: 10_000 });
    await waitUntilReady(page);
  }

  /** Steps once and returns the worker's tensor count from the snapshot that follows. */
  async function stepAndCountTensors(): Promise<number> {
    const before = await readStep(page);
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await waitForStep(page, before + 1, 60_000);
    const status = await pollUntil(page, () => readStatus(page), (read) => (read?.tensors ?? 0) > 0, 10_000, 'tensor count');
    return status?.tensors ?? -1;
  }

  it('flipping VAE → AE → VAE twice leaves the worker with the same number of tensors', async () => {
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await openLab(page, 'backend=wasm');
    await waitUntilReady(page);
    await stepAndCountTensors();
    await switchTo('ae');
    await stepAndCountTensors();
    await switchTo('vae');
    const afterFirstRound = await stepAndCountTensors();
    await switchTo('ae');
    await stepAndCountTensors();
    await switchTo('vae');
    const afterSecondRound = await stepAndCountTensors();
    expect(afterFirstRound).toBeGreaterThan(0);
    expect(afterSecondRound).toBe(afterFirstRound);
    await page.close();
  });
});
