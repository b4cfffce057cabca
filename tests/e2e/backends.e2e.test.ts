/**
 * Each backend chosen in the URL trains one step (webgl runs on SwiftShader here); 'auto' picks wasm
 * because WebGL is software-rendered on this machine.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openLab, problemsText, readStatus, waitForStep, waitUntilReady } from './browser';

const CASES: Array<[query: string, backend: string]> = [
  ['', 'wasm'],
  ['backend=wasm', 'wasm'],
  ['backend=webgl', 'webgl'],
  ['backend=cpu', 'cpu'],
];

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe('backends', () => {
  it.each(CASES)('"?%s" trains a step on %s', async (query, backend) => {
    const page = await browser.newPage();
    const problems = await openLab(page, query);
    await waitUntilReady(page);
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    const status = await waitForStep(page, 1, 60_000);
    expect(status.backend).toBe(backend);
    expect((await readStatus(page))?.tensors ?? 0).toBeGreaterThan(0);
    expect(problemsText(problems)).toBe('');
    await page.close();
  });
});
