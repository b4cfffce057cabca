import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelSpec } from '../ml/models/types';
import { parameterCount, runRefusal, type RunSize } from './limits';
import { loadLocalData } from './run';

const vae = (hiddenUnits: number, latentDim = 20): ModelSpec => ({
  kind: 'vae', network: 'mlp', likelihood: { kind: 'bernoulli' }, latentDim, hiddenUnits, codebookSize: 64, codeDim: 16, seed: 1,
});
const MNIST: Omit<RunSize, 'spec' | 'batchSize'> = { saving: false, usedImages: 60_000, datasetImages: 60_000 };
const refusal = (spec: ModelSpec, batchSize: number, more: Partial<RunSize> = {}) => runRefusal({ spec, batchSize, ...MNIST, ...more });
/** The N of "use at most --<flag> N" in a refusal. */
const suggested = (text: string | null, flag: string) => Number(new RegExp(`use at most --${flag} (\\d+)`).exec(text ?? '')?.[1]);

describe('parameterCount', () => {
  it('counts a 784-h-(L, L)-h-784 VAE by hand: 784h + h + 2(hL + L) + Lh + h + 784h + 784', () => {
    for (const [h, l] of [[400, 20], [512, 2], [8192, 20]]) expect(parameterCount(vae(h, l))).toBe(784 * h + h + 2 * (h * l + l) + l * h + h + 784 * h + 784);
    expect(parameterCount(vae(400))).toBe(652_824);
  });
});

describe('runRefusal', () => {
  it('accepts the defaults, and --hidden 8192 (13.4 M parameters, 0.2 GiB with gradients and Adam)', () => {
    expect(refusal(vae(400), 128)).toBeNull();
    expect(refusal(vae(8192), 128)).toBeNull();
  });

  it('refuses a batch that gives an epoch fewer than 10 steps, naming the largest batch, and accepts that batch', () => {
    const text = refusal(vae(400), 50_000);
    expect(text).toBe('--batch 50000 would make an epoch over the 60,000 training images fewer than 10 Adam steps; use at most --batch 6000.');
    expect(refusal(vae(400), 6000)).toBeNull();
    expect(refusal(vae(400), 6001)).toMatch(/use at most --batch 6000\.$/);
  });

  it('refuses a batch larger than the images --train-limit keeps', () => {
    expect(refusal(vae(400), 300, { usedImages: 256 })).toBe('--batch 300 is larger than the 256 training images this run uses; use at most --batch 256.');
    expect(refusal(vae(400), 256, { usedImages: 256 })).toBeNull();
  });

  it('refuses a network beyond the 1 GiB training budget, naming the largest --hidden, which it accepts', () => {
    const text = refusal(vae(40_000), 128);
    expect(text).toMatch(/^This run would hold about 1\.05 GiB \(65,200,824 parameters × 16 bytes .*more than the 1\.00 GiB training budget; use at most --hidden \d+\.$/);
    const largest = suggested(text, 'hidden');
    expect(refusal(vae(largest), 128)).toBeNull();
    expect(refusal(vae(largest + 1), 128)).not.toBeNull();
    // 16 bytes per parameter alone cap the width at 1 GiB / (16 · 1630) ≈ 41,170; activations take some of the rest.
    expect(largest).toBeGreaterThan(35_000);
    expect(largest).toBeLessThan(41_170);
  });

  it('with --save, refuses a model file beyond LIMITS.weightBytes (256 MiB), naming the largest --hidden, which it accepts', () => {
    const text = refusal(vae(16_384), 128, { saving: true });
    expect(text).toMatch(/^--save would write 0\.30 GiB \(26,706,744 parameters × 12 bytes .*more than the 0\.25 GiB a model file may hold; use at most --hidden \d+\.$/);
    const largest = suggested(text, 'hidden');
    // 256 MiB / 12 bytes = 22,369,621 parameters; 1630h + 824 of them → h = 13,723.
    expect(largest).toBe(13_723);
    expect(refusal(vae(largest), 128, { saving: true })).toBeNull();
    expect(refusal(vae(16_384), 128)).toBeNull();
  });

  it('refuses a batch whose activations break the budget with the largest batch that fits, which it accepts', () => {
    const big = { datasetImages: 10_000_000, usedImages: 10_000_000 };
    const largest = suggested(refusal(vae(400), 100_000, big), 'batch');
    expect(refusal(vae(400), largest, big)).toBeNull();
    expect(refusal(vae(400), largest + 1, big)).toMatch(/training budget/);
  });
});

describe('missing or damaged data files', () => {
  let root: string;
  beforeAll(async () => (root = await mkdtemp(join(tmpdir(), 'vae-lab-nodata-'))));
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('loadLocalData says the files are missing and names the command that writes them', async () => {
    await expect(loadLocalData('mnist', root)).rejects.toThrow(/^The mnist data files are missing \(.*manifest\.json does not exist\); write them with: npm run data -- --force$/);
  });

  it('loadLocalData says damaged files are damaged, with the same command', async () => {
    await mkdir(join(root, 'public', 'data', 'fashion'), { recursive: true });
    await writeFile(join(root, 'public', 'data', 'fashion', 'manifest.json'), '{');
    await expect(loadLocalData('fashion', root)).rejects.toThrow(/^The fashion data files are damaged \(fashion\/manifest\.json is not valid JSON\.\); rewrite them with: npm run data -- --force$/);
  });

  it('the real command run where there is no public/data prints the reason and the fix', () => {
    const tsx = resolve('node_modules/.bin/tsx');
    const run = spawnSync(tsx, [resolve('src/cli/train.ts'), '--epochs', '1'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/The mnist data files are missing .*; write them with: npm run data -- --force/);
  }, 60_000);
});

describe('npm run train refuses impossible sizes (the real command)', () => {
  const cli = (args: string) => spawnSync('node_modules/.bin/tsx', ['src/cli/train.ts', ...args.split(' ')], { encoding: 'utf8', timeout: 60_000 });

  it.each([
    ['--batch 50000', /^--batch 50000 would make an epoch .* use at most --batch 6000\.\n$/],
    ['--hidden 40000', /^This run would hold about 1\.05 GiB .* training budget; use at most --hidden \d+\.\n$/],
  ])('%s exits with code 2 and one sentence naming the limit', (args, message) => {
    const run = cli(`${args} --epochs 1`);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
  }, 60_000);
});
