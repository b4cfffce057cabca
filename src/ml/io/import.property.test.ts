/**
 * The model-file loader fuzzed: whatever bytes, JSON or damaged export arrive, importModel resolves (never
 * throws or rejects) to { ok: true } with every weight finite and shaped as the spec's layout, or to
 * { ok: false, reason } with a sentence; and it reads no file larger than the limits allow.
 */
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModel } from '../models/createModel';
import { testSpec } from '../models/testing';
import type { LatentModel } from '../models/types';
import { packModelFile } from './container';
import { LIMITS, sizeOf, type ModelArtifacts, type ModelJson } from './format';
import { importModel, type ImportResult, type ModelFileInput } from './import';
import { weightLayout } from './layout';
import type { OptimizerState } from './optimizer';
import { editableArtifacts } from './testing';

/** Largest file importModel may read: the single file's 12-byte prefix, the largest header and the largest weights. */
const MAX_FILE_BYTES = 12 + LIMITS.modelJsonBytes + LIMITS.weightBytes;
const RUNS = 400;

let model: LatentModel;
let plain: ModelArtifacts;
let withAdam: ModelArtifacts;
let quantized: ModelArtifacts;

beforeAll(async () => {
  await tf.setBackend('cpu');
  model = createModel(testSpec({ kind: 'vae', latentDim: 2, hiddenUnits: 8 }));
  const moments = new Map(model.namedWeights().map(({ name, variable }) => [name, { m: new Float32Array(variable.size).fill(0.01), v: new Float32Array(variable.size).fill(1e-4) }]));
  const optimizer: OptimizerState = { iterations: 3, moments };
  [plain, withAdam, quantized] = await Promise.all([editableArtifacts(model), editableArtifacts(model, { optimizer }), editableArtifacts(model, { storage: 'uint8' })]);
});
afterAll(() => model.dispose());

/** A file that records whether its bytes were read and may claim another size than it has. */
function file(name: string, bytes: Uint8Array, claimedSize = bytes.byteLength): ModelFileInput & { read: boolean } {
  return {
    name,
    size: claimedSize,
    read: false,
    async arrayBuffer() {
      this.read = true;
      return bytes.slice().buffer;
    },
  };
}

const jsonBytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const pair = (json: unknown, weights: Uint8Array) => [file('model.json', jsonBytes(json)), file('weights.bin', weights)];

/** Imports and checks the properties every outcome must have; hands back the result for more specific checks. */
async function importChecked(files: Array<ModelFileInput & { read: boolean }>): Promise<ImportResult> {
  const result = await importModel(files);
  for (const f of files) if (f.size > MAX_FILE_BYTES) expect(f.read).toBe(false);
  if (!result.ok) {
    expect(result.reason.trim().length).toBeGreaterThan(10);
    expect(result.reason).not.toMatch(/\[object |undefined/);
    return result;
  }
  const { spec, weights, optimizer } = result.model;
  const layout = weightLayout(spec);
  expect([...weights.keys()]).toEqual(layout.map((slot) => slot.name));
  let bytes = 0;
  for (const slot of layout) {
    const values = weights.get(slot.name) as Float32Array;
    expect(values.length).toBe(sizeOf(slot.shape));
    expect(values.every(Number.isFinite)).toBe(true);
    bytes += 4 * values.length;
  }
  for (const { m, v } of optimizer?.moments.values() ?? []) {
    expect([...m, ...v].every(Number.isFinite)).toBe(true);
    bytes += 4 * (m.length + v.length);
  }
  expect(bytes).toBeLessThanOrEqual(LIMITS.weightBytes);
  return result;
}

const artifactsArb = fc.constantFrom(() => plain, () => withAdam, () => quantized).map((pick) => pick());
const weightsOf = (a: ModelArtifacts) => new Uint8Array(a.weightData);
const entries = (json: ModelJson) => json.weightsManifest[0].weights as unknown as Array<Record<string, unknown>>;
const oddNumber = fc.constantFrom(Number.NaN, Infinity, -Infinity, 0, -1, 1e308, 2 ** 40, 0.5, 1.5);
const oddValue = fc.oneof(oddNumber.map((n) => n as unknown), fc.string({ maxLength: 8 }), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 }));

describe('importModel on arbitrary input', () => {
  it('arbitrary bytes, under any names, are refused with a reason', async () => {
    const named = fc.record({ name: fc.constantFrom('model.json', 'weights.bin', 'model.vaelab', 'x'), bytes: fc.uint8Array({ maxLength: 600 }) });
    await fc.assert(
      fc.asyncProperty(fc.array(named, { minLength: 1, maxLength: 3 }), async (files) => {
        const result = await importChecked(files.map(({ name, bytes }) => file(name, bytes)));
        expect(result.ok).toBe(false);
      }),
      { numRuns: RUNS },
    );
  });

  it('arbitrary JSON as model.json, with arbitrary weights, is refused with a reason', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), fc.uint8Array({ maxLength: 200 }), async (json, weights) => {
        const text = JSON.stringify(json);
        const bytes = new TextEncoder().encode(text.startsWith('{') ? text : `{"x": ${text}}`);
        expect((await importChecked([file('model.json', bytes), file('weights.bin', weights)])).ok).toBe(false);
      }),
      { numRuns: RUNS },
    );
  });

  it('a file claiming more bytes than the limits allow is refused without being read', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: MAX_FILE_BYTES + 1, max: Number.MAX_SAFE_INTEGER }), fc.constantFrom('model.vaelab', 'weights.bin'), async (size, name) => {
        const big = file(name, weightsOf(plain), size);
        const result = await importChecked(name === 'weights.bin' ? [file('model.json', jsonBytes(plain.modelJson)), big] : [big]);
        expect(result.ok).toBe(false);
      }),
      { numRuns: 30 },
    );
  });
});

describe('importModel on a damaged export', () => {
  it("opens weights whose first byte is '{' (a float32's lowest byte is 0x7B one time in 256): fast-check's counterexample [0, 59]", async () => {
    const weights = weightsOf(plain).slice();
    weights[0] = 0x7b;
    const value = new DataView(weights.buffer).getFloat32(0, true);
    expect(Number.isFinite(value)).toBe(true);
    const result = await importChecked(pair(plain.modelJson, weights));
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.model.weights.values().next().value?.[0]).toBe(value);
  });

  it('a byte flip in float32 weights is refused exactly when it makes that value non-finite', async () => {
    const bytes = weightsOf(plain);
    await fc.assert(
      fc.asyncProperty(fc.nat(bytes.byteLength - 1), fc.integer({ min: 1, max: 255 }), async (at, mask) => {
        const damaged = bytes.slice();
        damaged[at] ^= mask;
        const value = new DataView(damaged.buffer).getFloat32(at - (at % 4), true);
        const result = await importChecked(pair(plain.modelJson, damaged));
        expect(result.ok).toBe(Number.isFinite(value));
      }),
      { numRuns: RUNS },
    );
  });

  it('truncated or extended weights are refused', async () => {
    await fc.assert(
      fc.asyncProperty(artifactsArb, fc.integer({ min: -400, max: 400 }).filter((n) => n !== 0), async (artifacts, change) => {
        const bytes = weightsOf(artifacts);
        const damaged = change < 0 ? bytes.slice(0, Math.max(0, bytes.byteLength + change)) : new Uint8Array([...bytes, ...new Uint8Array(change)]);
        const result = await importChecked(pair(artifacts.modelJson, damaged));
        expect(result.ok).toBe(false);
      }),
      { numRuns: RUNS },
    );
  });

  it('an edited manifest entry (shape, dtype, quantization, name, huge sizes) is refused unless the edit changed nothing', async () => {
    const edit = fc.oneof(
      fc.record({ field: fc.constant('shape'), value: fc.oneof(fc.array(fc.oneof(fc.nat(20), oddNumber), { maxLength: 3 }).map((v) => v as unknown), oddValue) }),
      fc.record({ field: fc.constant('dtype'), value: fc.oneof(fc.constantFrom('float16', 'int32', 'uint8', 'float64'), oddValue) }),
      fc.record({
        field: fc.constant('quantization'),
        value: fc.oneof(fc.record({ dtype: fc.constant('uint8'), scale: oddNumber, min: oddNumber }).map((v) => v as unknown), fc.record({ dtype: oddValue }), oddValue),
      }),
      fc.record({ field: fc.constant('name'), value: fc.oneof(fc.constantFrom('encoder/dense0/kernel', 'mean/bias', 'optimizer/x/m', '__proto__'), oddValue) }),
    );
    await fc.assert(
      fc.asyncProperty(artifactsArb, fc.nat(), edit, async (artifacts, pick, { field, value }) => {
        const json = structuredClone(artifacts.modelJson);
        const entry = entries(json)[pick % entries(json).length];
        const before = JSON.stringify(entry);
        entry[field] = value;
        const unchanged = JSON.stringify(entry) === before;
        const result = await importChecked(pair(json, weightsOf(artifacts)));
        if (unchanged) return;
        if (field !== 'quantization') expect(result.ok).toBe(false);
        else if (result.ok) expect([(value as { scale: number }).scale, (value as { min: number }).min].every(Number.isFinite)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('edited spec and metadata fields (huge sizes, NaN, wrong types) never make it throw', async () => {
    const path = fc.constantFrom(['spec', 'hiddenUnits'], ['spec', 'latentDim'], ['spec', 'kind'], ['spec', 'likelihood'], ['training', 'batchSize'], ['step'], ['optimizer', 'iterations'], ['formatVersion'], ['curves']);
    await fc.assert(
      fc.asyncProperty(artifactsArb, path, fc.oneof(oddValue, fc.constantFrom(1e6, 2 ** 31, 3, 'vqvae', { kind: 'gaussian', variance: -1 })), async (artifacts, keys, value) => {
        const json = structuredClone(artifacts.modelJson);
        const meta = json.userDefinedMetadata as unknown as Record<string, Record<string, unknown>>;
        if (keys.length === 2 && meta[keys[0]]) meta[keys[0]][keys[1]] = value;
        else (meta as Record<string, unknown>)[keys[0]] = value;
        await importChecked(pair(json, weightsOf(artifacts)));
      }),
      { numRuns: RUNS },
    );
  });

  it('a spec declaring a network too large for the weight limit is refused naming the limit, before any weight is decoded', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 200_000, max: 2 ** 31 }), async (hiddenUnits) => {
        const json = structuredClone(plain.modelJson);
        (json.userDefinedMetadata.spec as { hiddenUnits: number }).hiddenUnits = hiddenUnits;
        const result = await importChecked(pair(json, weightsOf(plain)));
        expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/the limit is 256\.0 MiB/) });
      }),
      { numRuns: 30 },
    );
  });

  it('the single .vaelab file with a corrupted header length, or flipped bytes anywhere, resolves with a checked result', async () => {
    await fc.assert(
      fc.asyncProperty(
        artifactsArb,
        fc.oneof(
          fc.record({ headerLength: fc.oneof(fc.nat(), fc.constantFrom(0, 0xffffffff, LIMITS.modelJsonBytes, LIMITS.modelJsonBytes + 1)) }),
          fc.record({ at: fc.nat(), mask: fc.integer({ min: 1, max: 255 }) }),
        ),
        async (artifacts, damage) => {
          const bytes = packModelFile(artifacts);
          const original = new DataView(bytes.buffer).getUint32(8, true);
          if ('headerLength' in damage) new DataView(bytes.buffer).setUint32(8, damage.headerLength, true);
          else bytes[damage.at % bytes.byteLength] ^= damage.mask;
          const result = await importChecked([file('model.vaelab', bytes)]);
          if ('headerLength' in damage && damage.headerLength !== original) expect(result.ok).toBe(false);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
