import { launchBrowser } from '/work/main/tests/e2e/chromium';
import { gotoLab, labUrl, readStep, trainButton, waitUntilReady } from '/work/main/tests/e2e/lab';
import { serveAppDist } from '/work/main/tests/e2e/serve';
async function main() {
  const server = await serveAppDist('/work/main');
  const browser = await launchBrowser();
  const page = await browser.newPage();
  await gotoLab(page, labUrl(server.url, 'backend=wasm&present=1&lesson=2'));
  await waitUntilReady(page);
  await trainButton(page).click();
  for (let i = 0; i < 8; i++) {
    await page.waitForTimeout(1500);
    const notice = await page.locator('.notices').textContent();
    const phase = await page.locator('[data-phase]').getAttribute('data-phase');
    console.log(i, phase, await readStep(page), (notice ?? '').slice(0, 160));
  }
  await browser.close(); await server.close();
}
void main();
