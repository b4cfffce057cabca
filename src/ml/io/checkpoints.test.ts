import { describe, expect, it } from 'vitest';
import { readCheckpointManifest } from './checkpoints';

const entry = { id: 'mnist/vae', dataset: 'mnist', model: 'vae', path: 'mnist/vae/model.json', test: { terms: { rec: 150 }, bitsPerDim: 5.8 } };
const manifest = (checkpoint: object) => ({ version: 1, evaluation: { images: 10000, seed: 1, backend: 'wasm' }, totalBytes: 1, checkpoints: [checkpoint] });

describe('readCheckpointManifest', () => {
  it('accepts a manifest of the right shape', () => {
    expect(readCheckpointManifest(manifest(entry)).checkpoints[0].id).toBe('mnist/vae');
  });

  it.each([
    [{ version: 2, checkpoints: [] }, /not version 1/],
    [manifest({ ...entry, dataset: 'cifar' }), /mnist\/vae: unknown dataset or model/],
    [manifest({ ...entry, model: 'gan' }), /unknown dataset or model/],
    [manifest({ ...entry, path: '../../secret/model.json' }), /must name a model\.json below the manifest/],
    [manifest({ ...entry, path: 'mnist/vae/weights.bin' }), /must name a model\.json/],
    [manifest({ ...entry, test: { terms: {} } }), /test scores are missing/],
    [manifest({ dataset: 'mnist' }), /has no id/],
  ])('refuses %j', (value, reason) => {
    expect(() => readCheckpointManifest(value)).toThrow(reason);
  });
});
