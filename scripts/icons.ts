/**
 * Renders public/icon.svg to the PNG icons the web manifest lists (192 and 512 px, and a full-bleed
 * maskable 512 px one whose artwork stays inside the central safe zone), with headless Chromium.
 * Run after changing the SVG: `npx tsx scripts/icons.ts`; the PNGs are committed.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { launchBrowser } from '../tests/e2e/chromium';

const PUBLIC = path.resolve(import.meta.dirname, '../public');

async function main(): Promise<void> {
  const svg = readFileSync(path.join(PUBLIC, 'icon.svg'), 'utf8');
  const maskable = svg.replace(/rx="\d+"/, 'rx="0"');
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    for (const [file, size, source] of [
      ['icon-192.png', 192, svg],
      ['icon-512.png', 512, svg],
      ['icon-maskable-512.png', 512, maskable],
    ] as const) {
      await page.setViewportSize({ width: size, height: size });
      await page.setContent(`<body style="margin:0">${source.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body>`);
      await page.locator('svg').screenshot({ path: path.join(PUBLIC, file), omitBackground: true });
    }
  } finally {
    await browser.close();
  }
}

void main();
