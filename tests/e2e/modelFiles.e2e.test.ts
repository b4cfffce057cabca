/**
 * Trained models, saving and opening, and the lessons, as a user meets them: "Load trained model" shows the
 * checkpoint's test −ELBO without training; a model saved in the browser and as a file reopens after a reset with
 * the same step and numbers; a damaged file is refused and the model stays; the lessons walk from first to last.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openLab, problemsText, readDataValue, readStep, trainButton, waitForStep, waitUntilReady } from './browser';
import { pollUntil } from './panels';

interface ManifestEntry {
  id: string;
  steps: number;
  test: { negElbo?: number; terms: { rec?: number } };
}
const MANIFEST = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../public/checkpoints/manifest.json'), 'utf8')) as { checkpoints: ManifestEntry[] };
const checkpoint = (id: string) => MANIFEST.checkpoints.find((entry) => entry.id === id) as ManifestEntry;

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

const notice = (page: Page) => page.getByTestId('model-notice');

async function testLoss(page: Page): Promise<{ value: number; step: number }> {
  const item = page.getByTestId('test-loss');
  return { value: Number(await item.getAttribute('data-value')), step: Number(await item.getAttribute('data-step')) };
}

async function loadTrained(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Load trained model' }).click();
  await notice(page).filter({ hasText: 'is open' }).waitFor({ timeout: 60_000 });
  await waitUntilReady(page);
}

describe('trained models, save and open', () => {
  it('Load trained model: the checkpoint’s step and test −ELBO at once, without training', async () => {
    const page = await browser.newPage();
    const problems = await openLab(page, 'backend=wasm&present=1');
    await waitUntilReady(page);
    await loadTrained(page);
    const vae = checkpoint('mnist/vae');
    expect(await readStep(page)).toBe(vae.steps);
    const shown = await testLoss(page);
    expect(shown.step).toBe(vae.steps);
    expect(shown.value).toBeCloseTo(vae.test.negElbo as number, 6);
    expect(page.url()).toContain('ckpt=trained');
    // In lecture mode the L key does the same, here for the autoencoder.
    await page.getByRole('combobox', { name: 'Model' }).selectOption('ae');
    await waitUntilReady(page);
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('l');
    await notice(page).filter({ hasText: 'Autoencoder' }).waitFor({ timeout: 60_000 });
    await waitUntilReady(page);
    const ae = checkpoint('mnist/ae');
    expect((await testLoss(page)).value).toBeCloseTo(ae.test.terms.rec as number, 6);
    expect(problemsText(problems)).toBe('');
    await page.close();
  }, 180_000);

  it('saved in the browser and as a file, reset, reopened: the same step, curves and test numbers; a damaged file is refused', async () => {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    const problems = await openLab(page, 'backend=wasm');
    await waitUntilReady(page);
    await loadTrained(page);
    await trainButton(page).click();
    await waitForStep(page, checkpoint('mnist/vae').steps + 20, 120_000);
    await page.getByRole('button', { name: 'Pause' }).click();
    await waitUntilReady(page);
    // The paused step, once the last snapshot has arrived (two reads a second apart agree).
    let step = await readStep(page);
    for (let previous = -1; previous !== step; ) {
      previous = step;
      await page.waitForTimeout(1000);
      step = await readStep(page);
    }
    const rec = await readDataValue(page, 'loss-current-rec');
    const loss = await testLoss(page);

    await page.getByText('Save and open models').click();
    await page.getByLabel('Name').fill('Lecture demo');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await notice(page).filter({ hasText: 'Saved “Lecture demo”' }).waitFor({ timeout: 30_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download model' }).click()]);
    const filePath = await download.path();
    expect(download.suggestedFilename()).toBe(`vae-mnist-step${step}.vaelab`);
    const bytes = readFileSync(filePath);
    expect(bytes.subarray(0, 8).toString('ascii')).toBe('VAELAB01');

    const expectRestored = async () => {
      await waitUntilReady(page);
      expect(await readStep(page)).toBe(step);
      expect(await readDataValue(page, 'loss-current-rec')).toBe(rec);
      expect(await testLoss(page)).toEqual(loss);
    };
    await page.getByRole('button', { name: 'Reset', exact: true }).click();
    await pollUntil(page, () => readStep(page), (s) => s === 0, 30_000, 'step 0 after Reset');
    await page.getByRole('button', { name: 'Open “Lecture demo”' }).click();
    await notice(page).filter({ hasText: 'is open' }).waitFor({ timeout: 60_000 });
    await expectRestored();

    await page.getByRole('button', { name: 'Reset', exact: true }).click();
    await pollUntil(page, () => readStep(page), (s) => s === 0, 30_000, 'step 0 after Reset');
    await page.locator('input[type=file]').setInputFiles({ name: 'model.vaelab', mimeType: 'application/octet-stream', buffer: bytes });
    await notice(page).filter({ hasText: 'is open' }).waitFor({ timeout: 60_000 });
    await expectRestored();

    // A damaged copy (its last 5,000 bytes cut off): a refusal that says why, and the model as it was.
    await page.locator('input[type=file]').setInputFiles({ name: 'damaged.vaelab', mimeType: 'application/octet-stream', buffer: bytes.subarray(0, bytes.length - 5000) });
    const refusal = page.getByRole('alert').filter({ hasText: 'was not opened' });
    await refusal.waitFor({ timeout: 30_000 });
    expect(await refusal.textContent()).toMatch(/unchanged/);
    await expectRestored();

    await page.getByRole('button', { name: 'Delete “Lecture demo”' }).click();
    await page.getByText('No models saved in this browser yet.').waitFor({ timeout: 10_000 });
    expect(problemsText(problems)).toBe('');
    await context.close();
  }, 300_000);
});

describe('lessons', () => {
  it('walk from the first step to the last with Next; a trained step opens the trained model', async () => {
    const page = await browser.newPage();
    const problems = await openLab(page, 'backend=wasm');
    await waitUntilReady(page);
    await page.getByRole('button', { name: 'Lessons' }).click();
    await page.getByRole('button', { name: /^1\. / }).click();
    const panel = page.getByRole('region', { name: 'Lesson', exact: true });
    const count = Number((await panel.textContent())?.match(/step 1 of (\d+)/)?.[1]);
    expect(count).toBeGreaterThanOrEqual(10);
    for (let step = 1; step <= count; step++) {
      await page.waitForURL(new RegExp(`lesson=${step}(&|$)`), { timeout: 10_000 });
      await expect.poll(() => panel.textContent(), { timeout: 10_000 }).toContain(`step ${step} of ${count}`);
      expect(await page.locator('.lesson-highlight').count(), `step ${step} highlights a panel`).toBeGreaterThan(0);
      if (step === 2) {
        // "The holes in an autoencoder's latent space" starts from the trained autoencoder.
        await notice(page).filter({ hasText: 'is open' }).waitFor({ timeout: 60_000 });
        expect(await readStep(page)).toBe(checkpoint('mnist/ae').steps);
      }
      if (step < count) await page.getByRole('button', { name: 'Next' }).click();
    }
    expect(await page.getByRole('button', { name: 'Next' }).isDisabled()).toBe(true);
    expect(problemsText(problems)).toBe('');
    await page.close();
  }, 300_000);
});
