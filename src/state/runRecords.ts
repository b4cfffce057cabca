/**
 * What the page remembers of each (dataset, model) run: its loss curves, test evaluations, latest
 * snapshot and step, so flipping back to a model shows its own curves at once. Pure data.
 */
import type { DatasetName, ModelKind, Snapshot, TestEvaluation } from '../worker/protocol';
import { appendTerms, emptyLossHistory } from './lossHistory';
import type { LossHistory } from './lossHistory';

export type RunKey = `${DatasetName}:${ModelKind}`;

export interface RunRecord {
  history: LossHistory;
  evaluations: TestEvaluation[];
  snapshot: Snapshot | null;
  step: number;
}

export function runKey(dataset: DatasetName, model: ModelKind): RunKey {
  return `${dataset}:${model}`;
}

/** A run nobody has trained yet (or just reset). */
export function emptyRunRecord(): RunRecord {
  return { history: emptyLossHistory(), evaluations: [], snapshot: null, step: 0 };
}

/** The record after a snapshot of that run: its terms appended, the snapshot kept. */
export function withSnapshot(record: RunRecord, snapshot: Snapshot): RunRecord {
  return { ...record, snapshot, step: snapshot.step, history: appendTerms(record.history, snapshot.terms) };
}

export function withEvaluation(record: RunRecord, evaluation: TestEvaluation): RunRecord {
  return { ...record, evaluations: [...record.evaluations, evaluation] };
}
