/**
 * Exploring the latent space as a user: the "Latent grid" redraws while training; hovering the scatter, empty space
 * included, shows a "Decoded at" image that follows the pointer; a drawn stroke becomes a point on the scatter with a
 * reconstruction and can be interpolation endpoint A; moving "z1" changes the traversal strips (latent 8). Two pages,
 * one per latent size; training is slow here, so the tests of a page share its run.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openLab, pauseButton, problemsText, setRange, trainButton, waitForStep, waitUntilReady, type PageProblems } from './browser';
import { pollUntil } from './panels';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

/** A canvas's picture as a data URL ('' when absent). */
function canvasPicture(page: Page, selector: string): Promise<string> {
  return page.evaluate((css) => {
    const canvas = document.querySelector(css);
    return canvas instanceof HTMLCanvasElement ? canvas.toDataURL() : '';
  }, selector);
}

/** Share of a canvas's pixels darker than white (0 for a blank image). */
function inkShare(page: Page, selector: string): Promise<number> {
  return page.evaluate((css) => {
    const canvas = document.querySelector(css);
    if (!(canvas instanceof HTMLCanvasElement)) return 0;
    const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? new Uint8ClampedArray();
    let dark = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i] < 250) dark++;
    return dark / (data.length / 4);
  }, selector);
}

/** The scatter's trace named `name`: its first point, or null. */
function tracePoint(page: Page, name: string): Promise<{ x: number; y: number } | null> {
  return page.evaluate((traceName) => {
    const gd = document.querySelector('[data-testid="latent-scatter"] .js-plotly-plot') as (HTMLElement & { data?: Array<{ name?: string; x?: ArrayLike<number>; y?: ArrayLike<number> }> }) | null;
    const trace = gd?.data?.find((t) => t.name === traceName);
    return trace?.x && trace.y && trace.x.length > 0 ? { x: Number(trace.x[0]), y: Number(trace.y[0]) } : null;
  }, name);
}

/** The numbers in a "Decoded at μ₁ = 0.52, μ₂ = −1.30" name. */
function coordinates(name: string): [number, number] {
  const numbers = [...name.matchAll(/= (−?\d+\.\d+)/g)].map((match) => Number(match[1].replace('−', '-')));
  return [numbers[0], numbers[1]];
}

describe.sequential('a 2-D VAE: grid, probe anywhere, a drawn digit', () => {
  let page: Page;
  let problems: PageProblems;

  beforeAll(async () => {
    page = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
    problems = await openLab(page, 'backend=wasm');
    await waitUntilReady(page);
  });

  it('the “Latent grid” region is redrawn while training', async () => {
    const grid = page.getByRole('region', { name: 'Latent grid' });
    await grid.scrollIntoViewIfNeeded();
    const canvas = '[data-testid="latent-grid-canvas"]';
    const before = await pollUntil(page, () => canvasPicture(page, canvas), (url) => url.length > 0, 30_000, 'the first grid');
    await trainButton(page).click();
    await waitForStep(page, 30, 120_000);
    await pollUntil(page, () => canvasPicture(page, canvas), (url) => url !== before, 30_000, 'a grid decoded by the trained weights');
    expect(await pauseButton(page).isVisible(), 'still training').toBe(true);
  });

  it('hovering empty space of the scatter while training shows a “Decoded at” image that follows the pointer', async () => {
    const scatter = page.getByTestId('latent-scatter');
    await scatter.scrollIntoViewIfNeeded();
    const box = await scatter.boundingBox();
    if (!box) throw new Error('no scatter');
    // Near the plot area's top-left and top-right corners: far from the codes, inside the axes.
    await page.mouse.move(box.x + box.width * 0.15, box.y + box.height * 0.15, { steps: 3 });
    const probe = page.getByTestId('probe-image');
    await probe.waitFor({ timeout: 20_000 });
    expect(await probe.getAttribute('aria-label')).toMatch(/^Decoded at μ₁ = −?\d/);
    await expect.poll(() => page.getByRole('img', { name: /^Decoded at μ₁/ }).count()).toBe(1);
    const left = coordinates((await probe.getAttribute('aria-label')) ?? '');
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.15, { steps: 3 });
    const right = await pollUntil(page, async () => coordinates((await probe.getAttribute('aria-label')) ?? ''), ([x]) => x !== left[0], 20_000, 'a decode at the new place');
    expect(right[0]).toBeGreaterThan(left[0]);
    expect(Math.abs(right[1] - left[1])).toBeLessThan(0.5);
    await page.mouse.move(box.x - 20, box.y - 20);
    await probe.waitFor({ state: 'detached', timeout: 10_000 });
  });

  it('a drawn stroke is encoded: a reconstruction, its terms, a new point on the scatter, and endpoint A on request', async () => {
    await pauseButton(page).click();
    await trainButton(page).waitFor({ timeout: 20_000 });
    const region = page.getByRole('region', { name: 'Draw a digit' });
    const pad = region.getByTestId('drawing-pad');
    await pad.scrollIntoViewIfNeeded();
    expect(await tracePoint(page, 'your digit')).toBeNull();
    const box = await pad.boundingBox();
    if (!box) throw new Error('no drawing pad');
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.2, { steps: 8 });
    await page.mouse.move(box.x + box.width * 0.45, box.y + box.height * 0.85, { steps: 8 });
    await page.mouse.up();
    await region.getByTestId('drawn-rec').waitFor({ timeout: 30_000 });
    expect(Number(await region.getByTestId('drawn-rec').getAttribute('data-value'))).toBeGreaterThan(0);
    expect(await inkShare(page, '[data-testid="drawn-input"]')).toBeGreaterThan(0.02);
    expect(await inkShare(page, '[data-testid="drawn-reconstruction"]')).toBeGreaterThan(0.02);
    // The stroke is sent while it is drawn: wait for the point of the whole stroke (two reads a second apart agree).
    let point = await pollUntil(page, () => tracePoint(page, 'your digit'), (p) => p !== null, 20_000, 'the drawn digit on the scatter');
    for (let settled = false; !settled; ) {
      await page.waitForTimeout(1000);
      const again = await tracePoint(page, 'your digit');
      settled = again?.x === point?.x && again?.y === point?.y;
      point = again;
    }
    expect(Number.isFinite(point?.x)).toBe(true);
    await region.getByRole('button', { name: 'Use drawn digit as A' }).click();
    const start = await pollUntil(page, () => tracePoint(page, 'A → B path'), (p) => p !== null && Math.abs(p.x - (point?.x ?? NaN)) < 1e-3, 20_000, 'the path starting at the drawn digit');
    expect(start?.y).toBeCloseTo(point?.y ?? NaN, 3);
    expect(await page.getByRole('img', { name: 'Endpoint A: your drawn digit' }).count()).toBe(1);
    // The ELBO panel keeps its test digit until asked to take the drawn one.
    const elbo = page.getByTestId('elbo-panel');
    expect(await elbo.getByRole('img', { name: 'Your drawn digit' }).count()).toBe(0);
    await region.getByRole('button', { name: 'Use drawn digit in the ELBO panel' }).click();
    await elbo.getByRole('img', { name: 'Your drawn digit' }).waitFor({ timeout: 20_000 });
    await region.getByRole('button', { name: 'Clear' }).click();
    await pollUntil(page, () => tracePoint(page, 'your digit'), (p) => p === null, 20_000, 'the drawn point removed');
    await elbo.getByRole('img', { name: /^Test digit/ }).waitFor({ timeout: 20_000 });
    expect(await page.getByRole('img', { name: 'Endpoint A: your drawn digit' }).count()).toBe(0);
    expect(problemsText(problems)).toBe('');
  });

  it('a click on empty space pins the point; the pin becomes endpoint B; the explore section passes an accessibility scan', async () => {
    const scatter = page.getByTestId('latent-scatter');
    await scatter.scrollIntoViewIfNeeded();
    const box = await scatter.boundingBox();
    if (!box) throw new Error('no scatter');
    await page.mouse.move(box.x + box.width * 0.15, box.y + box.height * 0.85, { steps: 3 });
    await page.getByTestId('probe-image').waitFor({ timeout: 20_000 });
    await page.mouse.down();
    await page.mouse.up();
    const pinned = page.getByRole('group', { name: 'Pinned point' });
    await pinned.waitFor({ timeout: 20_000 });
    const pin = await pollUntil(page, () => tracePoint(page, 'pinned point'), (p) => p !== null, 20_000, 'the pin on the scatter');
    await pinned.getByRole('button', { name: 'Use pinned point as B' }).click();
    await pollUntil(page, () => page.getByRole('img', { name: 'Endpoint B: the pinned point, decoded' }).count(), (n) => n === 1, 20_000, 'endpoint B shown as the pinned point');
    // The path now ends at the pin (the scatter's own coordinates of a 2-D latent), once the worker has redrawn it.
    const pathEnd = () =>
      page.evaluate(() => {
        const gd = document.querySelector('[data-testid="latent-scatter"] .js-plotly-plot') as (HTMLElement & { data?: Array<{ name?: string; x?: ArrayLike<number>; y?: ArrayLike<number> }> }) | null;
        const path = gd?.data?.find((t) => t.name === 'A → B path');
        return path?.x && path.y ? { x: Number(path.x[path.x.length - 1]), y: Number(path.y[path.y.length - 1]) } : null;
      });
    const end = await pollUntil(page, pathEnd, (p) => p !== null && Math.abs(p.x - (pin?.x ?? NaN)) < 1e-3, 20_000, 'the path ending at the pin');
    expect(end?.y).toBeCloseTo(pin?.y ?? NaN, 3);
    const results = await new AxeBuilder({ page }).include('[aria-labelledby="explore-section-title"]').include('#latent').analyze();
    const severe = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
    expect(severe, severe.join('\n')).toEqual([]);
    expect(problemsText(problems)).toBe('');
  });
});

describe.sequential('a VAE with 8 latent dimensions: traversals', () => {
  it('moving “z1” moves the point and changes the other dimensions’ strips', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const problems = await openLab(page, 'backend=wasm&latent=8');
    await waitUntilReady(page);
    const region = page.getByRole('region', { name: 'Traversals' });
    await region.scrollIntoViewIfNeeded();
    await region.getByRole('slider', { name: 'z8', exact: true }).waitFor({ timeout: 30_000 });
    const strip = '[data-testid="traversal-strip"]';
    const secondStrip = () => page.evaluate((css) => (document.querySelectorAll(css)[1] as HTMLCanvasElement | undefined)?.toDataURL() ?? '', strip);
    const image = () => canvasPicture(page, '[data-testid="traversal-image"]');
    const [stripBefore, imageBefore] = [await secondStrip(), await image()];
    await setRange(page, 'z1', 2.5);
    await pollUntil(page, secondStrip, (url) => url !== stripBefore, 20_000, 'the z2 strip decoded at the new z1');
    expect(await image()).not.toBe(imageBefore);
    expect(await region.getByText('z₁ = 2.50').count()).toBe(1);
    expect(problemsText(problems)).toBe('');
    await page.close();
  });
});
