/** Loading the lab: no errors, data progress then an enabled Train button, accessibility, mobile layout. */
import AxeBuilder from '@axe-core/playwright';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openLab, problemsText, waitUntilReady } from './browser';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe('loading the lab', () => {
  it('shows data progress, enables Train, logs no errors and has no serious accessibility violations', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems = await openLab(page);
    await waitUntilReady(page);
    const sawProgress = await page.evaluate(() => (window as unknown as { __lab: { sawLoadingProgress: boolean } }).__lab.sawLoadingProgress);
    expect(sawProgress, 'a <progress aria-label="Loading data"> should appear while data arrives').toBe(true);

    const results = await new AxeBuilder({ page }).analyze();
    const severe = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
    expect(severe, severe.join('\n')).toEqual([]);

    await page.waitForTimeout(1000);
    expect(problemsText(problems), 'console errors or page errors on load').toBe('');
    await context.close();
  });

  it('has no horizontal overflow on a 390×844 phone viewport', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    const problems = await openLab(page);
    await waitUntilReady(page);
    const { scrollWidth, innerWidth, widest } = await page.evaluate(() => {
      const scroller = document.scrollingElement ?? document.documentElement;
      const wide = [...document.querySelectorAll('body *')]
        .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
        .slice(0, 5)
        .map((el) => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}.${[...el.classList].join('.')} right=${Math.round(el.getBoundingClientRect().right)}`);
      return { scrollWidth: scroller.scrollWidth, innerWidth: window.innerWidth, widest: wide };
    });
    expect(scrollWidth, `overflowing: ${widest.join('; ')}`).toBeLessThanOrEqual(innerWidth);
    expect(problemsText(problems)).toBe('');
    await context.close();
  });

  it('makes a display formula focusable exactly while it is wider than its box (keyboards can scroll it)', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await openLab(page);
    await waitUntilReady(page);
    const mismatches = () =>
      page.evaluate(async () => {
        await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
        return [...document.querySelectorAll<HTMLElement>('.math-display')]
          .filter((box) => box.scrollWidth > box.clientWidth + 1 !== (box.getAttribute('tabindex') === '0'))
          .map((box) => `${box.textContent?.slice(0, 40)}: scrollWidth ${box.scrollWidth}, clientWidth ${box.clientWidth}, tabindex ${box.getAttribute('tabindex')}`);
      });
    expect(await page.locator('.math-display').count()).toBeGreaterThan(0);
    expect(await mismatches()).toEqual([]);
    const formula = page.locator('.math-display').first();
    await formula.evaluate((box) => (box.style.maxWidth = '60px'));
    expect(await mismatches()).toEqual([]);
    expect(await formula.getAttribute('tabindex')).toBe('0');
    await formula.evaluate((box) => (box.style.maxWidth = ''));
    expect(await mismatches()).toEqual([]);
    await context.close();
  });
});
