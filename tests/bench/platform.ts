/**
 * Platform figures for the benchmark: what a first visit downloads before Train is enabled and how long
 * navigation takes to the first training step; wasm on every core against one thread; WebGPU (software
 * here) against wasm, for correctness and speed. Each figure is the median of repeats taken in turns.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { gotoLab, labUrl, readBackendReason, readDataValue, trainButton, waitForAllData, waitForStep, waitUntilReady } from '../e2e/lab';
import { pollUntil } from '../e2e/panels';
import { pageNow, readTimeline, round, samplesPerSecond, timeOfStep, waitForTrainEnabled } from './measure';

/** One resource as the browser's resource timing saw it, times in ms since the page's navigation. */
interface Fetched {
  url: string;
  endMs: number;
  transferBytes: number;
}

/** Resource timing of the page and of the training worker, on the page's clock. */
async function fetchedResources(page: Page): Promise<Fetched[]> {
  const read = () =>
    performance.getEntriesByType('resource').map((entry) => {
      const timing = entry as PerformanceResourceTiming;
      return { url: timing.name, end: performance.timeOrigin + timing.responseEnd, transferBytes: timing.transferSize };
    });
  const pageOrigin = await page.evaluate(() => performance.timeOrigin);
  const entries = await page.evaluate(read);
  const worker = page.workers().find((w) => w.url().includes('training.worker'));
  if (worker) entries.push(...(await worker.evaluate(read)));
  return entries.map(({ url, end, transferBytes }) => ({ url, endMs: end - pageOrigin, transferBytes }));
}

/** Gzipped size (level 9, as Vite's build report) of each dist file, read once. */
function gzipSizer(distDir: string): (relativePath: string) => number | null {
  const sizes = new Map<string, number | null>();
  return (relativePath) => {
    if (!sizes.has(relativePath)) {
      try {
        sizes.set(relativePath, gzipSync(readFileSync(path.join(distDir, relativePath)), { level: 9 }).length);
      } catch {
        sizes.set(relativePath, null);
      }
    }
    return sizes.get(relativePath) ?? null;
  };
}

export function median(values: readonly number[]): number {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** One cold first visit: what arrived before Train was enabled, and navigation → Train → first step (Train clicked by the page as soon as it is enabled). */
async function firstVisit(browser: Browser, baseUrl: string, gzipped: (file: string) => number | null) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  try {
    const page = await context.newPage();
    // The page clicks Train itself in the task after it is enabled: Playwright's click (actionability checks, a role
    // query over the page) took 0.3–0.8 s on 2 busy cores, which is the bench's time, not the lab's.
    await page.addInitScript(() => Object.assign(window, { __labClickTrainWhenEnabled: true }));
    await gotoLab(page, baseUrl);
    const enabledAt = await waitForTrainEnabled(page);
    const firstStepAt = await timeOfStep(page, 1, 60_000);
    if (firstStepAt === null && (await readTimeline(page)).clickMissed) throw new Error('Train was disabled again before the page could click it');
    const fetched = (await fetchedResources(page)).filter((entry) => entry.endMs <= enabledAt && !entry.url.startsWith('blob:'));
    const files = fetched.map((entry) => ({ ...entry, file: new URL(entry.url).pathname.slice(new URL(baseUrl).pathname.length) }));
    const code = files.filter(({ file }) => /\.(js|wasm)$/.test(file));
    const gzipBytes = code.reduce((sum, { file }) => sum + (gzipped(file) ?? 0), 0);
    return {
      navigationToTrainEnabledMs: round(enabledAt),
      navigationToFirstStepMs: firstStepAt === null ? Number.NaN : round(firstStepAt),
      jsAndWasmGzipKB: round(gzipBytes / 1024),
      jsAndWasmTransferKB: round(code.reduce((sum, entry) => sum + entry.transferBytes, 0) / 1024),
      allTransferKB: round(fetched.reduce((sum, entry) => sum + entry.transferBytes, 0) / 1024),
      codeFiles: code.map(({ file }) => file.replace(/^assets\//, '')).sort(),
    };
  } finally {
    await context.close();
  }
}

/**
 * Cold first visits (fresh browser context each: no HTTP cache, no service worker): gzipped JS + wasm
 * fetched before Train was enabled (sizes of the dist files, gzip -9) and navigation → first step when
 * Train is clicked as soon as it is enabled. Medians of `repeats`.
 */
export async function benchStartup(browser: Browser, baseUrl: string, distDir: string, repeats: number) {
  const gzipped = gzipSizer(distDir);
  const runs: Array<Awaited<ReturnType<typeof firstVisit>>> = [];
  for (let i = 0; i < repeats; i++) runs.push(await firstVisit(browser, baseUrl, gzipped));
  const pick = (key: 'navigationToTrainEnabledMs' | 'navigationToFirstStepMs' | 'jsAndWasmGzipKB' | 'jsAndWasmTransferKB' | 'allTransferKB') => round(median(runs.map((run) => run[key])));
  return {
    repeats,
    jsAndWasmGzipKBBeforeTrain: pick('jsAndWasmGzipKB'),
    jsAndWasmTransferKBBeforeTrain: pick('jsAndWasmTransferKB'),
    allTransferKBBeforeTrain: pick('allTransferKB'),
    navigationToTrainEnabledMs: pick('navigationToTrainEnabledMs'),
    navigationToFirstStepMs: pick('navigationToFirstStepMs'),
    perRun: runs.map(({ codeFiles: _files, ...figures }) => figures),
    codeFilesBeforeTrain: runs[0]?.codeFiles ?? [],
  };
}

const THROUGHPUT_QUERY = 'latent=2&hidden=512&batch=128&backend=wasm';
const THROUGHPUT_BATCH = 128;

/** wasm samples/s over `windowMs` after `warmUpMs` of training, and the backend's own description. */
async function wasmThroughput(browser: Browser, baseUrl: string, contextOptions: BrowserContextOptions, warmUpMs: number, windowMs: number) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, ...contextOptions });
  try {
    const page = await context.newPage();
    await gotoLab(page, labUrl(baseUrl, THROUGHPUT_QUERY));
    await waitUntilReady(page);
    await trainButton(page).click();
    await waitForStep(page, 1, 60_000);
    await page.waitForTimeout(warmUpMs);
    const t0 = await pageNow(page);
    await page.waitForTimeout(windowMs);
    const timeline = await readTimeline(page);
    return {
      samplesPerSecond: round(samplesPerSecond(timeline.stepLog, t0, t0 + windowMs, THROUGHPUT_BATCH) ?? Number.NaN),
      isolated: await page.evaluate(() => self.crossOriginIsolated),
      backend: await readBackendReason(page),
    };
  } finally {
    await context.close();
  }
}

/**
 * wasm on every core (the isolated app) against one thread (the same build from a host without
 * COOP/COEP, service worker blocked), in turns, `rounds` each; medians and their ratio.
 */
export async function benchThreads(browser: Browser, isolatedUrl: string, plainUrl: string, rounds: number, warmUpMs = 6_000, windowMs = 15_000) {
  const threaded: Array<Awaited<ReturnType<typeof wasmThroughput>>> = [];
  const single: typeof threaded = [];
  for (let i = 0; i < rounds; i++) {
    threaded.push(await wasmThroughput(browser, isolatedUrl, {}, warmUpMs, windowMs));
    single.push(await wasmThroughput(browser, plainUrl, { serviceWorkers: 'block' }, warmUpMs, windowMs));
  }
  const threadedMedian = median(threaded.map((run) => run.samplesPerSecond));
  const singleMedian = median(single.map((run) => run.samplesPerSecond));
  return {
    model: `${THROUGHPUT_QUERY}, samples/s over ${windowMs / 1000} s after ${warmUpMs / 1000} s of training`,
    threadedSamplesPerSecond: round(threadedMedian),
    singleThreadSamplesPerSecond: round(singleMedian),
    threadedOverSingle: round(threadedMedian / singleMedian, 2),
    threadedRuns: threaded,
    singleRuns: single,
  };
}

const SMALL_MODEL = 'hidden=64&batch=32&seed=7';

/** The smoothed total loss after each of the first `steps` single steps on `backend` (all data loaded first). */
async function firstLosses(browser: Browser, baseUrl: string, backend: string, steps: number): Promise<number[]> {
  const page = await browser.newPage();
  try {
    await gotoLab(page, labUrl(baseUrl, `backend=${backend}&${SMALL_MODEL}`));
    await waitUntilReady(page, 150_000);
    await waitForAllData(page);
    const losses: number[] = [];
    for (let step = 1; step <= steps; step++) {
      await page.getByRole('button', { name: 'Step', exact: true }).click();
      await waitForStep(page, step, 120_000);
      const previous = losses.at(-1);
      losses.push(await pollUntil(page, () => readDataValue(page, 'loss-current-total'), (loss) => Number.isFinite(loss) && loss !== previous, 60_000, `loss after step ${step}`));
      await page.getByRole('button', { name: 'Step', exact: true }).and(page.locator(':enabled')).waitFor({ timeout: 120_000 });
    }
    return losses;
  } finally {
    await page.close();
  }
}

/**
 * WebGPU on this machine's software adapter (the browser must run with --enable-unsafe-webgpu):
 * the first 3 losses against wasm's from the same seed, and samples/s on the benchmark model.
 */
export async function benchWebGpu(browser: Browser, baseUrl: string, warmUpMs = 8_000, windowMs = 20_000) {
  const steps = 3;
  const wasmLosses = await firstLosses(browser, baseUrl, 'wasm', steps);
  const webgpuLosses = await firstLosses(browser, baseUrl, 'webgpu', steps);
  const maxRelativeDifference = Math.max(...webgpuLosses.map((loss, i) => Math.abs(loss - wasmLosses[i]) / wasmLosses[i]));
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  try {
    const page = await context.newPage();
    await gotoLab(page, labUrl(baseUrl, 'latent=2&hidden=512&batch=128&backend=webgpu'));
    await waitUntilReady(page, 180_000);
    const readyMs = round(await pageNow(page));
    await trainButton(page).click();
    await waitForStep(page, 1, 120_000);
    await page.waitForTimeout(warmUpMs);
    const t0 = await pageNow(page);
    await page.waitForTimeout(windowMs);
    const timeline = await readTimeline(page);
    return {
      adapter: 'SwiftShader (software) via --enable-unsafe-webgpu',
      firstLosses: { wasm: wasmLosses, webgpu: webgpuLosses, maxRelativeDifference: Number(maxRelativeDifference.toExponential(2)), model: SMALL_MODEL },
      navigationToTrainEnabledMs: readyMs,
      samplesPerSecond: round(samplesPerSecond(timeline.stepLog, t0, t0 + windowMs, THROUGHPUT_BATCH) ?? Number.NaN),
      backend: await readBackendReason(page),
    };
  } finally {
    await context.close();
  }
}
