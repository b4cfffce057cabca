/**
 * The bound and trade-off views, used as a student would: scroll to a panel, train, read what it shows by its
 * accessible names. The bound ladder never falls down its table (beyond Monte Carlo error), β changed twice leaves
 * two ghost trails (kept across a reload), and a pitfall switch trains a second run while the first keeps its step.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openLab, pauseButton, problemsText, readPausedStep, readStep, setRange, trainButton, waitForStep, waitUntilReady } from './browser';
import { pollUntil } from './panels';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  return context.newPage();
}

/** The bound ladder's rows as (name, value, error) from the "Bound ladder" table, or [] before it is drawn. */
async function readLadder(table: Locator): Promise<Array<{ name: string; value: number; error: number }>> {
  if ((await table.count()) === 0) return [];
  return table.locator('tbody tr').evaluateAll((rows) =>
    rows.map((row) => {
      const cells = row.querySelectorAll('td');
      return { name: cells[0]?.textContent ?? '', value: Number(cells[1]?.textContent), error: Number(cells[1]?.getAttribute('data-error') ?? Number.NaN) };
    }),
  );
}

/** The numbers of the rate–distortion trails summary: ghost trails and points of the current trail. */
async function readTrails(region: Locator): Promise<{ ghosts: number; points: number }> {
  const summary = region.getByTestId('rate-distortion-trails');
  return { ghosts: Number(await summary.getAttribute('data-ghosts')), points: Number(await summary.getAttribute('data-current-points')) };
}

describe('the bound', () => {
  it('the bound ladder rises down its table within Monte Carlo error, to the exact log p(x) the true posterior shows', async () => {
    const page = await newPage();
    const problems = await openLab(page, 'backend=wasm');
    await waitUntilReady(page);
    const ladder = page.getByRole('region', { name: 'Bound ladder' });
    await ladder.scrollIntoViewIfNeeded();
    await trainButton(page).click();
    await waitForStep(page, 60, 120_000);
    await pauseButton(page).click();
    await waitUntilReady(page);
    // The paused step arrives with the snapshot that follows the status: read it once it stops changing.
    await page.waitForTimeout(1000);
    const pausedAt = await readStep(page);
    // The ladder says which step's weights it used: wait for the paused step's.
    await pollUntil(page, async () => Number(await ladder.getByTestId('view-step').getAttribute('data-value').catch(() => null)), (s) => s === pausedAt, 120_000, 'the ladder of the paused step');
    const table = ladder.getByRole('table', { name: 'Bound ladder' });
    const rows = await pollUntil(page, () => readLadder(table), (r) => r.length === 5 && r.every((row) => Number.isFinite(row.value)), 120_000, 'the bound ladder table');
    expect(rows.map((row) => row.name)).toEqual(['ELBO', 'IWAE-10', 'IWAE-100', 'IWAE-1000', 'log p(x)']);
    for (let i = 1; i < rows.length; i++) {
      const slack = 3 * Math.hypot(rows[i].error, rows[i - 1].error);
      expect(rows[i].value, `${rows[i].name} against ${rows[i - 1].name}`).toBeGreaterThanOrEqual(rows[i - 1].value - slack);
    }
    // Not a flat ladder: with q an approximation, IWAE-1000 is clearly above the ELBO.
    expect(rows[3].value).toBeGreaterThan(rows[0].value + 3 * Math.hypot(rows[3].error, rows[0].error));

    const posterior = page.getByRole('region', { name: 'True posterior' });
    await posterior.scrollIntoViewIfNeeded();
    expect(Number(await posterior.getByTestId('view-step').getAttribute('data-value'))).toBe(pausedAt);
    const logPx = Number(await posterior.getByTestId('posterior-logpx').getAttribute('data-value'));
    expect(logPx).toBeCloseTo(rows[4].value, 1);
    const kl = Number(await posterior.getByTestId('posterior-kl').getAttribute('data-value'));
    expect(kl).toBeGreaterThan(0);

    const gap = page.getByRole('region', { name: 'Amortisation gap' });
    await gap.scrollIntoViewIfNeeded();
    await gap.getByRole('button', { name: 'Refine q for this digit' }).click();
    const refined = await pollUntil(page, async () => Number(await gap.getByTestId('refine-final').getAttribute('data-value').catch(() => null)), Number.isFinite, 60_000, 'the refined ELBO');
    const initial = Number(await gap.getByTestId('refine-initial').getAttribute('data-value'));
    expect(refined).toBeGreaterThanOrEqual(initial - 0.05);
    // The refined ELBO is a Monte Carlo estimate: it may exceed log p(x) only within its error.
    const refinedError = Number(await gap.getByTestId('refine-final').getAttribute('data-error'));
    expect(refined).toBeLessThanOrEqual(logPx + 3 * refinedError + 0.05);
    expect(problemsText(problems)).toBe('');
    await page.context().close();
  });
});

describe('the trade-off', () => {
  it('changing β twice leaves two ghost trails; they survive a reload and can be cleared', async () => {
    const page = await newPage();
    const problems = await openLab(page, 'backend=wasm');
    await waitUntilReady(page);
    const region = page.getByRole('region', { name: 'Rate–distortion' });
    await region.scrollIntoViewIfNeeded();
    await trainButton(page).click();
    await pollUntil(page, () => readTrails(region), (t) => t.points >= 2, 90_000, 'a trail under β = 1');
    await setRange(page, 'β', 3);
    await pollUntil(page, () => readTrails(region), (t) => t.ghosts === 1 && t.points >= 1, 90_000, 'a trail under β = 3');
    await setRange(page, 'β', 0.5);
    const trails = await pollUntil(page, () => readTrails(region), (t) => t.ghosts === 2 && t.points >= 1, 90_000, 'a trail under β = 0.5');
    expect(trails.ghosts).toBe(2);
    await pauseButton(page).click();
    await page.waitForTimeout(1500);

    await page.reload();
    await waitUntilReady(page);
    await region.scrollIntoViewIfNeeded();
    const reloaded = await pollUntil(page, () => readTrails(region), (t) => t.ghosts >= 3, 30_000, 'the ghosts after a reload');
    expect(reloaded.ghosts).toBe(3);
    await region.getByRole('button', { name: 'Clear ghosts' }).click();
    expect((await readTrails(region)).ghosts).toBe(0);
    expect(problemsText(problems)).toBe('');
    await page.context().close();
  });

  it('a pitfall switch trains a second run while the first keeps its step count', async () => {
    const page = await newPage();
    const problems = await openLab(page, 'backend=wasm');
    await waitUntilReady(page);
    await trainButton(page).click();
    await waitForStep(page, 20, 120_000);
    await pauseButton(page).click();
    await waitUntilReady(page);
    const userStep = await readPausedStep(page);
    const lab = page.getByRole('region', { name: 'Pitfall lab' });
    await lab.scrollIntoViewIfNeeded();
    await lab.getByRole('switch', { name: 'KL without its ½' }).check();
    const pairStep = await pollUntil(page, async () => Number(await lab.getByTestId('pitfall-step').getAttribute('data-value').catch(() => null)), (s) => s >= 30, 120_000, 'the pitfall pair training');
    expect(pairStep).toBeGreaterThanOrEqual(30);
    expect(await readStep(page)).toBe(userStep);
    // The doubled KL is what that run's loss reports: twice the true KL of its own posteriors.
    const objective = Number(await lab.getByTestId('pitfall-mistaken-objective-kl').getAttribute('data-value'));
    expect(objective).toBeGreaterThan(0);
    await lab.getByRole('switch', { name: 'KL without its ½' }).uncheck();
    await page.waitForTimeout(1000);
    const stoppedAt = await lab.getByTestId('pitfall-step').count();
    expect(stoppedAt).toBe(0);
    expect(await readStep(page)).toBe(userStep);
    expect(problemsText(problems)).toBe('');
    await page.context().close();
  });
});

describe('the bound and trade-off sections on a phone', () => {
  it('fit a 390-pixel screen and have no serious accessibility violations once their views have drawn', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    const problems = await openLab(page, 'backend=wasm');
    await waitUntilReady(page);
    await trainButton(page).click();
    await waitForStep(page, 20, 120_000);
    await pauseButton(page).click();
    await waitUntilReady(page);
    const lab = page.getByRole('region', { name: 'Pitfall lab' });
    await lab.scrollIntoViewIfNeeded();
    await lab.getByRole('switch', { name: 'log σ where log σ² belongs' }).check();
    await pollUntil(page, () => lab.getByTestId('pitfall-step').count(), (n) => n > 0, 120_000, 'the pitfall pair');
    const ladder = page.getByRole('region', { name: 'Bound ladder' });
    await ladder.scrollIntoViewIfNeeded();
    await pollUntil(page, () => ladder.getByRole('table', { name: 'Bound ladder' }).count(), (n) => n > 0, 120_000, 'the bound ladder');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, 'horizontal overflow in pixels').toBeLessThanOrEqual(0);
    const results = await new AxeBuilder({ page }).include('[aria-labelledby="bound-section-title"]').include('[aria-labelledby="trade-off-section-title"]').analyze();
    const severe = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
    expect(severe, severe.join('\n')).toEqual([]);
    expect(problemsText(problems)).toBe('');
    await context.close();
  });
});

