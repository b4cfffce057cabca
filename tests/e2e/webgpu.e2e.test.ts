/**
 * WebGPU, on the software adapter headless Chromium exposes here (--enable-unsafe-webgpu): "auto"
 * keeps wasm, since the adapter is a software one; chosen in the URL, webgpu trains, and its first
 * steps give the losses wasm gives from the same seed on the same data.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLab, problemsText, readBackendReason, readDataValue, waitForAllData, waitForStep, waitUntilReady } from './browser';
import { launchBrowser, WEBGPU_ARGS } from './chromium';
import { pollUntil } from './panels';

/** A small model, so a software GPU gets through a few steps quickly. */
const SMALL_MODEL = 'hidden=64&batch=32&seed=7';
const STEPS = 3;

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser(WEBGPU_ARGS);
});

afterAll(async () => {
  await browser?.close();
});

/** The smoothed total loss after each of the first `STEPS` single steps on `backend` (all data loaded first, so batches match). */
async function firstLosses(backend: string): Promise<{ losses: number[]; trainedOn: string | null }> {
  const page = await browser.newPage();
  const problems = await openLab(page, `backend=${backend}&${SMALL_MODEL}`);
  await waitUntilReady(page, 150_000);
  await waitForAllData(page);
  const losses: number[] = [];
  let trainedOn: string | null = null;
  for (let step = 1; step <= STEPS; step++) {
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    trainedOn = (await waitForStep(page, step, 120_000)).backend;
    const previous = losses.at(-1);
    losses.push(await pollUntil(page, () => readDataValue(page, 'loss-current-total'), (loss) => Number.isFinite(loss) && loss !== previous, 60_000, `loss after step ${step}`));
    await page.getByRole('button', { name: 'Step', exact: true }).and(page.locator(':enabled')).waitFor({ timeout: 120_000 });
  }
  expect(problemsText(problems)).toBe('');
  await page.close();
  return { losses, trainedOn };
}

describe('WebGPU (software adapter)', () => {
  it('"auto" stays on wasm: the only WebGPU adapter here is a software one', async () => {
    const page = await browser.newPage();
    await openLab(page);
    await waitUntilReady(page);
    expect(await readBackendReason(page)).toMatch(/software-rendered.*using wasm/);
    await page.close();
  });

  it(`webgpu trains, and its first ${STEPS} losses match wasm's from the same seed`, async () => {
    const wasm = await firstLosses('wasm');
    const webgpu = await firstLosses('webgpu');
    expect(wasm.trainedOn).toBe('wasm');
    expect(webgpu.trainedOn).toBe('webgpu');
    expect(webgpu.losses[STEPS - 1]).toBeLessThan(webgpu.losses[0]);
    for (let i = 0; i < STEPS; i++) {
      expect(Math.abs(webgpu.losses[i] - wasm.losses[i]) / wasm.losses[i], `step ${i + 1}: ${webgpu.losses[i]} vs ${wasm.losses[i]}`).toBeLessThan(1e-4);
    }
  }, 400_000);
});
