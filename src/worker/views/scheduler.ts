/**
 * Which open views are due and computing them: a view is recomputed when its run, step, codes, request, the
 * page's digit choice or (for a view that reads it) the drawing changed since it was last sent, and, while
 * training, no more often than its own interval. Results go to the page as `view` events with their buffers transferred.
 */
import { isAbortError } from '../commandQueue';
import type { ViewKind, ViewRequests, WorkerEvent } from '../protocol';
import { runRef } from '../runs';
import { VIEW_MODULES } from './registry';
import type { ViewContext, ViewModule } from './types';

type Emit = (event: WorkerEvent, transfer?: Transferable[]) => void;

interface Sent {
  key: string;
  at: number;
}

export class ViewScheduler {
  private requests: ViewRequests = {};
  private readonly sent = new Map<ViewKind, Sent>();

  constructor(private readonly emit: Emit) {}

  /** The views open on the page now (replacing the previous set). */
  setRequests(requests: ViewRequests): void {
    this.requests = requests;
  }

  /** True while any view is open. */
  get anyOpen(): boolean {
    return Object.keys(this.requests).length > 0;
  }

  /**
   * Computes the due views, oldest first, until `budgetMs` is spent (at least one when any is due).
   * `training` applies each view's interval; paused, every due view is computed.
   */
  async computeDue(context: ViewContext, training: boolean, budgetMs: number): Promise<void> {
    const started = performance.now();
    const due = this.dueKinds(context, training).sort((a, b) => (this.sent.get(a)?.at ?? 0) - (this.sent.get(b)?.at ?? 0));
    for (const kind of due) {
      if (context.signal.aborted) return;
      await this.computeOne(kind, context);
      if (performance.now() - started >= budgetMs) return;
    }
  }

  /** Forgets what was sent (a new run, or a restarted worker): every open view is due again. */
  clear(): void {
    this.sent.clear();
  }

  /** What a view's result depends on: a new key makes it due. */
  private key<K extends ViewKind>(kind: K, context: ViewContext): string {
    const { run, selection, codesVersion, drawing } = context;
    const request = this.requests[kind];
    const readsDrawing = request !== undefined && (VIEW_MODULES[kind] as ViewModule<K>).readsDrawing?.(request as NonNullable<ViewRequests[K]>);
    return JSON.stringify([run.id, run.trainer.step, codesVersion, request, selection, readsDrawing ? (drawing?.version ?? 0) : null]);
  }

  private dueKinds(context: ViewContext, training: boolean): ViewKind[] {
    const now = performance.now();
    return (Object.keys(this.requests) as ViewKind[]).filter((kind) => {
      const sent = this.sent.get(kind);
      if (sent?.key === this.key(kind, context)) return false;
      return !training || !sent || now - sent.at >= VIEW_MODULES[kind].intervalMs;
    });
  }

  private async computeOne<K extends ViewKind>(kind: K, context: ViewContext): Promise<void> {
    const module = VIEW_MODULES[kind] as ViewModule<K>;
    const request = this.requests[kind];
    if (!request) return;
    const key = this.key(kind, context);
    const run = runRef(context.run);
    const step = context.run.trainer.step;
    const reason = module.notApplicable(context.run);
    if (reason !== null) {
      this.emit({ type: 'view', kind, run, step, status: 'notApplicable', reason } as WorkerEvent);
    } else {
      try {
        const { payload, transfer } = await module.compute(context, request as NonNullable<ViewRequests[K]>);
        this.emit({ type: 'view', kind, run, step, status: 'ready', payload } as WorkerEvent, transfer);
      } catch (error) {
        if (isAbortError(error)) return;
        throw error;
      }
    }
    this.sent.set(kind, { key, at: performance.now() });
  }
}
