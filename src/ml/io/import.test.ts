import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../math/random';
import { createModel } from '../models/createModel';
import { testSpec } from '../models/testing';
import type { LatentModel } from '../models/types';
import { packModelFile } from './container';
import type { ModelArtifacts, ModelJson } from './format';
import { importModel, type ModelFileInput } from './import';
import { editableArtifacts, pairFiles, singleFile } from './testing';

let model: LatentModel;
let vq: LatentModel;
beforeAll(async () => {
  await tf.setBackend('cpu');
  model = createModel(testSpec({ kind: 'vae', latentDim: 2, hiddenUnits: 8 }));
  vq = createModel(testSpec({ kind: 'vqvae', network: 'conv' }));
});
afterAll(() => {
  model.dispose();
  vq.dispose();
});

/** The reason importModel gives for these files (fails the test if it accepts them). */
async function reasonFor(files: ModelFileInput[], expected?: Parameters<typeof importModel>[1]): Promise<string> {
  const result = await importModel(files, expected);
  if (result.ok) throw new Error('importModel accepted the files');
  return result.reason;
}

/** A pair whose model.json was changed by `edit`. */
async function edited(edit: (json: ModelJson & Record<string, unknown>, artifacts: ModelArtifacts) => void, source = model): Promise<File[]> {
  const artifacts = await editableArtifacts(source);
  edit(artifacts.modelJson as ModelJson & Record<string, unknown>, artifacts);
  return pairFiles(artifacts);
}

const weights = (json: ModelJson) => json.weightsManifest[0].weights;
const metadata = (json: ModelJson) => json.userDefinedMetadata as unknown as Record<string, unknown>;

describe('importModel refuses with a reason, never throws', () => {
  it('no files, or files that are no model', async () => {
    expect(await reasonFor([])).toMatch(/No file was given/);
    expect(await reasonFor([new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], 'digit.png')])).toMatch(/None of the files is a model \(digit\.png\)/);
    expect(await reasonFor([new File(['{"weights": [1, 2'], 'model.json')])).toMatch(/model\.json is not valid JSON/);
    expect(await reasonFor([new File(['{"a": 1}'], 'model.json')])).toMatch(/not a model file: it has no weightsManifest/);
  });

  it('another format, or another format version', async () => {
    expect(await reasonFor(await edited((json) => Object.assign(json, { format: 'layers-model' })))).toMatch(/not a VAE Lab model: its format is "layers-model"/);
    expect(await reasonFor(await edited((json) => (metadata(json).formatVersion = 2)))).toMatch(/format version 2; this lab reads version 1/);
  });

  it('an unknown model kind or an invalid spec, naming the field', async () => {
    expect(await reasonFor(await edited((json) => ((metadata(json).spec as Record<string, unknown>).kind = 'gan')))).toMatch(/unknown model kind 'gan'/);
    expect(await reasonFor(await edited((json) => ((metadata(json).spec as Record<string, unknown>).latentDim = 0)))).toMatch(/latentDim must be a positive integer, got 0/);
    expect(await reasonFor(await edited((json) => delete metadata(json).spec))).toMatch(/no model spec/);
    expect(await reasonFor(await edited((json) => (metadata(json).dataset = 'cifar')))).toMatch(/Unknown dataset "cifar"/);
    expect(await reasonFor(await edited((json) => ((metadata(json).training as Record<string, unknown>).lossPreset = 'all')))).toMatch(/training\.lossPreset must be one of both, reconstruction, kl/);
    expect(await reasonFor(await edited((json) => (metadata(json).step = -1)))).toMatch(/step must be a whole number ≥ 0, got -1/);
  });

  it('another architecture or dataset than expected, saying which field differs', async () => {
    const files = pairFiles(await editableArtifacts(model));
    expect(await reasonFor(files, { spec: { ...model.spec, latentDim: 16 } })).toMatch(/its latentDim is 2, the current model's is 16/);
    expect(await reasonFor(files, { spec: { ...model.spec, kind: 'ae' } })).toMatch(/its kind is vae, the current model's is ae/);
    expect(await reasonFor(files, { spec: { ...model.spec, likelihood: { kind: 'gaussian', variance: 0.1 } } })).toMatch(/its likelihood is bernoulli, the current model's is gaussian/);
    expect(await reasonFor(files, { dataset: 'fashion' })).toMatch(/trained on mnist; the current dataset is fashion/);
    expect((await importModel(files, { spec: { ...model.spec, seed: 99 }, dataset: 'mnist' })).ok).toBe(true);
  });

  it('truncated or over-long weights (byteLength ≠ manifest)', async () => {
    const artifacts = await editableArtifacts(model);
    const cut = { ...artifacts, weightData: artifacts.weightData.slice(0, artifacts.weightData.byteLength - 10) };
    const total = artifacts.weightData.byteLength;
    expect(await reasonFor(pairFiles(cut))).toMatch(new RegExp(`weights are truncated: ${total - 10} bytes, but the manifest describes ${total}`));
    expect(await reasonFor(singleFile(cut))).toMatch(/truncated/);
    const longer = new Uint8Array(total + 4);
    longer.set(new Uint8Array(artifacts.weightData));
    expect(await reasonFor(pairFiles({ ...artifacts, weightData: longer.buffer }))).toMatch(/longer than described/);
    expect(await reasonFor([new File([packModelFile(artifacts).slice(0, 40)], 'cut.vaelab')])).toMatch(/cut\.vaelab is truncated: it ends inside its model\.json header/);
  });

  it('shapes that do not match the spec, a missing or an unknown weight', async () => {
    const swapped = await edited((json) => (weights(json)[0].shape = [8, 784]));
    expect(await reasonFor(swapped)).toMatch(/'encoder\/dense0\/kernel' has shape \[8, 784\]; the spec \(vae, mlp\) needs \[784, 8\]/);
    const renamed = await edited((json) => (weights(json)[1].name = 'encoder/dense0/offset'));
    expect(await reasonFor(renamed)).toMatch(/a weight 'encoder\/dense0\/offset' that a vae of this spec does not have/);
    const dropped = await edited((json, artifacts) => {
      const last = weights(json).pop()!;
      artifacts.weightData = artifacts.weightData.slice(0, artifacts.weightData.byteLength - 4 * last.shape[0]);
    });
    expect(await reasonFor(dropped)).toMatch(/lacks weight 'decoder\/dense1\/bias'/);
    expect(await reasonFor(await edited((json) => weights(json).push({ ...weights(json)[0] })))).toMatch(/appears twice/);
  });

  it.each([NaN, Infinity, -Infinity])('weights holding %f', async (bad) => {
    const artifacts = await editableArtifacts(model);
    new Float32Array(artifacts.weightData)[5] = bad;
    expect(await reasonFor(pairFiles(artifacts))).toMatch(new RegExp(`'encoder/dense0/kernel' holds ${bad} at index 5`));
  });

  it('files and metadata above the size limits, naming the limit', async () => {
    const huge: ModelFileInput = { name: 'huge.bin', size: 300 * 1024 * 1024, arrayBuffer: () => Promise.reject(new Error('must not be read')) };
    expect(await reasonFor([huge])).toMatch(/huge\.bin takes 300\.0 MiB; the limit is 260\.0 MiB/);
    const curves = 'x'.repeat(3 * 1024 * 1024 - 2);
    expect(await reasonFor(await edited((json) => (metadata(json).curves = curves)))).toMatch(/curves and evaluations take 3\.0 MiB; the limit is 2\.0 MiB/);
    const padded = await edited((json) => (metadata(json).note = 'x'.repeat(5 * 1024 * 1024)));
    expect(await reasonFor(padded)).toMatch(/model\.json takes 5\.0 MiB; the limit is 4\.0 MiB/);
    expect(await reasonFor(await edited((json) => ((metadata(json).spec as Record<string, unknown>).hiddenUnits = 200_000)))).toMatch(/needs 1202\.4 MiB of weights; the limit is 256\.0 MiB/);
  });

  it('missing files of the pair; a single file with company', async () => {
    const [json, bin] = pairFiles(await editableArtifacts(model));
    expect(await reasonFor([json])).toMatch(/weights are in 'weights\.bin', which is not among the files/);
    expect(await reasonFor([bin])).toMatch(/None of the files is a model \(weights\.bin\)/);
    expect(await reasonFor([...singleFile(await editableArtifacts(model)), json])).toMatch(/is a complete model file: open it on its own/);
    expect((await importModel([json, new File([await bin.arrayBuffer()], 'renamed.bin')])).ok).toBe(true);
  });

  it('a file that cannot be read, VQ-VAE codebook scale, optimizer moments without metadata', async () => {
    const unreadable: ModelFileInput = { name: 'gone.json', size: 10, arrayBuffer: () => Promise.reject(new Error('file was moved')) };
    expect(await reasonFor([unreadable])).toMatch(/Could not read gone\.json: file was moved/);
    expect(await reasonFor(await edited((json) => (metadata(json).codebookScale = 10), vq))).toMatch(/codebook divided by 10; this lab stores it divided by 30/);
    const stray = await edited((json) => weights(json).push({ name: 'optimizer/mean/bias/m', shape: [2], dtype: 'float32', group: 'optimizer' }));
    expect(await reasonFor(stray)).toMatch(/optimizer moments without optimizer metadata/);
  });

  it('never rejects on damaged bytes: 60 random truncations and byte flips of a single file all come back as results', async () => {
    const bytes = packModelFile(await editableArtifacts(model));
    const uniform = mulberry32(17);
    for (let trial = 0; trial < 60; trial++) {
      const damaged = bytes.slice(0, trial % 2 ? Math.floor(uniform() * bytes.length) : bytes.length);
      for (let flip = 0; flip < 3; flip++) damaged[Math.floor(uniform() * Math.min(damaged.length, 600))] ^= 1 + Math.floor(uniform() * 255);
      const result = await importModel([new File([damaged], 'damaged.vaelab')]);
      expect(typeof (result.ok ? 'accepted' : result.reason)).toBe('string');
    }
  });
});
