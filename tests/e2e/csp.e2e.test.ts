/**
 * The production site under its Content-Security-Policy and cross-origin isolation (as vite preview
 * serves it): loading and training leave no CSP violation, in the page or in any worker; every request
 * stays on the site's own origin; the isolated page still gets its fonts, workers, Plotly and data.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openLab, problemsText, readBackendReason, trainButton, waitForAllData, waitForStep, waitUntilReady } from './browser';
import { pollUntil, readScatter } from './panels';

/** Records the page's CSP violation events (workers report theirs on the console). */
const RECORD_VIOLATIONS = `
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber));
`;
const CSP_MESSAGE = /Content Security Policy|Refused to (load|execute|apply|create|connect|evaluate)/i;

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe('Content-Security-Policy and cross-origin isolation', () => {
  it('loading and training: no violation, no request to another origin, fonts, workers, Plotly and data all load', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const requests: string[] = [];
    const cspMessages: string[] = [];
    context.on('request', (request) => requests.push(request.url()));
    const page = await context.newPage();
    page.on('console', (message) => {
      if (CSP_MESSAGE.test(message.text())) cspMessages.push(message.text());
    });
    page.on('worker', (worker) => worker.on('console', (message) => CSP_MESSAGE.test(message.text()) && cspMessages.push(`[worker] ${message.text()}`)));
    await page.addInitScript(RECORD_VIOLATIONS);
    const documentResponse = page.waitForResponse((response) => response.request().resourceType() === 'document');
    const problems = await openLab(page);
    const policyHeader = (await documentResponse).headers()['content-security-policy'];
    const policyMeta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(policyMeta).toBe(policyHeader);
    const scriptSources = /script-src ([^;]*)/.exec(policyMeta ?? '')?.[1] ?? '';
    expect(scriptSources, 'no eval, no inline scripts, no other origin').toBe("'self' 'wasm-unsafe-eval' blob:");

    await waitUntilReady(page);
    await trainButton(page).click();
    await waitForStep(page, 20, 60_000);
    await waitForAllData(page);
    const scatter = await pollUntil(page, () => readScatter(page), (s) => (s?.x.length ?? 0) >= 2000, 30_000, 'scatter drawn');
    expect(scatter?.x.every(Number.isFinite)).toBe(true);
    await page.getByRole('heading', { name: /ELBO/ }).first().scrollIntoViewIfNeeded();
    await page.waitForTimeout(1500);

    expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(true);
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    expect(await readBackendReason(page)).toContain(cores > 1 ? `wasm (${cores} threads, Adam in SIMD)` : 'wasm (1 thread, Adam in SIMD)');
    const katexFonts = await page.evaluate(() => [...document.fonts].filter((font) => font.family.includes('KaTeX') && font.status === 'loaded').length);
    expect(katexFonts, 'KaTeX fonts loaded under COEP and the CSP').toBeGreaterThan(0);

    const origin = new URL(page.url()).origin;
    const foreign = requests.filter((url) => new URL(url).origin !== origin);
    expect(foreign, 'requests that left the site').toEqual([]);
    expect(requests.some((url) => url.includes('/data/mnist/'))).toBe(true);
    const violations = await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);
    expect([...violations, ...cspMessages]).toEqual([]);
    expect(problemsText(problems)).toBe('');
    await context.close();
  });
});
