/** How the worker answers one kind of on-demand query for the active run. */
import type { ProbeCodes, ProbeSelection } from '../../ml/training/probes';
import type { LoadedDataset } from '../datasets';
import type { QueryArgs, QueryKind, QueryResults } from '../protocol';
import type { Run } from '../runs';
import type { Drawing } from '../views/types';

export interface QueryContext {
  run: Run;
  data: LoadedDataset;
  /** The probe codes of the latest snapshot (null before the first). */
  codes: ProbeCodes | null;
  selection: ProbeSelection;
  /** The drawn digit, or null. */
  drawing: Drawing | null;
  /** Aborts when a newer query of this kind or another command needs the worker. */
  signal: AbortSignal;
}

export interface QueryModule<K extends QueryKind> {
  kind: K;
  /** Null when the query applies to this run; otherwise why not, for the page. */
  notApplicable(run: Run, args: QueryArgs[K]): string | null;
  answer(context: QueryContext, args: QueryArgs[K]): Promise<{ result: QueryResults[K]; transfer: ArrayBuffer[] }>;
}
