/** How the worker computes one analysis view: whether it applies to a run, and its payload. */
import type { ProbeCodes, ProbeSelection } from '../../ml/training/probes';
import type { LoadedDataset } from '../datasets';
import type { PitfallPair } from '../pitfallPair';
import type { ViewKind, ViewPayloads, ViewRequests } from '../protocol';
import type { Run } from '../runs';

/** What a view may read: the run, its data, the probe codes of the latest snapshot and the page's digit choice. */
export interface ViewContext {
  run: Run;
  data: LoadedDataset;
  codes: ProbeCodes;
  selection: ProbeSelection;
  /** The pitfall lab's pair of runs while the page trains one (see pitfallPair.ts), else null. */
  pitfalls: PitfallPair | null;
  /** Aborts when the view's job is cancelled (its request, digit or run changed); a long view checks it between pieces of work. */
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
  /** The training step the view follows, when not the run's own (the pitfall lab follows its pair of runs). */
  stepOf?(context: Omit<ViewContext, 'signal' | 'pace' | 'batchSize'>): number;
}
