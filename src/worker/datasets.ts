import { loadDataset, TrainingPool, type DatasetLoad, type ImageSet, type LoadProgress, type Manifest } from '../ml/data';
import { describeError } from '../ml/describeError';
import { IMAGE_PIXELS, PROBE_COUNT, type DatasetName, type WorkerEvent } from './protocol';

/** A dataset whose test set has arrived; its training shards keep arriving into `pool`. */
export interface LoadedDataset {
  name: DatasetName;
  manifest: Manifest;
  test: ImageSet;
  pool: TrainingPool;
  /** Resolves once the pool holds images; rejects when the training data failed before any arrived. */
  firstImages: Promise<void>;
  /** The first min(PROBE_COUNT, test count) test images and labels: the digits every panel shows. */
  probeImages: Uint8Array;
  probeLabels: Uint8Array;
  /** Probe index of the first digit of each class, for the reconstruction strip. */
  reconstructionIndices: number[];
}

/** What a loader reports while it works, and when it may load the training shards after the first. */
export interface LoadHooks {
  onProgress(progress: LoadProgress): void;
  onTrainShard(shard: ImageSet, shardIndex: number): void;
  moreShards: Promise<void>;
}

/** Starts loading one dataset: manifest, test set, then training shards (injectable, so tests can feed images from memory). */
export type DatasetLoader = (dataset: DatasetName, hooks: LoadHooks) => DatasetLoad;

/** The production loader: gzipped IDX files under `baseUrl` (see scripts/prepare-data.ts). */
export function fetchLoader(baseUrl: string): DatasetLoader {
  return (dataset, hooks) => loadDataset({ baseUrl, dataset, onProgress: hooks.onProgress, onTrainShard: hooks.onTrainShard, moreShards: hooks.moreShards });
}

type Emit = (event: WorkerEvent, transfer?: Transferable[]) => void;

/** Download progress goes to the page at most this often (a report per received piece was dozens a second). */
const PROGRESS_INTERVAL_MS = 100;

/**
 * Loads each dataset once and keeps it. Every progress report and error names its dataset, so the page
 * can ignore those of a dataset it no longer shows. A failed load is forgotten, so Retry starts afresh.
 */
export class DatasetStore {
  private readonly loads = new Map<DatasetName, Promise<LoadedDataset>>();
  private startUpOver!: () => void;
  /** Resolves once the first activation has ended: until then the training shards after the first wait (see `startUpDone`). */
  private readonly moreShards = new Promise<void>((resolve) => (this.startUpOver = resolve));

  constructor(
    private readonly loader: DatasetLoader,
    private readonly emit: Emit,
  ) {}

  /** The dataset, loading it on first use. */
  load(name: DatasetName): Promise<LoadedDataset> {
    let loading = this.loads.get(name);
    if (!loading) {
      loading = this.start(name);
      loading.catch(() => this.forget(name));
      this.loads.set(name, loading);
    }
    return loading;
  }

  /**
   * Says the lab's start-up is over (its first activation ended, whether a run is ready or not): the training shards
   * after the first, held back until now so the backend, the test set, the first shard and the first run get the CPU
   * and the network, may load.
   */
  startUpDone(): void {
    this.startUpOver();
  }

  forget(name: DatasetName): void {
    this.loads.delete(name);
  }

  /** Tells the page which digits it will be shown (copies, so the worker keeps its own). */
  announce(data: LoadedDataset): void {
    const probeImages = data.probeImages.slice();
    const probeLabels = data.probeLabels.slice();
    const { name, manifest, reconstructionIndices } = data;
    this.emit(
      { type: 'dataReady', dataset: name, title: manifest.title, probeImages, probeLabels, reconstructionIndices, classNames: manifest.classNames },
      [probeImages.buffer, probeLabels.buffer],
    );
  }

  private async start(name: DatasetName): Promise<LoadedDataset> {
    const pool = new TrainingPool(1);
    let latest: LoadProgress = { loadedBytes: 0, totalBytes: 0, phase: 'test' };
    let reportedAt = Number.NEGATIVE_INFINITY;
    /** A report held back by the interval goes out when the interval ends, so a stall never shows stale bytes. */
    let heldBack: ReturnType<typeof setTimeout> | undefined;
    const report = () => {
      clearTimeout(heldBack);
      heldBack = undefined;
      reportedAt = performance.now();
      this.emit({ type: 'loadProgress', dataset: name, ...latest, trainImages: pool.count });
    };
    let arrived!: () => void;
    const firstImages = new Promise<void>((resolve) => (arrived = resolve));
    const load = this.loader(name, {
      onProgress: (progress) => {
        const news = progress.phase !== latest.phase || progress.loadedBytes >= progress.totalBytes;
        latest = progress;
        const wait = PROGRESS_INTERVAL_MS - (performance.now() - reportedAt);
        if (news || wait <= 0) report();
        else heldBack ??= setTimeout(report, wait);
      },
      onTrainShard: (shard) => {
        pool.add(shard);
        arrived();
        report();
      },
      moreShards: this.moreShards,
    });
    let testArrived = false;
    const trainFailure = load.train.then(
      () => undefined,
      (error: unknown) => {
        this.forget(name);
        if (testArrived) this.emit({ type: 'error', source: 'data', dataset: name, message: describeError(error), retryable: true });
        throw error;
      },
    );
    trainFailure.catch(() => undefined);
    const manifest = await load.manifest;
    const test = await load.test;
    testArrived = true;
    const probeCount = Math.min(PROBE_COUNT, test.count);
    const probeLabels = test.labels.slice(0, probeCount);
    const firstImagesOrFailure = Promise.race([firstImages, trainFailure.then(() => firstImages)]);
    firstImagesOrFailure.catch(() => undefined);
    return {
      name,
      manifest,
      test,
      pool,
      firstImages: firstImagesOrFailure,
      probeImages: test.images.slice(0, probeCount * IMAGE_PIXELS),
      probeLabels,
      reconstructionIndices: manifest.classNames.map((_, label) => probeLabels.indexOf(label)).filter((i) => i >= 0),
    };
  }
}
