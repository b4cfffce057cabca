/** E2E entry points: launch Chromium and open the lab served by globalSetup. */
import type { Page } from 'playwright-core';
import { inject } from 'vitest';
import { gotoLab, labUrl, type PageProblems } from './lab';

export { launchBrowser } from './chromium';
export * from './lab';

/** Opens the lab (optionally with a query such as "backend=wasm"); returns the error collector. */
export function openLab(page: Page, query = ''): Promise<PageProblems> {
  return gotoLab(page, labUrl(inject('baseUrl'), query));
}

/** Fails with the collected messages when the page logged errors. */
export function problemsText(problems: PageProblems): string {
  return [...problems.pageErrors.map((e) => `pageerror: ${e}`), ...problems.consoleErrors.map((e) => `console: ${e}`)].join('\n');
}
