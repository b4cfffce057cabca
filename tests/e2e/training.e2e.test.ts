/**
 * Training in the lab, on one page whose state carries from test to test (training is slow on a
 * software GPU, so the tests share one run): start, scatter, ELBO, pause, interpolation, β, reset.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  launchBrowser,
  openLab,
  pauseButton,
  problemsText,
  readStatus,
  readStep,
  setRange,
  trainButton,
  waitForStep,
  waitUntilReady,
  type PageProblems,
} from './browser';
import { pollUntil, readInterpolationImage, readScatter, readValues } from './panels';

const ARTIFACTS = path.resolve(import.meta.dirname, '../artifacts');

let browser: Browser;
let page: Page;
let problems: PageProblems;

beforeAll(async () => {
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  problems = await openLab(page);
  await waitUntilReady(page);
});

afterAll(async () => {
  await browser?.close();
});

describe.sequential('training the VAE', () => {
  it('Train starts training: the button says Pause and the step counter rises', async () => {
    await trainButton(page).click();
    await pauseButton(page).waitFor({ timeout: 10_000 });
    const first = await waitForStep(page, 1, 60_000);
    await page.waitForTimeout(3000);
    const later = await readStatus(page);
    expect(later?.running).toBe(true);
    expect(later?.step ?? -1).toBeGreaterThan(first.step ?? 0);
    expect(later?.samplesPerSecond ?? 0, 'a measured training speed').toBeGreaterThan(0);
  });

  it('the latent scatter shows all probe points and they move while training', async () => {
    const before = await pollUntil(page, () => readScatter(page), (s) => (s?.x.length ?? 0) >= 2000, 30_000, 'scatter points');
    expect(before?.y.length).toBe(before?.x.length);
    expect(before?.x.every(Number.isFinite)).toBe(true);
    await page.waitForTimeout(4000);
    const after = await readScatter(page);
    const moved = after?.x.some((v, i) => v !== before?.x[i] || after.y[i] !== before?.y[i]);
    expect(moved, 'scatter coordinates should change between reads 4 s apart').toBe(true);
  });

  it('the ELBO panel renders math and its numbers satisfy ELBO = rec − KL', async () => {
    const panel = page.getByTestId('elbo-panel');
    expect(await panel.locator('.katex').count()).toBeGreaterThanOrEqual(4);
    const ids = ['elbo-value-rec', 'elbo-value-kl', 'elbo-value-elbo'] as const;
    const v = await pollUntil(page, () => readValues(page, ids), (r) => ids.every((id) => Number.isFinite(r[id])), 30_000, 'finite ELBO values');
    expect(Math.abs(v['elbo-value-elbo'] - (v['elbo-value-rec'] - v['elbo-value-kl']))).toBeLessThanOrEqual(0.2);
    expect(v['elbo-value-kl']).toBeGreaterThanOrEqual(0);
  });

  it('Pause stops the step counter', async () => {
    await pauseButton(page).click();
    await trainButton(page).waitFor({ timeout: 10_000 });
    await pollUntil(page, () => readStatus(page), (s) => s?.running === false, 10_000, 'data-running false');
    const paused = await readStep(page);
    await page.waitForTimeout(2000);
    expect(await readStep(page)).toBe(paused);
    expect((await readStatus(page))?.samplesPerSecond, 'no speed while paused').toBeNull();
    expect(await page.locator('[role="status"][data-step]').textContent()).toContain('— samples/s');
  });

  it('the Interpolation slider changes the decoded image (t=0 differs from t=1; t=0 is reproducible)', async () => {
    await setRange(page, 'Interpolation', 0);
    await page.waitForTimeout(1000);
    const atZero = await readInterpolationImage(page);
    expect(atZero).not.toBe('');
    await setRange(page, 'Interpolation', 1);
    await pollUntil(page, () => readInterpolationImage(page), (img) => img !== atZero, 10_000, 'image at t=1 differs');
    await setRange(page, 'Interpolation', 0);
    await pollUntil(page, () => readInterpolationImage(page), (img) => img === atZero, 10_000, 'same weights, t=0 again → same image');
  });

  it('β·KL equals β × KL after β is changed while training', async () => {
    await trainButton(page).click();
    await pauseButton(page).waitFor({ timeout: 10_000 });
    const beta = 5;
    await setRange(page, 'β', beta);
    const startStep = await readStep(page);
    await waitForStep(page, startStep + 60, 90_000);
    const v = await readValues(page, ['loss-current-kl', 'loss-current-betakl'] as const);
    expect(v['loss-current-kl']).toBeGreaterThan(0);
    expect(Math.abs(v['loss-current-betakl'] / v['loss-current-kl'] - beta), '60 steps after β = 5, the smoothed β·KL is 5 × KL').toBeLessThanOrEqual(0.1 * beta);
    await setRange(page, 'β', 1);
  });

  it('saves a screenshot of the trained lab', async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const file = path.join(ARTIFACTS, 'lab-trained.png');
    await page.screenshot({ path: file, fullPage: true });
    expect(problemsText(problems), 'console errors or page errors while training').toBe('');
  });

  it('Reset returns the step counter to 0', async () => {
    await pauseButton(page).click();
    await trainButton(page).waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: 'Reset', exact: true }).click();
    await pollUntil(page, () => readStep(page), (step) => step === 0, 30_000, 'step 0 after Reset');
  });
});

describe('the loss cards on a projector', () => {
  it('show every number whole at 1280 × 720, the six-character KL of the first step included', async () => {
    const projector = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    try {
      await openLab(projector);
      await waitUntilReady(projector);
      await projector.getByRole('button', { name: 'Step', exact: true }).click();
      const kl = projector.getByTestId('loss-current-kl');
      await pollUntil(projector, () => kl.textContent(), (text) => text !== null && text !== '—', 30_000, 'the KL card after one step');
      // A fresh VAE's KL after one step is below 0.1: "0.0xyz" or "x.ye−z", six characters, which the 1.6rem figure cut to "0.08…" here.
      expect((await kl.textContent())?.length, `KL shown as ${await kl.textContent()}`).toBeGreaterThanOrEqual(6);
      const cards = await projector.locator('[data-testid="loss-panel"] [data-value]').evaluateAll((elements) =>
        elements.map((element) => ({ text: element.textContent, cut: element.scrollWidth > element.clientWidth })),
      );
      expect(cards.length).toBeGreaterThanOrEqual(4);
      expect(cards.filter((card) => card.cut), JSON.stringify(cards)).toEqual([]);
    } finally {
      await projector.close();
    }
  });
});
