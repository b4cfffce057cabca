import { loadDataset, TrainingPool, type ImageSet, type Manifest } from '../ml/data';
import { IMAGE_PIXELS, PROBE_COUNT, type DatasetName, type WorkerEvent } from './protocol';

/** A dataset whose test set has arrived; its training shards keep arriving into `pool` (training starts once it holds any). */
export interface LoadedDataset {
  name: DatasetName;
  manifest: Manifest;
  test: ImageSet;
  pool: TrainingPool;
  /** The first PROBE_COUNT test images and labels: the digits every panel shows. */
  probeImages: Uint8Array;
  probeLabels: Uint8Array;
  /** Probe index of the first digit of each class, for the reconstruction strip. */
  reconstructionIndices: number[];
}

type Emit = (event: WorkerEvent, transfer?: Transferable[]) => void;

/** Loads each dataset once (test set first, then training shards in the background) and keeps it; a failed shard is reported once (a failed test set is reported by whoever awaited `load`). */
export class DatasetStore {
  private readonly loads = new Map<DatasetName, Promise<LoadedDataset>>();

  constructor(
    private readonly baseUrl: string,
    private readonly emit: Emit,
  ) {}

  /** The dataset, loading it on first use; a failed load is forgotten so Retry starts afresh. */
  load(name: DatasetName): Promise<LoadedDataset> {
    let loading = this.loads.get(name);
    if (!loading) {
      loading = this.fetch(name);
      loading.catch(() => this.loads.delete(name));
      this.loads.set(name, loading);
    }
    return loading;
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

  private async fetch(name: DatasetName): Promise<LoadedDataset> {
    const pool = new TrainingPool(1);
    const load = loadDataset({
      baseUrl: this.baseUrl,
      dataset: name,
      onProgress: (progress) => this.emit({ type: 'loadProgress', ...progress }),
      onTrainShard: (shard) => pool.add(shard),
    });
    let testArrived = false;
    load.train.catch((error: unknown) => {
      this.forget(name);
      if (!testArrived) return;
      this.emit({ type: 'error', source: 'data', message: error instanceof Error ? error.message : String(error), retryable: true });
    });
    const manifest = await load.manifest;
    const test = await load.test;
    testArrived = true;
    const probeLabels = test.labels.slice(0, PROBE_COUNT);
    return {
      name,
      manifest,
      test,
      pool,
      probeImages: test.images.slice(0, PROBE_COUNT * IMAGE_PIXELS),
      probeLabels,
      reconstructionIndices: manifest.classNames.map((_, label) => probeLabels.indexOf(label)).filter((i) => i >= 0),
    };
  }
}
