/**
 * Hostile links: script tags, prototype keys, huge and negative values, repeated keys, malformed escapes
 * and long unicode. Each opens a working lab (Train trains) with no console error, says what it ignored,
 * and a 12,000-character value does not widen the page.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openLab, problemsText, trainButton, waitForStep, waitUntilReady } from './browser';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

/** 12,000 characters: as long as a request line our static servers accept (Node's limit is 16 KB of headers). */
const LONG = 'x'.repeat(12_000);
/** Each query, and whether it holds a value of a known key the page must note as ignored (unknown keys are left alone). */
const HOSTILE_QUERIES: Array<[query: string, noted: boolean]> = [
  [`backend=wasm&model=<script>window.__hacked=1</script>&beta=<img src=x onerror="window.__hacked=1">`, true],
  [`backend=wasm&__proto__[polluted]=1&constructor[prototype][polluted]=1&__proto__=1`, false],
  [`backend=wasm&latent=1e9&hidden=99999&batch=50000&K=100000&D=-4&seed=-1&lesson=-3&digit=1e300`, true],
  [`backend=wasm&model=ae&model=vae&beta=2&beta=NaN&lr=Infinity&mask=%E0%A4%A&noise=%`, true],
  [`backend=wasm&beta=${LONG}`, true],
  [`backend=wasm&model=${'漢字🙂'.repeat(300)}&${'ü'.repeat(1_000)}=1`, true],
];

describe.sequential('hostile links', () => {
  it('each opens a working lab with no console error, notes what it ignored, and nothing widens the page', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    for (const [query, noted] of HOSTILE_QUERIES) {
      const page = await context.newPage();
      const problems = await openLab(page, query);
      await waitUntilReady(page);
      const notes = page.locator('.url-notes li');
      expect((await notes.count()) > 0, query.slice(0, 80)).toBe(noted);
      const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, viewport: window.innerWidth }));
      expect(widths.page, `page width for ${query.slice(0, 80)}`).toBeLessThanOrEqual(widths.viewport);
      expect(await page.evaluate(() => (window as unknown as { __hacked?: number }).__hacked)).toBeUndefined();
      expect(await page.evaluate(() => ({} as Record<string, unknown>).polluted)).toBeUndefined();
      await trainButton(page).click();
      await waitForStep(page, 5, 60_000);
      expect(problemsText(problems), query.slice(0, 80)).toBe('');
      await page.close();
    }
    await context.close();
  });
});
