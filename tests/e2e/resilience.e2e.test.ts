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

/** Gzip's magic number and header, then bytes that are not a deflate stream. */
const CORRUPT_GZIP = Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0x03, 0xff, 0xff, 0xff, 0x00, 0x12, 0x34, 0x56, 0x78]);

const BROKEN_FILES = [
  { name: 'a corrupt test-images file', pattern: '**/data/mnist/test-images.idx.gz', status: 200, body: 'this is not an IDX file', expect: /test-images\.idx\.gz/ },
  { name: 'a missing manifest', pattern: '**/data/mnist/manifest.json', status: 404, body: 'not found', expect: /manifest\.json.*404|404.*manifest\.json/ },
  // The real cause, not the browser's generic "Failed to fetch".
  { name: 'a corrupt gzip file', pattern: '**/data/mnist/test-labels.idx.gz', status: 200, body: CORRUPT_GZIP, expect: /test-labels\.idx\.gz is corrupt: its gzip data could not be decompressed \((?!Failed to fetch)/ },
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

describe.sequential('stalled and missing downloads', () => {
  it('a download whose answer never comes times out with a message and a Retry that works', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const stalled = '**/data/mnist/test-images.idx.gz';
    await context.route(stalled, () => undefined);
    const page = await context.newPage();
    await openLab(page, 'backend=wasm');
    const alert = page.getByRole('alert').filter({ hasText: /test-images\.idx\.gz: the server did not answer within 20 s/ });
    await alert.waitFor({ timeout: 60_000 });
    expect(await page.getByRole('button', { name: 'Train', exact: true }).isDisabled()).toBe(true);
    await context.unroute(stalled);
    await page.getByRole('button', { name: 'Retry', exact: true }).click();
    await waitUntilReady(page);
    expect(await alert.count()).toBe(0);
    await context.close();
  });

  it('a missing first training shard: the others load, training works, and the message names what is missing', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.route('**/data/mnist/train-images-0.idx.gz', (route) => route.fulfill({ status: 404, body: 'gone' }));
    const page = await context.newPage();
    await openLab(page, 'backend=wasm');
    await waitUntilReady(page);
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    const status = await waitForStep(page, 5, 90_000);
    expect(status.running).toBe(true);
    const alert = page.getByRole('alert').filter({ hasText: /1 of 6 training shards could not be loaded: shard 1 \(train-images-0\.idx\.gz.*HTTP 404.*Training uses the 50,000 images that arrived/ });
    await alert.waitFor({ timeout: 60_000 });
    await context.close();
  });
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
