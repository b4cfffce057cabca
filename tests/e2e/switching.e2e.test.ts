/**
 * Changing Model, Dataset, Backend or the latent size at any moment — during the first second of
 * loading, while training, twenty times in quick succession — always ends with the lab ready on the
 * last choice and Train enabled, and training then works.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseSetting, launchBrowser, openLab, problemsText, readStatus, trainButton, waitForStep, waitUntilReady } from './browser';
import { pollUntil } from './panels';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

/** Waits for Train, then checks the worker reports the run the menus show, ready, and that it trains. */
async function expectReadyOn(page: Page, model: string, datasetTitle: string): Promise<void> {
  await waitUntilReady(page, 90_000);
  const status = await pollUntil(page, () => readStatus(page), (s) => s?.text.includes(` on ${datasetTitle}`) === true, 10_000, `status bar names ${datasetTitle}`);
  expect(await page.getByLabel('Model', { exact: true }).inputValue()).toBe(model);
  expect(await page.locator('[role="status"][data-model]').getAttribute('data-phase')).toBe('ready');
  const before = status?.step ?? 0;
  await trainButton(page).click();
  await waitForStep(page, before + 2, 60_000);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await waitUntilReady(page);
}

describe('switching at any moment', () => {
  it('in the first second of loading: Model and Dataset changed before Train is enabled', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems = await openLab(page, 'backend=wasm');
    await page.getByLabel('Model', { exact: true }).waitFor();
    await chooseSetting(page, 'Model', 'ae');
    await chooseSetting(page, 'Dataset', 'fashion');
    await chooseSetting(page, 'Model', 'dae');
    await expectReadyOn(page, 'dae', 'Fashion-MNIST');
    expect(problemsText(problems)).toBe('');
    await page.close();
  });

  it('while training: Model, Dataset, Backend and latent size changed mid-run', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems = await openLab(page, 'backend=wasm');
    await waitUntilReady(page);
    await trainButton(page).click();
    await waitForStep(page, 3, 60_000);
    await chooseSetting(page, 'Model', 'ae');
    await expectReadyOn(page, 'ae', 'MNIST');

    await trainButton(page).click();
    await waitForStep(page, 3, 60_000);
    await chooseSetting(page, 'Dataset', 'fashion');
    await expectReadyOn(page, 'ae', 'Fashion-MNIST');

    await trainButton(page).click();
    await waitForStep(page, 3, 60_000);
    await chooseSetting(page, 'Latent dimension', '8');
    await page.getByRole('button', { name: 'Start fresh weights', exact: true }).click();
    // Pause at once, as a newcomer would: while the restarted run loads to train on, the button stays an enabled Pause.
    // The click goes in the first frame that shows the worker loading (the test fails if none did within 2 s).
    const outcome = await page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          const started = performance.now();
          const tick = () => {
            const phase = document.querySelector('[role="status"][data-phase]')?.getAttribute('data-phase');
            const button = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Train' || b.textContent === 'Pause');
            if (phase !== 'loading' && performance.now() - started < 2_000) {
              requestAnimationFrame(tick);
            } else if (button?.textContent === 'Pause' && !button.disabled) {
              button.click();
              resolve(`clicked Pause while ${phase}`);
            } else {
              resolve(`no enabled Pause while ${phase}: ${button?.textContent ?? 'no button'}${button?.disabled ? ' (disabled)' : ''}`);
            }
          };
          requestAnimationFrame(tick);
        }),
    );
    expect(outcome).toBe('clicked Pause while loading');
    await waitUntilReady(page, 60_000);
    const paused = (await readStatus(page))?.step ?? -1;
    await page.waitForTimeout(1_000);
    expect((await readStatus(page))?.step).toBe(paused);
    await expectReadyOn(page, 'ae', 'Fashion-MNIST');

    await trainButton(page).click();
    await waitForStep(page, 3, 60_000);
    await chooseSetting(page, 'Backend', 'cpu');
    await page.getByRole('button', { name: 'Start fresh weights', exact: true }).click();
    await pollUntil(page, () => readStatus(page), (s) => s?.backend === 'cpu', 60_000, 'the cpu backend');
    await chooseSetting(page, 'Model', 'vae');
    await expectReadyOn(page, 'vae', 'Fashion-MNIST');
    expect(problemsText(problems)).toBe('');
    await page.close();
  });

  it('twenty changes in quick succession end ready on the last one', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems = await openLab(page, 'backend=wasm');
    await page.getByLabel('Model', { exact: true }).waitFor();
    const models = ['ae', 'vae', 'dae', 'mae', 'vqvae'];
    const datasets = ['mnist', 'fashion'];
    for (let i = 0; i < 20; i++) {
      if (i % 3 === 2) await chooseSetting(page, 'Dataset', datasets[i % 2]);
      else await chooseSetting(page, 'Model', models[i % models.length]);
    }
    const lastModel = models[19 % models.length];
    const lastDataset = datasets[17 % 2];
    await expectReadyOn(page, lastModel, lastDataset === 'fashion' ? 'Fashion-MNIST' : 'MNIST');
    expect(problemsText(problems)).toBe('');
    await page.close();
  });
});
