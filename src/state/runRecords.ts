/**
 * What the page remembers of each (dataset, model) run: its loss curves, test evaluations and latest
 * snapshot, so flipping back to a model shows its own curves at once. A record follows one worker run
 * (its `runId`); events of an older run of the same key are stale and dropped. Pure data.
 */
import type { DatasetName, ModelKind, RunTarget, Snapshot, TestEvaluation, ViewKind, ViewResult } from '../worker/protocol';
import { appendTerms, dropAfter, emptyLossHistory } from './lossHistory';
import type { LossHistory } from './lossHistory';

export type RunKey = `${DatasetName}:${ModelKind}`;

export interface RunRecord {
  /** The worker run these curves belong to; null until the worker names one. */
  runId: number | null;
  /** Events of runs with a smaller id are stale (set when the page resets the run). */
  minRunId: number;
  history: LossHistory;
  evaluations: TestEvaluation[];
  snapshot: Snapshot | null;
  /** The latest result of each analysis view the worker computed for this run. */
  views: Partial<{ [K in ViewKind]: ViewResult<K> }>;
}

export function runKey(target: RunTarget): RunKey {
  return `${target.dataset}:${target.model}`;
}

/** A run nobody has trained yet, or one just reset (events of runs below `minRunId` are ignored). */
export function emptyRunRecord(minRunId = 0): RunRecord {
  return { runId: null, minRunId, history: emptyLossHistory(), evaluations: [], snapshot: null, views: {} };
}

/**
 * The record that follows worker run `runId`: the same one for its own run, a fresh one for a newer run,
 * null for a stale (older) run whose events must be dropped.
 */
export function adoptRun(record: RunRecord, runId: number): RunRecord | null {
  if (runId === record.runId) return record;
  if (runId < record.minRunId || (record.runId !== null && runId < record.runId)) return null;
  return record.runId === null ? { ...record, runId } : { ...emptyRunRecord(record.minRunId), runId };
}

/** The record after a snapshot of its run: its terms appended, the snapshot kept. */
export function withSnapshot(record: RunRecord, snapshot: Snapshot): RunRecord {
  return { ...record, snapshot, history: appendTerms(record.history, snapshot.terms) };
}

export function withView(record: RunRecord, result: ViewResult): RunRecord {
  return { ...record, views: { ...record.views, [result.kind]: result } };
}

/** The record after its run was rebuilt at `step` (the GPU was lost): curve points, evaluations, views and the snapshot of later steps go. */
export function withoutStepsAfter(record: RunRecord, step: number): RunRecord {
  const views = Object.fromEntries(Object.entries(record.views).filter(([, result]) => result.step <= step)) as RunRecord['views'];
  const snapshot = record.snapshot && record.snapshot.step <= step ? record.snapshot : null;
  return { ...record, snapshot, views, history: dropAfter(record.history, step), evaluations: record.evaluations.filter((evaluation) => evaluation.step <= step) };
}

export function withEvaluation(record: RunRecord, evaluation: TestEvaluation): RunRecord {
  return { ...record, evaluations: [...record.evaluations, evaluation] };
}
