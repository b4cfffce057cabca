/**
 * Screenshots of the built lab at desktop, projector and phone sizes, after a few seconds of training,
 * for looking at what we build (and for the README). Usage:
 *   npm run build && npx tsx tests/screens/capture.ts [query] [seconds] [tag] [element id to scroll to]
 * With an element id the page scrolls to it before training, so the panels there open their views.
 * PNGs land in tests/artifacts/screens/<tag>-<size name>-<width>x<height>.png. SCREEN_SIZES="640x400,390x300"
 * takes those window sizes instead of desktop, projector and phone.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { launchBrowser } from '../e2e/chromium';
import { gotoLab, labUrl, trainButton, waitUntilReady } from '../e2e/lab';
import { serveAppDist } from '../e2e/serve';

const REPO = path.resolve(import.meta.dirname, '../..');
const OUT = path.join(REPO, 'tests/artifacts/screens');
const DEFAULT_SIZES: Array<[name: string, width: number, height: number, mobile: boolean]> = [
  ['desktop', 1440, 900, false],
  ['projector', 1280, 720, false],
  ['phone', 390, 844, true],
];

/** SCREEN_SIZES="640x400,390x300" replaces the sizes (e.g. iframes for embed mode); widths under 600 count as phones. */
function screenSizes(spec: string | undefined): typeof DEFAULT_SIZES {
  if (!spec) return DEFAULT_SIZES;
  return spec.split(',').map((size) => {
    const [width, height] = size.split('x').map(Number);
    if (!(width > 0 && height > 0)) throw new Error(`SCREEN_SIZES: "${size}" is not WIDTHxHEIGHT`);
    return ['frame', width, height, width < 600];
  });
}

async function main(): Promise<void> {
  const query = process.argv[2] ?? '';
  const seconds = Number(process.argv[3] ?? 6);
  const tag = (process.argv[4] ?? query.replace(/[^a-z0-9=]+/gi, '_')) || 'default';
  const scrollTo = process.argv[5];
  mkdirSync(OUT, { recursive: true });
  const server = await serveAppDist(REPO);
  const browser = await launchBrowser();
  try {
    for (const [name, width, height, mobile] of screenSizes(process.env.SCREEN_SIZES)) {
      const context = await browser.newContext({ viewport: { width, height }, isMobile: mobile, hasTouch: mobile, deviceScaleFactor: 1 });
      const page = await context.newPage();
      const problems = await gotoLab(page, labUrl(server.url, query));
      await waitUntilReady(page);
      if (scrollTo) await page.locator(`#${scrollTo}`).scrollIntoViewIfNeeded();
      if (seconds > 0) {
        await trainButton(page).click();
        await page.waitForTimeout(seconds * 1000);
        await page.getByRole('button', { name: 'Pause', exact: true }).click();
        await page.waitForTimeout(800);
      }
      const file = path.join(OUT, `${tag}-${name}-${width}x${height}.png`);
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.waitForTimeout(300);
      await page.screenshot({ path: file });
      await page.screenshot({ path: file.replace('.png', '-full.png'), fullPage: true });
      console.log(`${file}${problems.pageErrors.length + problems.consoleErrors.length ? ` (page errors: ${[...problems.pageErrors, ...problems.consoleErrors].join(' | ')})` : ''}`);
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
