/**
 * The model family in the page: each model (and Fashion-MNIST) is chosen with the "Model" / "Dataset"
 * selects, trains a few steps and shows its own loss terms; switching away and back keeps a model's
 * weights (its step count). One page for the whole file: training is slow on this machine.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseSetting, launchBrowser, openLab, problemsText, readStep, trainButton, waitForStep, waitUntilReady, type PageProblems } from './browser';
import { pollUntil, readValues } from './panels';

type ModelKind = 'ae' | 'dae' | 'mae' | 'vae' | 'vqvae';

/** The loss numbers each model must show, and some it must not. */
const SHOWN: Record<ModelKind, string[]> = {
  ae: ['rec', 'total'],
  dae: ['rec', 'total'],
  mae: ['rec', 'total'],
  vae: ['rec', 'kl', 'betakl', 'total'],
  vqvae: ['rec', 'codebook', 'commitment', 'total'],
};
const ALL_TERMS = ['rec', 'kl', 'betakl', 'codebook', 'commitment', 'total'];

let browser: Browser;
let page: Page;
let problems: PageProblems;

beforeAll(async () => {
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  problems = await openLab(page, 'backend=wasm');
  await waitUntilReady(page);
});

afterAll(async () => {
  await browser?.close();
});

/** Picks a model or data set and waits until the worker has switched (the Train button is enabled again). */
async function select(label: 'Model' | 'Dataset', value: string, model: ModelKind): Promise<void> {
  await chooseSetting(page, label, value);
  await page.waitForSelector(`[role="status"][data-model="${model}"]`, { timeout: 10_000 });
  await waitUntilReady(page);
}

/** Presses Step `count` times, each time waiting for the step counter to move. */
async function stepTimes(count: number): Promise<number> {
  let step = await readStep(page);
  for (let k = 0; k < count; k++) {
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    step = (await waitForStep(page, step + 1, 60_000)).step ?? -1;
  }
  return step;
}

/** Weight of each shown term in the total at the default settings (β = 1, β_c = 0.25); β·KL is already weighted. */
const TOTAL_WEIGHTS: Record<string, number> = { rec: 1, betakl: 1, codebook: 1, commitment: 0.25 };

/**
 * Waits until every term the model shows has a finite current value, checks the total card is the
 * weighted sum of the term cards (as the optimiser sums them), and that other models' terms are absent.
 */
async function expectOwnTerms(model: ModelKind): Promise<void> {
  const ids = SHOWN[model].map((term) => `loss-current-${term}`);
  const values = await pollUntil(page, () => readValues(page, ids), (read) => Object.values(read).every(Number.isFinite), 30_000, `${model} loss terms`);
  const summed = SHOWN[model].reduce((sum, term) => sum + (TOTAL_WEIGHTS[term] ?? 0) * values[`loss-current-${term}`], 0);
  expect(values['loss-current-total']).toBeCloseTo(summed, 2);
  for (const term of ALL_TERMS.filter((name) => !SHOWN[model].includes(name))) {
    expect(await page.getByTestId(`loss-current-${term}`).count(), `${model} should not show ${term}`).toBe(0);
  }
}

describe.sequential('the model family', () => {
  let vaeStep = -1;

  it('the Model and Dataset selects are real, named form controls', async () => {
    const model = page.getByRole('combobox', { name: 'Model', exact: true });
    const dataset = page.getByRole('combobox', { name: 'Dataset', exact: true });
    expect(await model.inputValue()).toBe('vae');
    expect(await dataset.inputValue()).toBe('mnist');
    const names = await model.locator('option').allTextContents();
    expect(names).toEqual(['Autoencoder', 'Denoising autoencoder', 'Masked autoencoder', 'VAE / β-VAE', 'VQ-VAE']);
    expect(await dataset.locator('option').allTextContents()).toEqual(['MNIST', 'Fashion-MNIST']);
  });

  it('the VAE trains and shows rec, KL, β·KL and total', async () => {
    vaeStep = await stepTimes(3);
    await expectOwnTerms('vae');
  });

  for (const model of ['ae', 'dae', 'mae', 'vqvae'] as const) {
    it(`${model} trains from its own fresh weights and shows its own terms`, async () => {
      await select('Model', model, model);
      expect(await readStep(page)).toBe(0);
      await stepTimes(2);
      await expectOwnTerms(model);
    });
  }

  it('the DAE and MAE show corrupted input / clean target / reconstruction rows; the VQ-VAE its codebook', async () => {
    const codebook = page.getByTestId('codebook-panel');
    expect(await codebook.count()).toBe(1);
    const inUse = await pollUntil(page, () => codebook.getByTestId('codebook-in-use').getAttribute('data-value'), (v) => v !== null, 10_000, 'codes in use');
    expect(Number(inUse)).toBeGreaterThan(0);
    await select('Model', 'mae', 'mae');
    const rows = await page.getByTestId('reconstructions').locator('h3').allTextContents();
    expect(rows).toEqual(['Masked input', 'Clean target', 'Reconstruction']);
  });

  it('switching back to the VAE keeps its weights: the step count is where it stopped', async () => {
    await select('Model', 'ae', 'ae');
    await select('Model', 'vae', 'vae');
    expect(await readStep(page), 'the VAE continues from its own step, not from fresh weights').toBe(vaeStep);
    await expectOwnTerms('vae');
  });

  it('Fashion-MNIST: the VAE and the denoising AE train on it with their own terms', async () => {
    await select('Dataset', 'fashion', 'vae');
    expect(await readStep(page)).toBe(0);
    await stepTimes(2);
    await expectOwnTerms('vae');
    await select('Model', 'dae', 'dae');
    await stepTimes(2);
    await expectOwnTerms('dae');
  });

  it('Train then Pause works after switching, and the page logged no errors', async () => {
    await trainButton(page).click();
    await page.getByRole('button', { name: 'Pause', exact: true }).click({ timeout: 10_000 });
    await waitUntilReady(page);
    expect(problemsText(problems)).toBe('');
  });
});
