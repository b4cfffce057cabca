/**
 * Saving pictures: the image strips (reconstructions, samples, interpolation), the latent grid and a chart each save a
 * real PNG (signature, IHDR size) from a button named for what it saves. The page is an embed of those panels, so all
 * of them are on screen at once (the latent grid is computed only while visible).
 */
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openLab, pauseButton, problemsText, trainButton, waitForStep, waitUntilReady, type PageProblems } from './browser';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

/** Clicks the button named `name` and returns the downloaded file's name and bytes. */
async function download(page: Page, name: string): Promise<{ fileName: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: 20_000 }), page.getByRole('button', { name, exact: true }).click()]);
  const filePath = await file.path();
  return { fileName: file.suggestedFilename(), bytes: await readFile(filePath) };
}

/** Width and height from a PNG's IHDR chunk (bytes 16–23, big-endian), after checking the signature. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect([...bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
  expect(bytes.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** A sheet of `count` 28-pixel images, `columns` wide, each scaled `scale`× with 8-pixel gaps (as exportImage lays it out). */
function sheetSize(count: number, columns: number, scale: number): { width: number; height: number } {
  const cell = 28 * scale;
  const rows = Math.ceil(count / columns);
  const used = Math.min(columns, count);
  return { width: used * cell + (used + 1) * 8, height: rows * cell + (rows + 1) * 8 };
}

describe.sequential('Save PNG', () => {
  let page: Page;
  let problems: PageProblems;

  beforeAll(async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1400 }, acceptDownloads: true });
    page = await context.newPage();
    problems = await openLab(page, 'backend=wasm&embed=1&panels=latent-grid,interpolation,reconstructions,samples,loss');
    await waitUntilReady(page);
    await trainButton(page).click();
    await waitForStep(page, 5, 90_000);
    await pauseButton(page).click();
    await page.getByTestId('latent-grid-canvas').waitFor({ timeout: 60_000 });
  });

  afterAll(async () => {
    await page?.context().close();
  });

  it('saves each image strip as one sheet of its digits at 4×', async () => {
    const strips: Array<[button: string, container: string, columns: number, fileName: string]> = [
      ['Save PNG of reconstructions', '[data-testid="reconstructions"]', 0, 'vae-lab-reconstructions.png'],
      ['Save PNG of samples', '[data-testid="samples"]', 5, 'vae-lab-samples.png'],
      ['Save PNG of interpolation strip', '#interpolation .interp-strip', 8, 'vae-lab-interpolation-strip.png'],
    ];
    for (const [button, container, fixedColumns, fileName] of strips) {
      const count = await page.locator(`${container} canvas`).count();
      const rows = await page.locator(`${container} ol.recon-pairs`).count();
      const columns = fixedColumns || count / rows;
      const saved = await download(page, button);
      expect(saved.fileName).toBe(fileName);
      expect(pngSize(saved.bytes), button).toEqual(sheetSize(count, columns, 4));
    }
  });

  it('saves the latent grid at 2×, square', async () => {
    const side = await page.getByTestId('latent-grid-canvas').evaluate((canvas) => (canvas as HTMLCanvasElement).width);
    expect(side % 28).toBe(0);
    const saved = await download(page, 'Save PNG of latent grid');
    expect(saved.fileName).toBe('vae-lab-latent-grid.png');
    expect(pngSize(saved.bytes)).toEqual({ width: side * 2 + 16, height: side * 2 + 16 });
  });

  it('saves a chart as PNG at its size on screen, and as SVG', async () => {
    const png = await download(page, 'Save PNG of loss breakdown');
    expect(png.fileName).toMatch(/^vae-lab-loss-breakdown-step-\d+\.png$/);
    const { width, height } = pngSize(png.bytes);
    expect(width).toBeGreaterThan(200);
    expect(height).toBeGreaterThan(100);
    const svg = await download(page, 'Save SVG of loss breakdown');
    expect(svg.bytes.toString('utf8', 0, 200)).toContain('<svg');
    expect(problemsText(problems)).toBe('');
  });
});
