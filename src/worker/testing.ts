/**
 * Test doubles for the worker session: datasets held in memory whose test set and training shards
 * arrive (or fail) when the test says so, and a session wired to them on the tfjs cpu backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { DatasetLoad, ImageSet, Manifest } from '../ml/data';
import { mulberry32 } from '../ml/math/random';
import type { BackendSelection } from './backend';
import type { DatasetLoader, LoadHooks } from './datasets';
import { controlledWatch, neverLost } from './deviceLoss';
import { IMAGE_PIXELS, type DatasetName, type RunConfig, type StatusEvent, type WorkerEvent } from './protocol';
import { LabSession } from './session';

/** A promise with its settle functions exposed. */
interface Gate<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

function gate<T>(): Gate<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

/** `count` images of 4 synthetic classes (each lights a quarter of the frame), with labels. */
export function syntheticImages(count: number, seed: number): ImageSet {
  const uniform = mulberry32(seed);
  const images = new Uint8Array(count * IMAGE_PIXELS);
  const labels = new Uint8Array(count);
  for (let n = 0; n < count; n++) {
    labels[n] = n % 4;
    for (let p = 0; p < IMAGE_PIXELS; p++) {
      const quarter = Math.floor((p % 28) / 14) + 2 * Math.floor(p / 392);
      images[n * IMAGE_PIXELS + p] = quarter === labels[n] && uniform() < 0.8 ? 255 : 0;
    }
  }
  return { images, labels, count };
}

/** One dataset's load, driven by the test. */
export class ControlledLoad {
  readonly manifest: Manifest;
  private readonly test = gate<ImageSet>();
  private readonly train = gate<ImageSet>();
  private shardsReleased = 0;
  private shardsDelivered = 0;
  testReleased = false;
  /** Whether the store let the training shards after the first load (its `moreShards` resolved). */
  moreShardsAllowed = false;

  constructor(
    readonly dataset: DatasetName,
    private readonly hooks: LoadHooks,
    private readonly shards: ImageSet[],
    private readonly testSet: ImageSet,
  ) {
    const pair = (count: number) => ({ images: 'i', labels: 'l', count, bytes: count });
    this.manifest = {
      name: dataset,
      title: dataset,
      classNames: ['a', 'b', 'c', 'd'],
      imageSide: 28,
      test: pair(testSet.count),
      train: { count: shards.reduce((n, s) => n + s.count, 0), shards: shards.map((s) => pair(s.count)) },
      split: 'synthetic',
    };
    void hooks.moreShards.then(() => (this.moreShardsAllowed = true));
  }

  asLoad(): DatasetLoad {
    return { manifest: Promise.resolve(this.manifest), test: this.test.promise, train: this.train.promise };
  }

  releaseTest(): void {
    this.testReleased = true;
    this.hooks.onProgress({ loadedBytes: this.testSet.count, totalBytes: this.manifest.test.bytes + this.manifest.train.count, phase: 'test' });
    this.test.resolve(this.testSet);
  }

  failTest(error: Error): void {
    this.test.reject(error);
    this.train.reject(error);
  }

  /**
   * Delivers the next training shard: the first at once, a later one once the store allows more shards (as the real
   * loader waits for `moreShards`). The training set completes after the last one.
   */
  releaseShard(): void {
    if (this.shardsReleased >= this.shards.length) return;
    const index = this.shardsReleased++;
    const shard = this.shards[index];
    const deliver = () => {
      this.hooks.onTrainShard(shard, index);
      if (++this.shardsDelivered === this.shards.length) this.train.resolve(shard);
    };
    if (index === 0) deliver();
    else void this.hooks.moreShards.then(deliver);
  }

  failTraining(error: Error): void {
    this.train.reject(error);
  }

  releaseAll(): void {
    if (!this.testReleased) this.releaseTest();
    while (this.shardsReleased < this.shards.length) this.releaseShard();
  }
}

/** A loader whose loads wait for the test (or arrive at once with `immediate`). */
export class ControlledLoader {
  readonly loads: ControlledLoad[] = [];
  immediate = false;

  constructor(
    private readonly testCount = 48,
    private readonly shardSizes = [64, 64],
  ) {}

  readonly loader: DatasetLoader = (dataset, hooks) => {
    const seed = dataset === 'mnist' ? 1 : 2;
    const shards = this.shardSizes.map((size, i) => syntheticImages(size, seed * 100 + i));
    const load = new ControlledLoad(dataset, hooks, shards, syntheticImages(this.testCount, seed));
    this.loads.push(load);
    if (this.immediate) queueMicrotask(() => load.releaseAll());
    return load.asLoad();
  };

  /** The newest load of `dataset`. */
  latest(dataset: DatasetName): ControlledLoad {
    const load = this.loads.filter((l) => l.dataset === dataset).at(-1);
    if (!load) throw new Error(`no load of ${dataset} was started`);
    return load;
  }
}

/**
 * A session on the cpu backend with a controlled loader, recording every event. With `losable`, the backend pretends
 * to run on a GPU the test can lose: `devices` holds each backend's watch (the first, then one per restart).
 */
export function testSession(loader = new ControlledLoader(), { losable = false } = {}) {
  const events: WorkerEvent[] = [];
  const devices: Array<ReturnType<typeof controlledWatch>> = [];
  const cpu = async (reason: string): Promise<BackendSelection> => {
    await tf.setBackend('cpu');
    const device = losable ? controlledWatch() : neverLost();
    if (losable) devices.push(device as ReturnType<typeof controlledWatch>);
    return { backend: 'cpu', reason, device };
  };
  const session = new LabSession((event) => events.push(event), {
    loader: loader.loader,
    selectBackend: () => cpu('tests run on the cpu backend'),
    restartBackend: () => cpu('the test restarted the backend'),
    datasetTitle: (name) => name,
  });
  const statuses = () => events.filter((e): e is StatusEvent => e.type === 'status');
  return { session, loader, events, devices, lastStatus: () => statuses().at(-1) ?? null, statuses };
}

/** A small, fast config of `model` on `dataset` (MLP width 16, batch 16). */
export function smallConfig(model: RunConfig['model'], dataset: DatasetName = 'mnist', overrides: Partial<RunConfig['hyper']> = {}): RunConfig {
  return {
    dataset,
    model,
    backend: 'cpu',
    seed: 1,
    architecture: { network: model === 'vqvae' ? 'conv' : 'mlp', likelihood: { kind: 'bernoulli' }, latentDim: 2, hiddenUnits: 16, codebookSize: 8, codeDim: 2 },
    hyper: {
      beta: 1,
      betaSchedule: { kind: 'constant' },
      lossPreset: 'both',
      learningRate: 1e-3,
      batchSize: model === 'vqvae' ? 4 : 16,
      commitmentWeight: 0.25,
      restartDeadCodes: true,
      corruption: { noiseStd: 0.5, blur: false, maskRatio: 0.5, patchSize: 4 },
      ...overrides,
    },
  };
}

/** Resolves after `ms` milliseconds. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
