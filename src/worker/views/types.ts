/** How the worker computes one analysis view: whether it applies to a run, and its payload. */
import type { ProbeCodes, ProbeSelection } from '../../ml/training/probes';
import type { LoadedDataset } from '../datasets';
import type { PitfallPair } from '../pitfallPair';
import type { ViewKind, ViewPayloads, ViewRequests } from '../protocol';
import type { Run } from '../runs';

/** The page's drawing as the worker keeps it: preprocessed like MNIST (784 values in [0, 1]); `version` grows with every change. */
export interface Drawing {
  image: Float32Array;
  version: number;
}

/** What a view may read: the run, its data, the probe codes of the latest snapshot, the page's digit choice and drawing. */
export interface ViewContext {
  run: Run;
  data: LoadedDataset;
  codes: ProbeCodes;
  /** Grows with every snapshot (so with every new set of codes). */
  codesVersion: number;
  selection: ProbeSelection;
  /** The drawn digit, or null before one is drawn (and after Clear). */
  drawing: Drawing | null;
  /** The pitfall lab's pair of runs while the page trains one (see pitfallPair.ts), else null. */
  pitfalls: PitfallPair | null;
  /** Aborts when the view's job is cancelled (its request, digit, drawing or run changed); a long view checks it between pieces of work. */
  signal: AbortSignal;
  /**
   * A long view awaits this before each batch of `rows` decoder evaluations (the estimators' `pace` option): the
   * worker may train in between, so such a view reads a frozen copy of the weights (ml/models/frozenCopy.ts).
   */
  pace(rows: number): Promise<void>;
  /** Decoder rows per batch that keep one batch well under a training chunk on this backend (measured). */
  batchSize: number;
}

export interface ViewModule<K extends ViewKind> {
  kind: K;
  /** Null when the view applies to this run; otherwise one or two sentences saying why not, for the page. */
  notApplicable(run: Run): string | null;
  /** The payload and the buffers to transfer with it. */
  compute(context: ViewContext, request: NonNullable<ViewRequests[K]>): Promise<{ payload: ViewPayloads[K]; transfer: ArrayBuffer[] }>;
  /** While training, recompute at most this often (ms) for a newer step: heavy views run below the snapshot rate. */
  intervalMs: number;
  /** True when the result depends on the drawing, so a new drawing makes the view due (absent: never). */
  readsDrawing?(request: NonNullable<ViewRequests[K]>): boolean;
  /** The training step the view follows, when not the run's own (the pitfall lab follows its pair of runs). */
  stepOf?(context: Omit<ViewContext, 'signal' | 'pace' | 'batchSize'>): number;
}
