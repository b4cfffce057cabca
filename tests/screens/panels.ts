/**
 * Screenshots of single panels (element screenshots) after training with them on screen, for looking at views
 * that sit far down the page. Usage:
 *   npx vite build && npx tsx tests/screens/panels.ts "<query>" <seconds> <tag> <panel id> [<panel id> …] [--width 1440] [--height 900]
 * PNGs land in tests/artifacts/screens/<tag>-<panel id>.png. The page scrolls to the first panel before training,
 * then to each panel in turn (waiting a few seconds there) before its screenshot. `--betas 1,4,0.5` sets β to each value
 * in turn while training (the seconds split between them), to draw rate–distortion trails; `--switch NAME` turns on the
 * switch of that accessible name (a pitfall) before training; `--button NAME` pauses after training and clicks that
 * button (e.g. "Refine q for this digit") before the screenshots.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { launchBrowser } from '../e2e/chromium';
import { gotoLab, labUrl, setRange, trainButton, waitUntilReady } from '../e2e/lab';
import { serveAppDist } from '../e2e/serve';

const REPO = path.resolve(import.meta.dirname, '../..');
const OUT = path.join(REPO, 'tests/artifacts/screens');

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { width: { type: 'string', default: '1440' }, height: { type: 'string', default: '900' }, dwell: { type: 'string', default: '6' }, betas: { type: 'string', default: '' }, switch: { type: 'string', default: '' }, button: { type: 'string', default: '' } } });
  const [query = '', seconds = '10', tag = 'panels', ...panels] = positionals;
  mkdirSync(OUT, { recursive: true });
  const server = await serveAppDist(REPO);
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ viewport: { width: Number(values.width), height: Number(values.height) }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const problems = await gotoLab(page, labUrl(server.url, query));
    await waitUntilReady(page);
    if (panels[0]) await page.locator(`#${panels[0]}`).scrollIntoViewIfNeeded();
    if (values.switch) await page.getByRole('switch', { name: values.switch }).check();
    await trainButton(page).click();
    const betas = values.betas ? values.betas.split(',').map(Number) : [];
    for (const beta of betas) {
      await setRange(page, 'β', beta);
      await page.waitForTimeout((Number(seconds) * 1000) / betas.length);
    }
    if (betas.length === 0) await page.waitForTimeout(Number(seconds) * 1000);
    if (values.button) {
      await page.getByRole('button', { name: 'Pause', exact: true }).click();
      const button = page.getByRole('button', { name: values.button });
      await button.scrollIntoViewIfNeeded();
      await button.click();
    }
    for (const id of panels) {
      const panel = page.locator(`#${id}`);
      await panel.scrollIntoViewIfNeeded();
      await page.waitForTimeout(Number(values.dwell) * 1000);
      const file = path.join(OUT, `${tag}-${id}.png`);
      await panel.screenshot({ path: file });
      console.log(file);
    }
    const errors = [...problems.pageErrors, ...problems.consoleErrors];
    if (errors.length > 0) console.log(`page errors: ${errors.join(' | ')}`);
    await context.close();
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
