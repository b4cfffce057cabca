/**
 * Conv training throughput on wasm in headless Chromium, three variants measured in one run, interleaved:
 *   app        this tree's conv VAE / VQ-VAE trained by the lab's Trainer (as the worker trains it)
 *   before     the same page built against src/ at an older commit (default: the last one before the conv speed-up)
 *   plain      the same shapes written the straightforward way with tfjs-layers (tests/bench/plainConv.ts)
 * Each round runs every variant for `--seconds` in turn (order rotated per round); samples/s are medians over
 * rounds and the ratios are medians of per-round ratios, so load drifting on a shared machine cancels out.
 * Run: `npm run bench:conv [-- --rounds 5 --seconds 3 --before <git ref> --models vqvae,vae --profile --backend wasm]`
 * (--backend webgl or cpu only to check that the same code trains there; the targets are about wasm).
 * Prints a table to stderr and one JSON object to stdout (also tests/artifacts/bench-conv.json). With --profile it
 * then profiles each variant's step kernel by kernel in the browser (tests/bench/convProfile.ts) and prints the tables
 * (the JSON gets the rows).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../e2e/chromium';
import { CONV_BENCH_MODELS, type ConvBenchModel } from './convModels';
import { buildAndServeConvBench, describeHead } from './convBuild';
import { formatProfile, type ProfileRow } from './convProfile';
import type { ConvRun, ConvVariant, ConvWorkerInfo } from './conv/messages';
import { round } from './measure';

const REPO = path.resolve(import.meta.dirname, '../..');
/** The last commit before the conv speed-up (im2col filter gradient, unfused forward under the tape). */
const DEFAULT_BEFORE = '3683fac';
const WARMUP_SECONDS = 2;
const PROFILED_STEPS = 10;
const TARGET_APP_OVER_PLAIN = 2;
const USAGE = `npm run bench:conv [-- options]
  --rounds 5          timed rounds; every variant runs once per round
  --seconds 3         seconds per variant per round
  --before ${DEFAULT_BEFORE}    git ref whose src/ the "before" variant is built from
  --models vqvae,vae  which conv models
  --profile           then profile each variant's step in the browser
  --backend wasm      webgl or cpu only to check that the code trains there`;

type Measured = ConvRun & ConvWorkerInfo;
type VariantName = 'app' | 'before' | 'plain';

function log(message: string): void {
  process.stderr.write(`[bench:conv] ${message}\n`);
}

function median(values: number[]): number {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function profile(page: Page, variant: ConvVariant, model: ConvBenchModel): Promise<ProfileRow[]> {
  return page.evaluate(
    ([v, m, s]) => (window as unknown as { convBench: { profile(...args: unknown[]): Promise<ProfileRow[]> } }).convBench.profile(v, m, s),
    [variant, model, PROFILED_STEPS] as const,
  );
}

function measure(page: Page, variant: ConvVariant, model: ConvBenchModel, seconds: number): Promise<Measured> {
  return page.evaluate(
    ([v, m, s]) => (window as unknown as { convBench: { measure(...args: unknown[]): Promise<Measured> } }).convBench.measure(v, m, s),
    [variant, model, seconds] as const,
  );
}

type Pages = Record<VariantName, { page: Page; variant: ConvVariant }>;

async function benchModel(pages: Pages, backend: string, model: ConvBenchModel, rounds: number, seconds: number) {
  const names = Object.keys(pages) as VariantName[];
  const info: Partial<Record<VariantName, ConvWorkerInfo & { lastLoss: number }>> = {};
  for (const name of names) {
    const { page, variant } = pages[name];
    const warm = await measure(page, variant, model, WARMUP_SECONDS);
    log(`${model} ${name}: warmed up (${warm.steps} steps, backend ${warm.backend}, threads ${warm.wasmThreads})`);
  }
  const perRound: Array<Record<VariantName, number>> = [];
  for (let r = 0; r < rounds; r++) {
    const order = names.map((_, i) => names[(i + r) % names.length]);
    const rates = {} as Record<VariantName, number>;
    for (const name of order) {
      const { page, variant } = pages[name];
      const result = await measure(page, variant, model, seconds);
      if (result.backend !== backend) throw new Error(`${name} trained on ${result.backend}, not ${backend}`);
      rates[name] = (result.samples * 1000) / result.ms;
      info[name] = { backend: result.backend, wasmThreads: result.wasmThreads, crossOriginIsolated: result.crossOriginIsolated, lastLoss: result.lastLoss };
    }
    perRound.push(rates);
    log(`${model} round ${r + 1}/${rounds}: ${names.map((name) => `${name} ${Math.round(rates[name])}`).join(', ')} samples/s`);
  }
  const samplesPerSecond = Object.fromEntries(names.map((name) => [name, round(median(perRound.map((rates) => rates[name])))])) as Record<VariantName, number>;
  const ratio = (a: VariantName, b: VariantName) => round(median(perRound.map((rates) => rates[a] / rates[b])), 2);
  return {
    batchSize: CONV_BENCH_MODELS[model].batchSize,
    samplesPerSecond,
    appOverPlain: ratio('app', 'plain'),
    appOverBefore: ratio('app', 'before'),
    beforeOverPlain: ratio('before', 'plain'),
    perRound: perRound.map((rates) => Object.fromEntries(names.map((name) => [name, round(rates[name])]))),
    workers: info,
  };
}

async function main(): Promise<void> {
  if (process.argv.includes('--help')) return void process.stdout.write(`${USAGE}\n`);
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string', default: '5' },
      seconds: { type: 'string', default: '3' },
      before: { type: 'string', default: DEFAULT_BEFORE },
      models: { type: 'string', default: 'vqvae,vae' },
      profile: { type: 'boolean', default: false },
      backend: { type: 'string', default: 'wasm' },
    },
  });
  const rounds = Number(values.rounds);
  const seconds = Number(values.seconds);
  const models = values.models.split(',') as ConvBenchModel[];
  if (!(rounds >= 1 && seconds > 0) || !models.every((m) => m in CONV_BENCH_MODELS)) throw new Error(`bad options ${JSON.stringify(values)}\n${USAGE}`);
  const started = Date.now();
  log(`building the page for this tree and for ${values.before}…`);
  const builds = await buildAndServeConvBench(values.before);
  const browser = await launchBrowser();
  try {
    const open = async (url: string) => {
      const page = await (await browser.newContext()).newPage();
      page.on('pageerror', (error) => log(`page error: ${error.message}`));
      await page.goto(`${url}?backend=${values.backend}`);
      await page.waitForFunction(() => 'convBench' in window);
      return page;
    };
    const [currentPage, beforePage] = [await open(builds.current.url), await open(builds.before.url)];
    const pages = {
      app: { page: currentPage, variant: 'app' as const },
      before: { page: beforePage, variant: 'app' as const },
      plain: { page: currentPage, variant: 'plain' as const },
    };
    const results: Partial<Record<ConvBenchModel, Awaited<ReturnType<typeof benchModel>>>> = {};
    for (const model of models) results[model] = await benchModel(pages, values.backend, model, rounds, seconds);
    const report = {
      backend: `${values.backend} (headless Chromium, one Web Worker per variant; wasm threads as the page allows)`,
      app: describeHead(),
      before: builds.beforeCommit,
      plain: 'tfjs-layers conv2d / conv2dTranspose, optimizer.minimize + dataSync per step; Conv2DBackpropFilter via wasm Conv3DBackpropFilterV2',
      method: `${rounds} rounds × ${seconds} s per variant after a ${WARMUP_SECONDS} s warm-up, order rotated per round; medians over rounds`,
      models: results,
      target: { appOverPlain: `≥ ${TARGET_APP_OVER_PLAIN}` },
      meetsTarget: models.every((m) => (results[m]?.appOverPlain ?? 0) >= TARGET_APP_OVER_PLAIN),
      durationSeconds: Math.round((Date.now() - started) / 1000),
    };
    log('| model | batch | app samples/s | before samples/s | plain samples/s | app / before | app / plain |');
    log('|---|---:|---:|---:|---:|---:|---:|');
    for (const model of models) {
      const r = results[model];
      if (r) log(`| ${model} | ${r.batchSize} | ${r.samplesPerSecond.app} | ${r.samplesPerSecond.before} | ${r.samplesPerSecond.plain} | ${r.appOverBefore}× | ${r.appOverPlain}× |`);
    }
    const profiles: Record<string, ProfileRow[]> = {};
    for (const model of values.profile ? models : []) {
      for (const [name, { page, variant }] of Object.entries(pages)) {
        const rows = await profile(page, variant, model);
        profiles[`${model}/${name}`] = rows;
        log(`\nprofile of ${model}, ${name} (${PROFILED_STEPS} steps, kernel times in the browser worker): ${formatProfile(rows, 12)}\n`);
      }
    }
    const json = JSON.stringify(values.profile ? { ...report, profiles } : report, null, 2);
    mkdirSync(path.join(REPO, 'tests/artifacts'), { recursive: true });
    writeFileSync(path.join(REPO, 'tests/artifacts/bench-conv.json'), json);
    process.stdout.write(`${json}\n`);
  } finally {
    await browser.close();
    await builds.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`[bench:conv] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
