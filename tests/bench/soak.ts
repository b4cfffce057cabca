/**
 * Soak: trains each model for a long stretch (10 minutes by default) with every view on screen, and reports
 * the worker's tensor count and the JS heaps of the worker and the page at the start and at every quarter,
 * each measured paused and after a forced garbage collection. Targets: tensors equal, heap growth under 10%.
 * The start is taken once the loss history holds its most points (what grows by design up to a cap has filled);
 * a first reading after 30 s of training is reported too, with the growth from it. Heap snapshots at the start and
 * the end break both heaps down by node type (compiled code, object shapes, strings, objects, …).
 * Usage: npm run bench:soak [-- --minutes 10 --models ae,dae,mae,vae,vqvae]
 * Progress goes to stderr; stdout gets one JSON object (also tests/artifacts/soak.json).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { launchBrowser } from '../e2e/chromium';
import { gotoLab, labUrl, pauseButton, readStatus, trainButton, waitForStep, waitUntilReady } from '../e2e/lab';
import { serveAppDist } from '../e2e/serve';
import { MAX_HISTORY_POINTS } from '../../src/state/lossHistory';
import { heapByType } from './heapSnapshot';
import { round } from './measure';

const REPO = path.resolve(import.meta.dirname, '../..');
const MODELS = ['ae', 'dae', 'mae', 'vae', 'vqvae'];
/** Training before the first measurement: kernels compiled, Adam slots made, every view drawn once. */
const WARMUP_MS = 30_000;
/** Tall enough that every panel is on screen, so every view is open. */
const MAX_VIEWPORT_HEIGHT = 16_000;
const TARGETS = { tensors: 'equal', workerHeapGrowth: '< 10%', pageHeapGrowth: '< 10%', workerBuffersGrowth: '< 10%' };

function log(message: string): void {
  process.stderr.write(`[soak] ${message}\n`);
}

/** Calls into a worker over the browser's CDP session (workers have no session of their own in Playwright). */
type WorkerCall = (method: string, onEvent?: (method: string, params: Record<string, unknown>) => void) => Promise<Record<string, number>>;

/** Calls into the page's training worker; `onEvent` gets the events the worker sends until the call's reply. */
async function attachToWorker(cdp: CDPSession): Promise<WorkerCall> {
  const { targetInfos } = await cdp.send('Target.getTargets');
  const worker = targetInfos.find((target) => target.type === 'worker' && target.url.includes('training.worker'));
  if (!worker) throw new Error('no training worker target');
  const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: worker.targetId, flatten: false });
  let nextId = 0;
  return (method, onEvent) =>
    new Promise((resolve, reject) => {
      const id = ++nextId;
      const onMessage = (event: { sessionId?: string; message: string }) => {
        if (event.sessionId !== sessionId) return;
        const reply = JSON.parse(event.message) as { id?: number; method?: string; params?: Record<string, unknown>; result?: Record<string, number>; error?: { message: string } };
        if (reply.method) onEvent?.(reply.method, reply.params ?? {});
        if (reply.id !== id) return;
        cdp.off('Target.receivedMessageFromTarget', onMessage);
        if (reply.error) reject(new Error(reply.error.message));
        else resolve(reply.result ?? {});
      };
      cdp.on('Target.receivedMessageFromTarget', onMessage);
      void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) });
    });
}

/** The worker's heap by node type, from a heap snapshot (it collects garbage first). */
async function workerHeapByType(workerCall: WorkerCall): Promise<Record<string, number>> {
  const chunks: string[] = [];
  await workerCall('HeapProfiler.takeHeapSnapshot', (method, params) => method === 'HeapProfiler.addHeapSnapshotChunk' && chunks.push(String(params.chunk)));
  return heapByType(chunks.join(''));
}

/** The page's heap by node type, from a heap snapshot. */
async function pageHeapByType(pageCdp: CDPSession): Promise<Record<string, number>> {
  const chunks: string[] = [];
  const onChunk = ({ chunk }: { chunk: string }) => chunks.push(chunk);
  pageCdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  try {
    await pageCdp.send('HeapProfiler.takeHeapSnapshot');
  } finally {
    pageCdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  }
  return heapByType(chunks.join(''));
}

interface Reading {
  step: number;
  tensors: number;
  workerHeapMB: number;
  /** The worker's ArrayBuffer backing stores, the wasm backend's memory among them (it grows and never shrinks). */
  workerBuffersMB: number;
  pageHeapMB: number;
}

/** Pauses, collects garbage in the worker and the page, reads tensors and heaps, and resumes when asked. */
async function measure(page: Page, pageCdp: CDPSession, workerCall: WorkerCall): Promise<Reading> {
  await pauseButton(page).click();
  // Heavy views started for the last step go on while paused, each holding a frozen copy of the weights: read the
  // tensor count from fresh snapshots (the page shown again posts one) until two in a row agree.
  const tensorsNow = async () => {
    await page.evaluate(() => {
      for (const value of ['hidden', 'visible']) {
        Object.defineProperty(document, 'visibilityState', { value, configurable: true });
        document.dispatchEvent(new Event('visibilitychange'));
      }
    });
    await page.waitForTimeout(3_000);
    return page.locator('[role="status"][data-tensors]').getAttribute('data-tensors');
  };
  for (let previous = null, now = await tensorsNow(), tries = 0; now !== previous && tries < 10; tries++) {
    previous = now;
    now = await tensorsNow();
  }
  await workerCall('HeapProfiler.collectGarbage');
  await pageCdp.send('HeapProfiler.collectGarbage');
  const worker = await workerCall('Runtime.getHeapUsage');
  const pageHeap = await pageCdp.send('Runtime.getHeapUsage');
  const status = await readStatus(page);
  return {
    step: status?.step ?? 0,
    tensors: Number(await page.locator('[role="status"][data-tensors]').getAttribute('data-tensors')),
    workerHeapMB: round(worker.usedSize / 1e6, 2),
    workerBuffersMB: round(worker.backingStorageSize / 1e6, 2),
    pageHeapMB: round(pageHeap.usedSize / 1e6, 2),
  };
}

async function soakModel(browser: Browser, baseUrl: string, model: string, minutes: number) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const problems = await gotoLab(page, labUrl(baseUrl, `model=${model}&backend=wasm`));
  await waitUntilReady(page);
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: 1440, height: Math.min(MAX_VIEWPORT_HEIGHT, height) });
  const pageCdp = await context.newCDPSession(page);
  const workerCall = await attachToWorker(await browser.newBrowserCDPSession());
  await trainButton(page).click();
  await waitForStep(page, 1, 60_000);
  await page.waitForTimeout(WARMUP_MS);
  const first = await measure(page, pageCdp, workerCall);
  log(`${model} first reading ${JSON.stringify(first)}`);
  await trainButton(page).click();
  await waitForStep(page, MAX_HISTORY_POINTS, 30 * 60_000);
  const start = await measure(page, pageCdp, workerCall);
  log(`${model} start ${JSON.stringify(start)}`);
  // After the start reading: whatever the snapshot leaves behind counts as growth in every later reading (errs high).
  const startByType = { worker: await workerHeapByType(workerCall), page: await pageHeapByType(pageCdp) };
  log(`${model} heap by type at the start ${JSON.stringify(startByType)}`);
  // Read at every quarter, so a heap that grows and then levels off (caches warming up) tells from one that leaks.
  const timeline: Reading[] = [start];
  for (let quarter = 1; quarter <= 4; quarter++) {
    await trainButton(page).click();
    await page.waitForTimeout((minutes * 60_000) / 4);
    timeline.push(await measure(page, pageCdp, workerCall));
    log(`${model} at ${quarter}/4 ${JSON.stringify(timeline.at(-1))}`);
  }
  const end = timeline[4];
  const half = timeline[2];
  // By type at the end too, after the end reading.
  const endByType = { worker: await workerHeapByType(workerCall), page: await pageHeapByType(pageCdp) };
  log(`${model} heap by type at the end ${JSON.stringify(endByType)}`);
  await context.close();
  const growth = (a: number, b: number) => round((b - a) / a, 3);
  return {
    model,
    minutes,
    steps: end.step - start.step,
    start,
    end,
    timeline,
    firstReading: first,
    workerHeapGrowthFromFirst: growth(first.workerHeapMB, end.workerHeapMB),
    pageHeapGrowthFromFirst: growth(first.pageHeapMB, end.pageHeapMB),
    tensorsEqual: timeline.every((reading) => reading.tensors === start.tensors),
    workerHeapGrowth: growth(start.workerHeapMB, end.workerHeapMB),
    pageHeapGrowth: growth(start.pageHeapMB, end.pageHeapMB),
    workerHeapGrowthSecondHalf: growth(half.workerHeapMB, end.workerHeapMB),
    pageHeapGrowthSecondHalf: growth(half.pageHeapMB, end.pageHeapMB),
    workerBuffersGrowth: growth(start.workerBuffersMB, end.workerBuffersMB),
    /** MB by heap-snapshot node type (compiled code, object shapes, strings, objects, …) at the start and the end. */
    heapByType: { start: startByType, end: endByType },
    pageErrors: [...problems.pageErrors, ...problems.consoleErrors].slice(0, 5),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { minutes: { type: 'string', default: '10' }, models: { type: 'string', default: MODELS.join(',') } } });
  const minutes = Number(values.minutes);
  const models = values.models.split(',').filter((model) => MODELS.includes(model));
  const server = await serveAppDist(REPO);
  const browser = await launchBrowser();
  const results = [];
  try {
    for (const model of models) {
      log(`${model}: ${minutes} min…`);
      results.push(await soakModel(browser, server.url, model, minutes));
    }
  } finally {
    await browser.close();
    await server.close();
  }
  const report = { targets: TARGETS, results };
  mkdirSync(path.join(REPO, 'tests/artifacts'), { recursive: true });
  writeFileSync(path.join(REPO, 'tests/artifacts/soak.json'), `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

void main();
