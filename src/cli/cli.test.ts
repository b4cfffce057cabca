import * as tf from '@tensorflow/tfjs-core';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModelFrom, exportModel, importModel, packModelFile, readOptimizerState } from '../ml/io';
import type { LatentModel } from '../ml/models/types';
import { tinyDataset } from '../ml/training/testing';
import { modelFilesAt, writeModel } from './modelFiles';
import { parseCliOptions } from './options';
import { planJob } from './plan';
import { runJob, type EpochReport, type RunData } from './run';

let dir: string;
const data: RunData = { train: { images: tinyDataset(96), labels: new Uint8Array(96), count: 96 }, test: { images: tinyDataset(40), labels: new Uint8Array(40), count: 40 } };

beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = await mkdtemp(join(tmpdir(), 'vae-lab-cli-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** The CLI's run for these flags on the tiny data; every line reported. */
async function train(args: string, resume: Parameters<typeof planJob>[1] = null) {
  const lines: EpochReport['line'][] = [];
  const run = await runJob(planJob(parseCliOptions(args.split(' ')), resume), data, async ({ line }) => void lines.push(line));
  return { ...run, lines };
}

/** What a browser's file picker hands over for the files in `folder`. */
async function browserFiles(folder: string): Promise<File[]> {
  return Promise.all((await readdir(folder)).map(async (name) => new File([await readFile(join(folder, name))], name)));
}

/** Decoder output, embedding and loss terms on a fixed batch (noise seed fixed) as plain numbers. */
function outputs(model: LatentModel): number[][] {
  return tf.tidy(() => {
    const x = tf.div(tf.tensor2d(data.test.images.subarray(0, 5 * 784), [5, 784], 'float32'), 255) as tf.Tensor2D;
    const { points, logVar } = model.embed(x);
    return [points, ...(logVar ? [logVar] : []), model.decodeEmbedding(points), ...model.lossTerms({ input: x, target: x, hidden: null }, 3)].map((t) => Array.from(t.dataSync()));
  });
}

describe('Node → file → page, and back', () => {
  it('a CLI-trained VAE written as --save writes it opens from the browser’s files with identical outputs', async () => {
    const { model, trainer } = await train('--model vae --latent 2 --hidden 16 --epochs 1 --batch 32');
    const artifacts = await exportModel(model, { dataset: 'mnist', training: trainer.trainingSettings, step: trainer.step, samplesSeen: trainer.samplesSeen });
    await writeModel(join(dir, 'vae'), artifacts);
    const result = await importModel(await browserFiles(join(dir, 'vae')), { spec: model.spec });
    if (!result.ok) throw new Error(result.reason);
    const opened = createModelFrom(result.model);
    expect(outputs(opened)).toEqual(outputs(model));
    expect(result.model.metadata).toMatchObject({ step: 3, samplesSeen: 96 });
    [opened, model].forEach((m) => m.dispose());
    trainer.dispose();
  });

  it('a page download (.vaelab) continues with --load: same weights in, epoch and step count on, Adam resumed', async () => {
    const first = await train('--model ae --latent 2 --hidden 16 --epochs 1 --batch 32');
    const optimizer = await readOptimizerState(first.trainer);
    const artifacts = await exportModel(first.model, { dataset: 'mnist', training: first.trainer.trainingSettings, step: 3, samplesSeen: 96, optimizer });
    await writeFile(join(dir, 'ae.vaelab'), packModelFile(artifacts));
    const result = await importModel(await modelFilesAt(join(dir, 'ae.vaelab')));
    if (!result.ok) throw new Error(result.reason);
    expect(result.model.optimizer?.iterations).toBe(3);
    const opened = createModelFrom(result.model);
    expect(outputs(opened)).toEqual(outputs(first.model));
    const resumed = await train('--epochs 2', result.model);
    expect(resumed.lines.map(({ epoch, step }) => [epoch, step])).toEqual([[2, 6], [3, 9]]);
    for (const run of [first, resumed]) {
      run.trainer.dispose();
      run.model.dispose();
    }
    opened.dispose();
  });
});

describe('npm run train -- --save / --load (the real command, MNIST from public/data)', () => {
  const cli = (args: string) => spawnSync('npx', ['tsx', 'src/cli/train.ts', ...args.split(' ')], { encoding: 'utf8', timeout: 120_000 });
  const common = '--latent 2 --hidden 32 --train-limit 512 --eval-images 100';

  it('saves after the epoch, continues from the folder, refuses another architecture with the reason', () => {
    const folder = join(dir, 'cli-ae');
    const first = cli(`--model ae ${common} --epochs 1 --save ${folder}`);
    expect(first.status).toBe(0);
    expect(JSON.parse(first.stdout.trim())).toMatchObject({ epoch: 1, step: 4 });
    const next = cli(`--load ${folder} --train-limit 512 --eval-images 100 --epochs 1`);
    expect(next.status).toBe(0);
    expect(JSON.parse(next.stdout.trim())).toMatchObject({ epoch: 2, step: 8 });
    const refused = cli(`--load ${folder} --latent 3 --epochs 1`);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/Cannot continue .*cli-ae: The file holds another architecture: its latentDim is 2, the command line's is 3/);
  }, 360_000);
});
