/**
 * The build on a plain static host under a sub-path (/course/vae/, no COOP, COEP or CSP headers): the
 * first visit installs the service worker, which makes the page cross-origin isolated (wasm threads)
 * and keeps the lab; with the browser offline and the host gone, a reload still loads and trains.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollUntil } from './panels';
import { gotoLab, problemsText, readBackendReason, readStep, trainButton, waitForAllData, waitForStep, waitUntilReady } from './browser';
import { launchBrowser } from './chromium';
import { serveStatic, type StaticServer } from './serve';

const DIST = path.resolve(import.meta.dirname, '../../dist');

let browser: Browser;
let server: StaticServer;

beforeAll(async () => {
  browser = await launchBrowser();
  server = await serveStatic({ dir: DIST, prefix: '/course/vae/' });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Polls the page (which may be reloading) until the service worker controls it and it is cross-origin isolated. */
async function waitForControlledAndIsolated(page: Page, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await page
      .evaluate(() => ({ controlled: navigator.serviceWorker.controller !== null, isolated: self.crossOriginIsolated }))
      .catch(() => null);
    if (state?.controlled && state.isolated) return;
    if (Date.now() > deadline) throw new Error(`service worker control and isolation not reached in ${timeoutMs} ms (last: ${JSON.stringify(state)})`);
    await page.waitForTimeout(250);
  }
}

describe('deployed under /course/vae/ on a static host without headers', () => {
  it('the first visit becomes isolated through the service worker; offline, a reload still trains and opens the trained model', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems = await gotoLab(page, server.url);
    expect(await page.evaluate(() => self.crossOriginIsolated), 'the host sends no COOP/COEP').toBe(false);
    await waitUntilReady(page);

    await waitForControlledAndIsolated(page, 60_000);
    await waitUntilReady(page);
    await waitForAllData(page);
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    expect(await readBackendReason(page)).toContain(cores > 1 ? `wasm (${cores} threads, Adam in SIMD)` : 'wasm (1 thread, Adam in SIMD)');

    // The service worker caches the lecture path's trained models in the background: wait until they are in.
    const warmed = () => page.evaluate(async () => (await caches.match(new URL('checkpoints/mnist/vae/weights.bin', document.baseURI).href)) !== undefined);
    await pollUntil(page, warmed, (done) => done, 60_000, 'the trained VAE in the service worker cache');
    await context.setOffline(true);
    await server.close();
    await page.reload();
    await waitUntilReady(page);
    expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(true);
    // The lecture path's trained model was cached ahead, although nobody loaded it online.
    await page.getByRole('button', { name: 'Load trained model' }).click();
    await page.getByTestId('model-notice').filter({ hasText: 'is open' }).waitFor({ timeout: 60_000 });
    await waitUntilReady(page);
    const trainedStep = await readStep(page);
    expect(trainedStep).toBeGreaterThan(1000);
    await trainButton(page).click();
    const status = await waitForStep(page, trainedStep + 3, 60_000);
    expect(status.backend).toBe('wasm');
    expect(problemsText(problems)).toBe('');
    await context.close();
  });
});
