/**
 * Headless Chromium for e2e tests and benchmarks: the Debian package, never a downloaded browser.
 * Override the path with CHROMIUM_PATH.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags that work on this 2-core, GPU-less machine (WebGL2 comes from SwiftShader). */
export const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Throws a message that says how to fix it when Chromium is missing (never a silent skip). */
export function requireChromium(): void {
  if (existsSync(CHROMIUM_PATH)) return;
  const where = process.env.CI ? 'under CI' : 'locally';
  throw new Error(
    `Chromium not found at ${CHROMIUM_PATH} (${where}). The browser tests are required: ` +
      'install it with `apt-get install -y chromium` (or set CHROMIUM_PATH).',
  );
}

/** Exposes Chromium's software WebGPU adapter (SwiftShader) on secure origins such as 127.0.0.1. */
export const WEBGPU_ARGS = ['--enable-unsafe-webgpu'];

/** Launches headless Chromium (with `extraArgs` after the usual flags); playwright-core gives it a fresh profile directory. */
export async function launchBrowser(extraArgs: readonly string[] = []): Promise<Browser> {
  requireChromium();
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...LAUNCH_ARGS, ...extraArgs] });
}
