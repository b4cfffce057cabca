/** A learning rate of 1 makes training diverge: the lab must stop, say so, and keep finite weights. */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chooseSetting,
  launchBrowser,
  openLab,
  problemsText,
  readStatus,
  readStep,
  trainButton,
  waitForStep,
  waitUntilReady,
} from './browser';
import { pollUntil, readValues } from './panels';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe('divergence', () => {
  it('learning rate 1 → a "diverged" alert, training stops, the loss panel stays finite', async () => {
    const page = await browser.newPage();
    const problems = await openLab(page);
    await waitUntilReady(page);
    // A few healthy steps first, so the loss panel has finite values to keep (a run that diverges at its very first
    // chunk has none, and shows dashes).
    for (let i = 1; i <= 3; i++) {
      await page.getByRole('button', { name: 'Step', exact: true }).click();
      await waitForStep(page, i, 30_000);
      await waitUntilReady(page);
    }
    await chooseSetting(page, 'Learning rate', '1');
    await trainButton(page).click();

    const alert = page.getByRole('alert').filter({ hasText: /diverged/i });
    await alert.first().waitFor({ timeout: 60_000 });
    const text = (await alert.first().textContent()) ?? '';
    expect(text, 'the alert should say what to change').toMatch(/learning rate/i);

    await pollUntil(page, () => readStatus(page), (s) => s?.running === false, 10_000, 'data-running false after divergence');
    const stoppedAt = await readStep(page);
    await page.waitForTimeout(2000);
    expect(await readStep(page)).toBe(stoppedAt);
    await trainButton(page).waitFor({ timeout: 5000 });

    const ids = ['loss-current-rec', 'loss-current-kl', 'loss-current-betakl', 'loss-current-total'] as const;
    const values = await readValues(page, ids);
    for (const id of ids) expect(Number.isFinite(values[id]), `${id} = ${values[id]}`).toBe(true);
    expect(problemsText(problems)).toBe('');
    await page.close();
  });
});
