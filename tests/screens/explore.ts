/**
 * Screenshots of the "Explore the latent space" views at desktop, projector and phone sizes, with a user's moves:
 * train a few seconds, hover the scatter (a "Decoded at" image), draw a digit, lay the contours on the scatter.
 * Usage: npx vite build && npx tsx tests/screens/explore.ts [query] [seconds] [tag]
 * PNGs land in tests/artifacts/screens/<tag>-<size>-<part>.png: the first screen with a probe image, each explore
 * panel on its own, and the full page.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../e2e/chromium';
import { gotoLab, labUrl, trainButton, waitUntilReady } from '../e2e/lab';
import { serveAppDist } from '../e2e/serve';

const REPO = path.resolve(import.meta.dirname, '../..');
const OUT = path.join(REPO, 'tests/artifacts/screens');
const REGIONS = ['Latent grid', 'Draw a digit', 'Traversals', 'Where the prior’s holes are', 'KL per dimension'];
const SIZES: Array<[name: string, width: number, height: number, mobile: boolean]> = [
  ['desktop', 1440, 900, false],
  ['projector', 1280, 720, false],
  ['phone', 390, 844, true],
];

/** Draws a "7" on the drawing pad with the mouse (touch screens get the same stroke through the mouse API). */
async function drawSeven(page: Page): Promise<void> {
  const pad = page.getByRole('region', { name: 'Draw a digit' }).getByTestId('drawing-pad');
  await pad.scrollIntoViewIfNeeded();
  const box = await pad.boundingBox();
  if (!box) return;
  const at = (u: number, v: number): [number, number] => [box.x + u * box.width, box.y + v * box.height];
  await page.mouse.move(...at(0.25, 0.2));
  await page.mouse.down();
  for (const [u, v] of [[0.5, 0.2], [0.75, 0.2], [0.62, 0.5], [0.5, 0.82]]) await page.mouse.move(...at(u, v), { steps: 6 });
  await page.mouse.up();
}

async function main(): Promise<void> {
  const query = process.argv[2] ?? '';
  const seconds = Number(process.argv[3] ?? 8);
  const tag = process.argv[4] ?? 'explore';
  mkdirSync(OUT, { recursive: true });
  const server = await serveAppDist(REPO);
  const browser = await launchBrowser();
  try {
    for (const [name, width, height, mobile] of SIZES) {
      const context = await browser.newContext({ viewport: { width, height }, isMobile: mobile, hasTouch: mobile, deviceScaleFactor: 1 });
      const page = await context.newPage();
      const problems = await gotoLab(page, labUrl(server.url, query));
      await waitUntilReady(page);
      const shot = async (part: string, fullPage = false) => page.screenshot({ path: path.join(OUT, `${tag}-${name}-${part}.png`), fullPage });
      await trainButton(page).click();
      await page.waitForTimeout(seconds * 1000);
      const scatter = page.getByTestId('latent-scatter');
      const box = await scatter.boundingBox();
      if (box && !mobile) {
        await page.mouse.move(box.x + box.width * 0.35, box.y + box.height * 0.3, { steps: 4 });
        await page.getByTestId('probe-image').waitFor({ timeout: 15_000 }).catch(() => undefined);
      }
      await shot('scatter');
      await drawSeven(page);
      await page.getByTestId('drawn-rec').waitFor({ timeout: 30_000 }).catch(() => undefined);
      await page.getByRole('button', { name: 'Pause', exact: true }).click();
      await page.waitForTimeout(1000);
      const holes = page.getByRole('checkbox', { name: 'Draw q(z) on the latent scatter' });
      if (await holes.count()) await holes.click();
      await page.waitForTimeout(1500);
      await page.evaluate(() => window.scrollTo(0, 0));
      await shot('first');
      for (const region of REGIONS) {
        const element = page.getByRole('region', { name: region });
        if ((await element.count()) === 0) continue;
        await element.scrollIntoViewIfNeeded();
        await page.waitForTimeout(700);
        await element.screenshot({ path: path.join(OUT, `${tag}-${name}-${region.replace(/\W+/g, '-').toLowerCase()}.png`) });
      }
      await shot('full', true);
      const errors = [...problems.pageErrors, ...problems.consoleErrors];
      console.log(`${tag}-${name}${errors.length ? ` (page errors: ${errors.join(' | ')})` : ''}`);
      await context.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
