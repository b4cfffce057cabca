/**
 * Which open views are due, and computing them. A view is due when its request, run, the page's digit choice
 * or (for a view that reads it) the drawing changed since it was last sent (at once), or when its training step
 * or the snapshot's codes moved on (while training, no more often than its own interval). Each computation is a
 * ViewJob: a light view finishes in its first piece; a heavy one (quadrature, IWAE-1000 …) yields every piece and
 * is continued by `continueJob` between training chunks. Results go to the page as `view` events with their
 * buffers transferred.
 */
import { isAbortError } from '../commandQueue';
import type { BackendName, ViewKind, ViewRequests, WorkerEvent } from '../protocol';
import { runRef } from '../runs';
import { ViewJob } from './job';
import { VIEW_MODULES } from './registry';
import type { ViewContext, ViewModule } from './types';

type Emit = (event: WorkerEvent, transfer?: Transferable[]) => void;

/** What the scheduler needs to start a view: everything in ViewContext but what the job supplies. */
export type ViewInputs = Omit<ViewContext, 'signal' | 'pace' | 'batchSize'>;

interface Sent {
  requestKey: string;
  /** The training step and, for a view that follows the run's own step, the snapshot's codes version. */
  progress: string;
  at: number;
}

interface Pending {
  kind: ViewKind;
  /** The request as sent by the page (JSON), and with the run and digit it was computed for. */
  requestJson: string;
  requestKey: string;
  job: ViewJob;
}

/** A piece of a heavy view runs at most about this long (under one training chunk). */
export const PIECE_MS = 60;
/** Decoder rows per batch before a backend's speed has been measured. */
const FIRST_BATCH: Record<BackendName, number> = { cpu: 32, wasm: 512, webgl: 512, webgpu: 512 };
const BATCH_RANGE = { min: 8, max: 4096 };

export class ViewScheduler {
  private requests: ViewRequests = {};
  private readonly sent = new Map<ViewKind, Sent>();
  private readonly pending: Pending[] = [];
  /** Measured ms per decoder row of each view's last job (reset with the backend). */
  private readonly msPerRow = new Map<ViewKind, number>();
  backend: BackendName = 'cpu';

  constructor(private readonly emit: Emit) {}

  /** The views open on the page now (replacing the previous set); jobs of closed or changed views stop. */
  setRequests(requests: ViewRequests): void {
    this.requests = requests;
    this.dropPending((entry) => JSON.stringify(requests[entry.kind] ?? null) !== entry.requestJson);
  }

  /** The request of view `kind` while it is open. */
  request<K extends ViewKind>(kind: K): ViewRequests[K] | undefined {
    return this.requests[kind];
  }

  /** True while any view is open. */
  get anyOpen(): boolean {
    return Object.keys(this.requests).length > 0;
  }

  /** True while a heavy view waits for its next piece. */
  get hasPendingJob(): boolean {
    return this.pending.length > 0;
  }

  /** True while the next piece belongs to a view the page has no result of yet for its request (a panel shows "computing…"). */
  get nextPieceIsFirstResult(): boolean {
    const entry = this.pending[0];
    return entry !== undefined && this.sent.get(entry.kind)?.requestKey !== entry.requestKey;
  }

  /**
   * Starts the due views, oldest first, running each one's first piece, until `budgetMs` is spent (at least
   * one when any is due). `training` applies each view's interval to a newer step.
   */
  async computeDue(inputs: ViewInputs, training: boolean, budgetMs: number): Promise<void> {
    const started = performance.now();
    const due = this.dueKinds(inputs, training).sort((a, b) => (this.sent.get(a)?.at ?? 0) - (this.sent.get(b)?.at ?? 0));
    for (const kind of due) {
      await this.start(kind, inputs);
      if (performance.now() - started >= budgetMs) return;
    }
  }

  /** Runs one piece of the oldest pending job; false when none waits. */
  async continueJob(): Promise<boolean> {
    const entry = this.pending[0];
    if (!entry) return false;
    await this.runPiece(entry);
    return true;
  }

  /** Forgets what was sent and stops every job (a new run, or a new backend): every open view is due again. */
  clear(): void {
    this.sent.clear();
    this.dropPending(() => true);
  }

  /** The learned ms per row is the backend's: forget it when the backend changes. */
  setBackend(backend: BackendName): void {
    this.backend = backend;
    this.msPerRow.clear();
  }

  private requestKey<K extends ViewKind>(kind: K, inputs: ViewInputs): string {
    const request = this.requests[kind];
    const readsDrawing = request !== undefined && (VIEW_MODULES[kind] as ViewModule<K>).readsDrawing?.(request as NonNullable<ViewRequests[K]>);
    return JSON.stringify([inputs.run.id, JSON.stringify(request ?? null), inputs.selection, readsDrawing ? (inputs.drawing?.version ?? 0) : null]);
  }

  private stepOf(kind: ViewKind, inputs: ViewInputs): number {
    return (VIEW_MODULES[kind] as ViewModule<ViewKind>).stepOf?.(inputs) ?? inputs.run.trainer.step;
  }

  /** What moves a view on while its request stays: its step, and the codes of a newer snapshot for a view of the run's own step. */
  private progress(kind: ViewKind, inputs: ViewInputs): string {
    const ownStep = (VIEW_MODULES[kind] as ViewModule<ViewKind>).stepOf === undefined;
    return ownStep ? `${inputs.run.trainer.step}/${inputs.codesVersion}` : String(this.stepOf(kind, inputs));
  }

  private dueKinds(inputs: ViewInputs, training: boolean): ViewKind[] {
    const now = performance.now();
    return (Object.keys(this.requests) as ViewKind[]).filter((kind) => {
      const requestKey = this.requestKey(kind, inputs);
      const running = this.pending.find((entry) => entry.kind === kind);
      if (running?.requestKey === requestKey) return false;
      if (running) this.dropPending((entry) => entry === running);
      const sent = this.sent.get(kind);
      if (!sent || sent.requestKey !== requestKey) return true;
      if (sent.progress === this.progress(kind, inputs)) return false;
      return !training || now - sent.at >= VIEW_MODULES[kind].intervalMs;
    });
  }

  /** Decoder rows per batch for `kind`: about half a piece at its measured speed. */
  private batchSize(kind: ViewKind): number {
    const msPerRow = this.msPerRow.get(kind);
    if (msPerRow === undefined) return FIRST_BATCH[this.backend];
    return Math.round(Math.min(BATCH_RANGE.max, Math.max(BATCH_RANGE.min, PIECE_MS / 2 / msPerRow)));
  }

  private async start<K extends ViewKind>(kind: K, inputs: ViewInputs): Promise<void> {
    const module = VIEW_MODULES[kind] as ViewModule<K>;
    const request = this.requests[kind] as NonNullable<ViewRequests[K]> | undefined;
    if (!request) return;
    const requestKey = this.requestKey(kind, inputs);
    const run = runRef(inputs.run);
    const step = this.stepOf(kind, inputs);
    const progress = this.progress(kind, inputs);
    const reason = module.notApplicable(inputs.run);
    if (reason !== null) {
      this.emit({ type: 'view', kind, run, step, status: 'notApplicable', reason } as WorkerEvent);
      this.sent.set(kind, { requestKey, progress, at: performance.now() });
      return;
    }
    const batchSize = this.batchSize(kind);
    const job = new ViewJob(async (pace, signal) => {
      const { payload, transfer } = await module.compute({ ...inputs, signal, pace, batchSize }, request);
      this.emit({ type: 'view', kind, run, step, status: 'ready', payload } as WorkerEvent, transfer);
      this.sent.set(kind, { requestKey, progress, at: performance.now() });
    }, PIECE_MS);
    const entry: Pending = { kind, requestJson: JSON.stringify(request), requestKey, job };
    this.pending.push(entry);
    await this.runPiece(entry);
  }

  /** One piece of `entry`'s job; the job leaves the pending list when it ends, fails or is aborted. */
  private async runPiece(entry: Pending): Promise<void> {
    let outcome: 'yielded' | 'done' = 'done';
    try {
      outcome = await entry.job.runPiece();
    } catch (error) {
      if (!isAbortError(error)) throw error;
    } finally {
      if (entry.job.msPerRow !== null) this.msPerRow.set(entry.kind, entry.job.msPerRow);
      const index = this.pending.indexOf(entry);
      if (index >= 0) this.pending.splice(index, 1);
      // A job that yielded goes to the back of the line, so several heavy views take turns.
      if (outcome === 'yielded' && !entry.job.signal.aborted) this.pending.push(entry);
    }
  }

  private dropPending(drop: (entry: Pending) => boolean): void {
    for (let i = this.pending.length - 1; i >= 0; i--) {
      if (!drop(this.pending[i])) continue;
      this.pending[i].job.abort();
      this.pending.splice(i, 1);
    }
  }
}
