/**
 * Embed mode as a course page uses it: `?embed=1&panels=latent,loss` in a 640×400 frame shows no header, no lesson, no
 * notices, only those panels in that order, a Train button that trains, and a link to the full lab; nothing is wider
 * than the frame (390×300 too); every embeddable panel renders alone; and the lab trains inside a real <iframe>.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { EMBEDDABLE_PANELS } from '../../src/state/settings';
import { gotoLab, launchBrowser, labUrl, openLab, pauseButton, problemsText, trainButton, waitForStep, waitUntilReady, type PageProblems } from './browser';
import { pollUntil, readScatter } from './panels';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

/** The ids of the panels in the embed's main area, in page order. */
function panelIds(page: Page): Promise<string[]> {
  return page.evaluate(() => [...(document.querySelector('main')?.children ?? [])].map((panel) => panel.id));
}

/** How far the page is wider than its window, in CSS pixels (0: no horizontal scroll). */
function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => Math.max(0, document.documentElement.scrollWidth - window.innerWidth));
}

describe.sequential('embed=1&panels=latent,loss in a 640×400 frame', () => {
  let page: Page;
  let problems: PageProblems;

  beforeAll(async () => {
    const context = await browser.newContext({ viewport: { width: 640, height: 400 } });
    page = await context.newPage();
    problems = await openLab(page, 'backend=wasm&embed=1&panels=loss,latent');
    await waitUntilReady(page);
  });

  afterAll(async () => {
    await page?.context().close();
  });

  it('shows only the chosen panels, in order, with no header, lesson or notices', async () => {
    expect(await page.getByRole('banner').count()).toBe(0);
    expect(await page.getByRole('contentinfo').count()).toBe(0);
    expect(await panelIds(page)).toEqual(['loss', 'latent']);
    expect(await page.getByRole('button', { name: 'Lessons' }).count()).toBe(0);
    expect(await page.locator('.notices').count()).toBe(0);
    const link = page.getByRole('link', { name: 'Open in VAE Lab' });
    const target = new URL((await link.getAttribute('href')) ?? '', page.url());
    expect(target.searchParams.has('embed')).toBe(false);
    expect(target.searchParams.has('panels')).toBe(false);
    expect(target.searchParams.get('backend')).toBe('wasm');
    expect(await link.getAttribute('target')).toBe('_blank');
  });

  it('trains: Train turns into Pause, the step advances and the scatter gets points', async () => {
    await trainButton(page).click();
    await pauseButton(page).waitFor({ timeout: 10_000 });
    await waitForStep(page, 5, 90_000);
    const scatter = await pollUntil(page, () => readScatter(page), (s) => (s?.x.length ?? 0) > 0, 60_000, 'scatter points');
    expect(scatter?.x.every(Number.isFinite)).toBe(true);
    await pauseButton(page).click();
    await trainButton(page).waitFor({ timeout: 10_000 });
  });

  it('is no wider than the frame, at 640×400 and at 390×300', async () => {
    expect(await horizontalOverflow(page)).toBe(0);
    await page.setViewportSize({ width: 390, height: 300 });
    await page.waitForTimeout(500);
    expect(await horizontalOverflow(page)).toBe(0);
    expect(await trainButton(page).isVisible()).toBe(true);
    await page.setViewportSize({ width: 640, height: 400 });
  });

  it('has no serious or critical accessibility violations and logged no errors', async () => {
    const results = await new AxeBuilder({ page }).analyze();
    const severe = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
    expect(severe, severe.join('\n')).toEqual([]);
    expect(problemsText(problems)).toBe('');
  });
});

describe.sequential('each embeddable panel alone', () => {
  it('renders by itself in a 390×300 frame; an unknown name is dropped, and no notice says so in an embed', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 300 } });
    for (const panel of EMBEDDABLE_PANELS) {
      const page = await context.newPage();
      const problems = await openLab(page, `backend=wasm&embed=1&panels=${panel},no-such-panel`);
      await waitUntilReady(page);
      expect(await panelIds(page), panel).toEqual([panel]);
      expect(await horizontalOverflow(page), panel).toBe(0);
      expect(await page.locator('.url-notes').count(), panel).toBe(0);
      expect(problemsText(problems), panel).toBe('');
      await page.close();
    }
    await context.close();
  });
});

describe.sequential('inside an <iframe> on another page of the same server', () => {
  it('loads and trains', async () => {
    const context = await browser.newContext({ viewport: { width: 900, height: 600 } });
    const page = await context.newPage();
    const base = inject('baseUrl');
    const host = new URL('course-page.html', base).href;
    await page.route(host, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><html lang="en"><title>A course page</title><h1>Week 3</h1><iframe title="VAE Lab" width="640" height="400" src="${labUrl(base, 'backend=wasm&embed=1&panels=latent,loss')}"></iframe>`,
      }),
    );
    const problems = await gotoLab(page, host);
    const frame = page.frameLocator('iframe[title="VAE Lab"]');
    const train = frame.getByRole('button', { name: 'Train', exact: true });
    await pollUntil(page, () => train.isEnabled(), (enabled) => enabled, 120_000, 'Train enabled in the iframe');
    await train.click();
    await frame.getByRole('button', { name: 'Pause', exact: true }).waitFor({ timeout: 10_000 });
    const status = frame.locator('[role="status"][data-step]');
    await pollUntil(page, async () => Number(await status.getAttribute('data-step')), (step) => step >= 5, 90_000, 'step in the iframe');
    expect(await frame.locator('body').evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    expect(problemsText(problems)).toBe('');
    await context.close();
  });
});
