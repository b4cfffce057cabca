/**
 * Page-level helpers for the lab, shared by the e2e tests and the benchmark. They rely only on the
 * UI contract (accessible names, role="status" data attributes, data-testids).
 */
import type { Locator, Page } from 'playwright-core';

/** What the status bar's data attributes say (null fields: attribute absent or not a number). */
export interface StatusBar {
  step: number | null;
  backend: string | null;
  tensors: number | null;
  samplesPerSecond: number | null;
  running: boolean | null;
  text: string;
}

/** Problems the page reported while a test ran. */
export interface PageProblems {
  consoleErrors: string[];
  pageErrors: string[];
}

/**
 * Installed before any page script: a no-op `__name` (esbuild's keepNames helper, which tsx adds to
 * functions sent to page.evaluate), a record of whether the data progress bar ever appeared, a log of
 * status-bar step changes with their times, when Train was first enabled, and the main thread's long tasks. With
 * `window.__labClickTrainWhenEnabled` set by an earlier init script, it clicks Train in the task after it is enabled.
 */
const INIT_SCRIPT = `
globalThis.__name = globalThis.__name || ((f) => f);
window.__lab = { sawLoadingProgress: false, stepLog: [], longTasks: [], clickTimes: [], trainEnabledAt: null };
const enabledTrain = () => [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Train' && !b.disabled);
new MutationObserver(() => {
  if (document.querySelector('progress[aria-label="Loading data"]')) window.__lab.sawLoadingProgress = true;
  if (window.__lab.trainEnabledAt === null && enabledTrain()) {
    window.__lab.trainEnabledAt = performance.now();
    if (window.__labClickTrainWhenEnabled) {
      setTimeout(() => {
        const train = enabledTrain();
        if (train) train.click();
        else window.__lab.clickMissed = true;
      }, 0);
    }
  }
  for (const el of document.querySelectorAll('[role="status"][data-step]')) {
    const step = Number(el.getAttribute('data-step'));
    const log = window.__lab.stepLog;
    if (log.length === 0 || log[log.length - 1][1] !== step) log.push([performance.now(), step]);
  }
}).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-step', 'aria-label', 'disabled'] });
try {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__lab.longTasks.push([e.startTime, e.duration]);
  }).observe({ type: 'longtask', buffered: true });
} catch (e) { /* longtask timing unsupported */ }
window.addEventListener('click', () => window.__lab.clickTimes.push(performance.now()), true);
`;

/** Navigates to `url` after wiring error collection and the init script. */
export async function gotoLab(page: Page, url: string): Promise<PageProblems> {
  const problems: PageProblems = { consoleErrors: [], pageErrors: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') problems.consoleErrors.push(`${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => problems.pageErrors.push(String(error)));
  page.on('worker', (worker) => {
    worker.on('console', (message) => {
      if (message.type() === 'error') problems.consoleErrors.push(`[worker] ${message.text()}`);
    });
  });
  await page.addInitScript(INIT_SCRIPT);
  await page.goto(url);
  return problems;
}

/** Joins a base URL and a query string such as "backend=wasm" or "?backend=wasm". */
export function labUrl(baseUrl: string, query = ''): string {
  const q = query.replace(/^\?/, '');
  return q ? `${baseUrl}?${q}` : baseUrl;
}

export function trainButton(page: Page): Locator {
  return page.getByRole('button', { name: 'Train', exact: true });
}

export function pauseButton(page: Page): Locator {
  return page.getByRole('button', { name: 'Pause', exact: true });
}

/** Reads the status bar (the role="status" element carrying data-step), or null if absent. */
export async function readStatus(page: Page): Promise<StatusBar | null> {
  const raw = await page.evaluate(() => {
    const el = document.querySelector('[role="status"][data-step]');
    if (!el) return null;
    const attr = (name: string) => el.getAttribute(name);
    return {
      step: attr('data-step'),
      backend: attr('data-backend'),
      tensors: attr('data-tensors'),
      samplesPerSecond: attr('data-samples-per-second'),
      running: attr('data-running'),
      text: el.textContent ?? '',
    };
  });
  if (!raw) return null;
  const num = (s: string | null) => (s === null || s === '' || !Number.isFinite(Number(s)) ? null : Number(s));
  return {
    step: num(raw.step),
    backend: raw.backend,
    tensors: num(raw.tensors),
    samplesPerSecond: num(raw.samplesPerSecond),
    running: raw.running === null ? null : raw.running === 'true',
    text: raw.text,
  };
}

/** The status bar's step (−1 while absent). */
export async function readStep(page: Page): Promise<number> {
  return (await readStatus(page))?.step ?? -1;
}

/** Polls until the status bar's step reaches `minStep`; returns the status then. */
export async function waitForStep(page: Page, minStep: number, timeoutMs: number): Promise<StatusBar> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await readStatus(page);
    if (status?.step !== null && status?.step !== undefined && status.step >= minStep) return status;
    if (Date.now() > deadline) {
      throw new Error(`step did not reach ${minStep} within ${timeoutMs} ms (status: ${JSON.stringify(status)})`);
    }
    await page.waitForTimeout(200);
  }
}

/** Sets a React-controlled <input type=range> (native value setter, then input + change events). */
export async function setRange(page: Page, label: string, value: number): Promise<void> {
  await revealSetting(page, label);
  const slider = page.getByRole('slider', { name: label, exact: true });
  await slider.evaluate((el, v) => {
    const input = el as HTMLInputElement;
    const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
    if (!setter) throw new Error('no native value setter');
    setter.call(input, String(v));
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.dispatchEvent(new Event('change', { bubbles: true }));
  }, value);
}

/** Opens "Advanced settings" when the control named `label` is folded away in it. */
export async function revealSetting(page: Page, label: string): Promise<void> {
  const control = page.getByLabel(label, { exact: true });
  if (await control.isVisible()) return;
  const advanced = page.locator('details.advanced');
  if ((await advanced.getAttribute('open')) === null) await advanced.locator('summary').click();
}

/** Chooses a value in a control by accessible name (opening Advanced if needed): a <select> option or a typed number. */
export async function chooseSetting(page: Page, label: string, value: string): Promise<void> {
  await revealSetting(page, label);
  const control = page.getByLabel(label, { exact: true });
  const tag = await control.evaluate((el) => el.tagName.toLowerCase());
  if (tag === 'select') {
    await control.selectOption(value);
  } else {
    await control.fill(value);
    await control.press('Enter');
  }
}

/** The number in a [data-testid=…] element's data-value attribute (NaN when missing). */
export async function readDataValue(page: Page, testId: string): Promise<number> {
  const value = await page.getByTestId(testId).first().getAttribute('data-value');
  return value === null || value === '' ? Number.NaN : Number(value);
}

/**
 * Waits for the data to load and the Train button to be enabled; the button may come and go meanwhile (a restart
 * shows it disabled, a resumed run shows Pause). The timeout's message carries the status bar.
 */
export async function waitUntilReady(page: Page, timeoutMs = 120_000): Promise<void> {
  const train = trainButton(page);
  const deadline = Date.now() + timeoutMs;
  const enabled = () =>
    train.isEnabled({ timeout: 1000 }).catch((error: unknown) => {
      if (error instanceof Error && error.name === 'TimeoutError') return false;
      throw error;
    });
  while (!((await train.count()) > 0 && (await enabled()))) {
    if (Date.now() > deadline) throw new Error(`Train button not enabled within ${timeoutMs} ms (status: ${JSON.stringify(await readStatus(page))})`);
    await page.waitForTimeout(100);
  }
}

/** Why the worker trains on its backend (the status bar's tooltip), e.g. "… using wasm (2 threads, Adam in SIMD)". */
export async function readBackendReason(page: Page): Promise<string> {
  return (await page.locator('[role="status"][data-step] .status-item[title]').first().getAttribute('title')) ?? '';
}

/** Waits until every training shard has arrived (the data progress bar is gone). */
export async function waitForAllData(page: Page, timeoutMs = 120_000): Promise<void> {
  await page.locator('progress[aria-label="Loading data"]').waitFor({ state: 'detached', timeout: timeoutMs });
}

/** The step after Pause, once the worker's last snapshot has arrived (two reads a second apart agree). */
export async function readPausedStep(page: Page): Promise<number> {
  let step = await readStep(page);
  for (let previous = -1, tries = 0; previous !== step && tries < 15; tries++) {
    previous = step;
    await page.waitForTimeout(1000);
    step = await readStep(page);
  }
  return step;
}
