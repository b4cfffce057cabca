/**
 * Benchmark: the app's training worker against a plain tfjs baseline, on webgl (SwiftShader) and wasm,
 * in headless Chromium against production builds; the explore and analysis views on screen against the default
 * page; plus the platform figures (tests/bench/platform.ts): bytes and time to the first step, wasm threads,
 * WebGPU; and the share of the backend's matMul FLOP rate that wasm training reaches (tests/bench/flops.ts). Progress goes to stderr; stdout gets ONE JSON object (also written to tests/artifacts/bench.json).
 *
 * Options: --only=app,plain,explore,views,startup,threads,webgpu,flops (default: all; `--views` is `--only=views`);
 * --dist=<folder> measures the startup of another build (served as plain static files) instead of this
 * one's, e.g. a build of the commit before a change.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, WEBGPU_ARGS } from '../e2e/chromium';
import { gotoLab, labUrl, readStatus, trainButton, waitForStep } from '../e2e/lab';
import { serveAppDist, serveStatic, type StaticServer } from '../e2e/serve';
import { longTaskShare, pageNow, readTimeline, round, samplesPerSecond, timeOfStep, waitForTrainEnabled } from './measure';
import { benchExplore, EXPLORE_VIEWPORT } from './explore';
import { flopsFigures, measureMatMul } from './flops';
import { defaultRun } from './flops/messages';
import { benchStartup, benchThreads, benchWebGpu } from './platform';
import { buildAndServePage, buildAndServePlain } from './plainBuild';
import { benchViews } from './views';

const REPO = path.resolve(import.meta.dirname, '../..');
const BATCH = 128;
const MODEL_QUERY = `latent=2&hidden=512&batch=${BATCH}`;
const WARMUP_MS = 8_000;
const THROUGHPUT_MS = 20_000;
const LONGTASK_MS = 30_000;
type Bench = 'webgl' | 'wasm';

const STARTUP_REPEATS = 5;
const THREAD_ROUNDS = 3;
const SECTIONS = ['app', 'plain', 'explore', 'views', 'startup', 'threads', 'webgpu', 'flops'] as const;
type Section = (typeof SECTIONS)[number];

const TARGETS = {
  appOverPlain: '≥ 1.5',
  appOverPlainOnWasm: '≥ 5 (issue 11: the app with threads against the plain version on its best backend)',
  viewsOverDefaultPage: '≥ 0.8 (throughput within 20% of the default page)',
  viewsMainThreadBlockedShare: '≤ 0.05',
  mainThreadBlockedShare: '≤ 0.05',
  clickToFirstStepMs: '≤ 2000',
  tensorsAt100EqualsAt1000: 'equal',
  exploreThroughputOverDefault: '≥ 0.8',
  exploreMainThreadBlockedShare: '≤ 0.05',
  jsAndWasmGzipKBBeforeTrain: '≤ 600',
  navigationToFirstStepMs: '≤ 1500',
};

/** The sections to run and the build whose startup to measure, from the command line. */
function parseArgs(argv: readonly string[]): { sections: Set<Section>; dist: string | null } {
  const value = (name: string) => argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3) ?? null;
  const only = argv.includes('--views') ? 'views' : value('only');
  const sections = new Set<Section>(only ? (only.split(',') as Section[]) : SECTIONS);
  for (const section of sections) if (!SECTIONS.includes(section)) throw new Error(`unknown section ${section}; known: ${SECTIONS.join(', ')}`);
  const dist = value('dist');
  return { sections, dist: dist && path.resolve(dist) };
}

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

/** Runs `fn` on a fresh page; returns its figures, or { error } so one failure keeps the others. */
async function onPage<T extends object>(browser: Browser, name: string, fn: (page: Page) => Promise<T>, viewport = { width: 1400, height: 1000 }): Promise<T | { error: string }> {
  log(`${name}…`);
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  try {
    const result = await fn(page);
    log(`${name}: ${JSON.stringify(result)}`);
    return result;
  } catch (error) {
    log(`${name} FAILED: ${String(error)}`);
    return { error: String(error).slice(0, 500) };
  } finally {
    await context.close();
  }
}

/** Waits `ms` after the first step change (warm-up: shader compilation, Adam slots). */
async function warmUp(page: Page, firstStepAt: number): Promise<void> {
  const remaining = firstStepAt + WARMUP_MS - (await pageNow(page));
  if (remaining > 0) await page.waitForTimeout(remaining);
}

async function benchApp(page: Page, baseUrl: string, backend: Bench, full: boolean) {
  const problems = await gotoLab(page, labUrl(baseUrl, `${MODEL_QUERY}&backend=${backend}`));
  const enabledAt = await waitForTrainEnabled(page);
  await trainButton(page).click();
  const firstStepAt = await timeOfStep(page, 1, 60_000);
  if (firstStepAt === null) throw new Error('no training step within 60 s of clicking Train');
  const clickAt = (await readTimeline(page)).clickTimes.at(-1) ?? Number.NaN;
  const at100 = await waitForStep(page, 100, 300_000);
  await warmUp(page, firstStepAt);

  const t0 = await pageNow(page);
  await page.waitForTimeout(full ? LONGTASK_MS : THROUGHPUT_MS);
  const timeline = await readTimeline(page);
  const status = await readStatus(page);
  const figures = {
    backend: status?.backend ?? null,
    samplesPerSecond: round(samplesPerSecond(timeline.stepLog, t0, t0 + THROUGHPUT_MS, BATCH) ?? Number.NaN),
    appReportedSamplesPerSecond: status?.samplesPerSecond ?? null,
    navigationToTrainEnabledMs: round(enabledAt),
    clickToFirstStepMs: round(firstStepAt - clickAt),
    tensorsAtStep100: { step: at100.step, tensors: at100.tensors },
    tensorsAtStep1000: null as { step: number | null; tensors: number | null } | null,
    mainThread: full ? longTaskShare(timeline.longTasks, t0, t0 + LONGTASK_MS) : null,
    pageErrors: [...problems.pageErrors, ...problems.consoleErrors].slice(0, 5),
  };
  if (full) {
    const at1000 = await waitForStep(page, 1000, 900_000);
    figures.tensorsAtStep1000 = { step: at1000.step, tensors: at1000.tensors };
  }
  if (figures.backend !== backend) throw new Error(`asked for ${backend}, trained on ${figures.backend}: ${JSON.stringify(figures)}`);
  return figures;
}

async function benchPlain(page: Page, baseUrl: string, backend: Bench) {
  const problems = await gotoLab(page, labUrl(baseUrl, `${MODEL_QUERY}&backend=${backend}`));
  const firstStepAt = await timeOfStep(page, 1, 120_000);
  if (firstStepAt === null) {
    const error = await page.locator('#status').getAttribute('data-error');
    throw new Error(`plain baseline did not step: ${error ?? 'no error reported'}`);
  }
  await warmUp(page, firstStepAt);
  const t0 = await pageNow(page);
  await page.waitForTimeout(THROUGHPUT_MS);
  const timeline = await readTimeline(page);
  const status = await readStatus(page);
  return {
    backend: status?.backend ?? null,
    samplesPerSecond: round(samplesPerSecond(timeline.stepLog, t0, t0 + THROUGHPUT_MS, BATCH) ?? Number.NaN),
    steps: status?.step ?? null,
    tensors: status?.tensors ?? null,
    pageErrors: [...problems.pageErrors, ...problems.consoleErrors].slice(0, 5),
  };
}

function num(result: object, key: string): number {
  const value = (result as Record<string, unknown>)[key];
  return typeof value === 'number' ? value : Number.NaN;
}

/** The views scenario alone: the default page, then the bound and the trade-off sections on screen. */
async function benchViewsOnly(browser: Browser, appUrl: string) {
  const views = {
    defaultPage: await onPage(browser, 'views: default page', (p) => benchViews(p, appUrl, MODEL_QUERY, BATCH, null)),
    bound: await onPage(browser, 'views: bound section on screen', (p) => benchViews(p, appUrl, MODEL_QUERY, BATCH, 'bound')),
    tradeOff: await onPage(browser, 'views: trade-off section on screen', (p) => benchViews(p, appUrl, MODEL_QUERY, BATCH, 'tradeOff')),
  };
  const viewRatio = (key: 'bound' | 'tradeOff') => round(num(views[key], 'samplesPerSecond') / num(views.defaultPage, 'samplesPerSecond'), 2);
  const viewBlocked = (key: 'bound' | 'tradeOff') => ((views[key] as Record<string, unknown>).mainThread as { blockedShare?: number } | undefined)?.blockedShare ?? null;
  return {
    views,
    viewsOverDefaultPage: { bound: viewRatio('bound'), tradeOff: viewRatio('tradeOff') },
    viewsMainThreadBlockedShare: { bound: viewBlocked('bound'), tradeOff: viewBlocked('tradeOff') },
    meets: {
      viewsOverDefaultPage: viewRatio('bound') >= 0.8 && viewRatio('tradeOff') >= 0.8,
      viewsMainThreadBlockedShare: (viewBlocked('bound') ?? Infinity) <= 0.05 && (viewBlocked('tradeOff') ?? Infinity) <= 0.05,
    },
  };
}

async function main(): Promise<void> {
  const started = Date.now();
  const { sections, dist } = parseArgs(process.argv.slice(2));
  const browser = await launchBrowser();
  const app = await serveAppDist(REPO);
  const servers: StaticServer[] = [app];
  log(`app at ${app.url}; sections: ${[...sections].join(', ')}`);
  const report: Record<string, unknown> = {};
  try {
    if (sections.has('app') || sections.has('plain')) Object.assign(report, await benchAppAndPlain(browser, app.url, sections, servers));
    if (sections.has('explore')) {
      const timing = { warmupMs: WARMUP_MS, throughputMs: THROUGHPUT_MS, longTaskMs: LONGTASK_MS };
      const explore = await onPage(browser, 'app wasm, every explore view open, probing the scatter', (p) => benchExplore(p, app.url, MODEL_QUERY, BATCH, timing), EXPLORE_VIEWPORT);
      const appWasm = (report.app as { wasm?: object } | null | undefined)?.wasm;
      const overDefault = appWasm ? round(num(explore, 'samplesPerSecond') / num(appWasm, 'samplesPerSecond'), 2) : null;
      const blocked = (explore as { mainThread?: { blockedShare?: number } }).mainThread?.blockedShare ?? null;
      report.explore = {
        ...explore,
        overDefaultPage: overDefault,
        meetsTargets: { exploreThroughputOverDefault: overDefault === null ? null : overDefault >= 0.8, exploreMainThreadBlockedShare: (blocked ?? Infinity) <= 0.05 },
      };
    }
    if (sections.has('views')) {
      const { meets, ...views } = await benchViewsOnly(browser, app.url);
      Object.assign(report, views, { viewsMeetTargets: meets });
    }
    if (sections.has('startup')) {
      const other = dist ? await serveStatic({ dir: dist, prefix: '/' }) : null;
      if (other) servers.push(other);
      const startup = await benchStartup(browser, other?.url ?? app.url, dist ?? path.join(REPO, 'dist'), STARTUP_REPEATS);
      log(`startup: ${JSON.stringify(startup)}`);
      report.startup = { build: dist ?? 'dist/ (this tree), app preview server', ...startup };
    }
    if (sections.has('threads')) {
      const plainHost = await serveStatic({ dir: path.join(REPO, 'dist'), prefix: '/' });
      servers.push(plainHost);
      report.wasmThreads = await benchThreads(browser, app.url, plainHost.url, THREAD_ROUNDS);
      log(`threads: ${JSON.stringify(report.wasmThreads)}`);
    }
    if (sections.has('webgpu')) {
      const gpuBrowser = await launchBrowser(WEBGPU_ARGS);
      try {
        report.webgpu = await benchWebGpu(gpuBrowser, app.url);
      } catch (error) {
        report.webgpu = { error: String(error).slice(0, 500) };
      } finally {
        await gpuBrowser.close();
      }
      log(`webgpu: ${JSON.stringify(report.webgpu)}`);
    }
    if (sections.has('flops')) {
      report.flops = await benchFlops(browser, app.url, report, servers);
      log(`flops: ${JSON.stringify(report.flops)}`);
    }
    report.platformTargets = {
      jsAndWasmGzipKBBeforeTrain: TARGETS.jsAndWasmGzipKBBeforeTrain,
      navigationToFirstStepMs: TARGETS.navigationToFirstStepMs,
    };
    report.machine = 'shared 2-core machine without a GPU (other sessions ran at the same time): compare figures within one run';
    report.durationSeconds = Math.round((Date.now() - started) / 1000);
    const json = JSON.stringify(report, null, 2);
    mkdirSync(path.join(REPO, 'tests/artifacts'), { recursive: true });
    writeFileSync(path.join(REPO, 'tests/artifacts/bench.json'), json);
    process.stdout.write(`${json}\n`);
  } finally {
    await browser.close();
    await Promise.all(servers.map((server) => server.close()));
  }
}

/** The app on wasm over the plain version on whichever backend it trained fastest on; null when no rate is usable. */
function appOverBestPlain(appSamplesPerSecond: number, plain: Record<Bench, object>): { ratio: number; plainBackend: Bench } | null {
  const rates = (Object.keys(plain) as Bench[])
    .map((backend) => ({ backend, rate: num(plain[backend], 'samplesPerSecond') }))
    .filter(({ rate }) => Number.isFinite(rate) && rate > 0);
  if (rates.length === 0 || !Number.isFinite(appSamplesPerSecond)) return null;
  const best = rates.reduce((a, b) => (b.rate > a.rate ? b : a));
  return { ratio: round(appSamplesPerSecond / best.rate, 2), plainBackend: best.backend };
}

/** The app against the plain baseline (the original benchmark). */
async function benchAppAndPlain(browser: Browser, appUrl: string, sections: Set<Section>, servers: StaticServer[]) {
  const plain = sections.has('plain') ? await buildAndServePlain() : null;
  if (plain) servers.push(plain);
  const appResults = sections.has('app')
    ? {
        wasm: await onPage(browser, 'app wasm (+ first step, long tasks, tensors)', (p) => benchApp(p, appUrl, 'wasm', true)),
        webgl: await onPage(browser, 'app webgl', (p) => benchApp(p, appUrl, 'webgl', false)),
      }
    : null;
  const plainResults = plain
    ? {
        wasm: await onPage(browser, 'plain wasm', (p) => benchPlain(p, plain.url, 'wasm')),
        webgl: await onPage(browser, 'plain webgl', (p) => benchPlain(p, plain.url, 'webgl')),
      }
    : null;
  if (!appResults || !plainResults) return { app: appResults, plain: plainResults };
  const ratio = (b: Bench) => round(num(appResults[b], 'samplesPerSecond') / num(plainResults[b], 'samplesPerSecond'), 2);
  const wasm = appResults.wasm as Record<string, unknown>;
  const overBestPlain = appOverBestPlain(num(wasm, 'samplesPerSecond'), plainResults);
  const mainThread = wasm.mainThread as { blockedShare?: number } | undefined;
  const t100 = (wasm.tensorsAtStep100 as { tensors?: number } | undefined)?.tensors;
  const t1000 = (wasm.tensorsAtStep1000 as { tensors?: number } | null | undefined)?.tensors;
  return {
    model: { latentDim: 2, hiddenUnits: 512, batchSize: BATCH, data: 'MNIST (app: its shards; plain: first 10,000 training images)' },
    method: `samples/s from status-bar step changes over ${THROUGHPUT_MS / 1000} s after a ${WARMUP_MS / 1000} s warm-up; long tasks over ${LONGTASK_MS / 1000} s of training (wasm, scatter live)`,
    app: appResults,
    plain: plainResults,
    appOverPlain: { webgl: ratio('webgl'), wasm: ratio('wasm') },
    appOnWasmOverBestPlain: overBestPlain,
    mainThreadBlockedShare: mainThread?.blockedShare ?? null,
    navigationToTrainEnabledMs: wasm.navigationToTrainEnabledMs ?? null,
    clickToFirstStepMs: wasm.clickToFirstStepMs ?? null,
    tensors: { atStep100: t100 ?? null, atStep1000: t1000 ?? null },
    targets: TARGETS,
    meetsTargets: {
      appOverPlain: ratio('webgl') >= 1.5 && ratio('wasm') >= 1.5,
      appOverPlainOnWasm: overBestPlain !== null && overBestPlain.ratio >= 5,
      mainThreadBlockedShare: (mainThread?.blockedShare ?? Infinity) <= 0.05,
      clickToFirstStepMs: num(wasm, 'clickToFirstStepMs') <= 2000,
      tensorsAt100EqualsAt1000: t100 !== undefined && t100 === t1000,
    },
  };
}

/** The default VAE's training FLOP rate (app wasm samples/s: the app section's, else measured here) against the wasm matMul rate. */
async function benchFlops(browser: Browser, appUrl: string, report: Record<string, unknown>, servers: StaticServer[]) {
  const fromApp = (report.app as { wasm?: object } | null | undefined)?.wasm;
  const training = fromApp ?? (await onPage(browser, 'app wasm (for the FLOP share)', (p) => benchApp(p, appUrl, 'wasm', false)));
  const samples = num(training, 'samplesPerSecond');
  const page = await buildAndServePage('flops');
  servers.push(page);
  const matMul = await onPage(browser, 'matMul 1024² on wasm', (p) => measureMatMul(p, page.url));
  if ('error' in matMul) return { error: matMul.error };
  return { samplesFrom: fromApp ? 'app section' : `app wasm, ${THROUGHPUT_MS / 1000} s after a ${WARMUP_MS / 1000} s warm-up`, ...flopsFigures(matMul, defaultRun().spec, BATCH, samples) };
}

main().catch((error: unknown) => {
  process.stderr.write(`[bench] failed: ${String(error)}\n`);
  process.exit(1);
});
