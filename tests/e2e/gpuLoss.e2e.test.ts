/**
 * A lost GPU: the lab trains on WebGL (SwiftShader here), the browser's GPU process is crashed through CDP, and
 * the lab says so, rebuilds the run from its last CPU copy and keeps training; the scatter is drawn again.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openLab, problemsText, readStatus, trainButton, waitForStep, waitUntilReady } from './browser';
import { pollUntil, readScatter } from './panels';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe('a lost GPU', () => {
  it('WebGL context lost while training: a notice, training goes on from the CPU copy, the scatter redraws', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems = await openLab(page, 'backend=webgl');
    await waitUntilReady(page);
    await trainButton(page).click();
    const before = await waitForStep(page, 30, 120_000);
    expect(before.backend).toBe('webgl');
    const scatterBefore = await pollUntil(page, () => readScatter(page), (s) => (s?.x.length ?? 0) > 0, 60_000, 'scatter before');

    const cdp = await browser.newBrowserCDPSession();
    await cdp.send('Browser.crashGpuProcess');
    const lostAt = Date.now();

    const notice = page.getByRole('alert').filter({ hasText: /graphics processor was reset/ });
    await notice.waitFor({ timeout: 60_000 });
    const text = (await notice.textContent()) ?? '';
    const restored = Number(/from step ([\d,]+)/.exec(text)?.[1].replace(/,/g, '') ?? Number.NaN);
    expect(restored).toBeGreaterThanOrEqual(0);
    expect(restored).toBeLessThanOrEqual((await readStatus(page))?.step ?? 0);

    const after = await waitForStep(page, restored + 5, Math.max(5_000, 60_000 - (Date.now() - lostAt)));
    expect(after.running).toBe(true);
    expect(['webgl', 'wasm']).toContain(after.backend);
    const scatterAfter = await pollUntil(page, () => readScatter(page), (s) => (s?.x.length ?? 0) > 0 && JSON.stringify(s?.x.slice(0, 20)) !== JSON.stringify(scatterBefore?.x.slice(0, 20)), 60_000, 'scatter after');
    expect(scatterAfter?.x.every(Number.isFinite)).toBe(true);
    console.log(`gpu loss: restored at step ${restored}; notice: ${text}; step ${after.step} on ${after.backend} ${((Date.now() - lostAt) / 1000).toFixed(1)} s after the crash`);
    expect(problemsText(problems)).toBe('');
    await page.close();
  });
});
