/**
 * A view computation run in pieces, with training (or commands) in between. The work awaits `pace(rows)`
 * before each batch of decoder evaluations; once the current piece has run `pieceMs`, pace suspends the work
 * until the next `runPiece()`. So the worker never waits on a view for more than about one piece, and the
 * view needs no flags: it is a promise that only advances when it is given a turn.
 */
import { abortError } from '../commandQueue';

export type PieceOutcome = 'yielded' | 'done';

export class ViewJob {
  private readonly controller = new AbortController();
  private done: Promise<PieceOutcome> | null = null;
  private resume: (() => void) | null = null;
  private endPiece: (() => void) | null = null;
  private pieceStartedAt = 0;
  private pieceRows = 0;
  private pieceMsPerRow: number | null = null;

  /**
   * `work` gets this job's pace and signal (aborted by `abort()`); `pieceMs` is how long a piece may run before
   * pace suspends it at the next batch.
   */
  constructor(
    private readonly work: (pace: (rows: number) => Promise<void>, signal: AbortSignal) => Promise<void>,
    private readonly pieceMs: number,
  ) {}

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Milliseconds per decoder row in the last piece that announced rows (null before one has). */
  get msPerRow(): number | null {
    return this.pieceMsPerRow;
  }

  /** Runs the work until it yields (its piece ran out) or ends; rejects with its error (AbortError once aborted). */
  runPiece(): Promise<PieceOutcome> {
    if (this.controller.signal.aborted) return Promise.reject(this.controller.signal.reason);
    this.pieceStartedAt = performance.now();
    this.pieceRows = 0;
    const yielded = new Promise<PieceOutcome>((resolve) => (this.endPiece = () => resolve('yielded')));
    if (!this.done) {
      this.done = this.work(this.pace, this.controller.signal).then(() => {
        this.measure();
        return 'done' as const;
      });
      this.done.catch(() => undefined);
    } else {
      const resume = this.resume;
      this.resume = null;
      resume?.();
    }
    return Promise.race([yielded, this.done]);
  }

  /** Cancels the work: a suspended job wakes up only to throw AbortError (its `finally` blocks free what it holds). */
  abort(): void {
    this.controller.abort(abortError());
    const resume = this.resume;
    this.resume = null;
    resume?.();
  }

  private readonly pace = async (rows: number): Promise<void> => {
    this.controller.signal.throwIfAborted();
    if (performance.now() - this.pieceStartedAt < this.pieceMs) {
      this.pieceRows += rows;
      return;
    }
    this.measure();
    await new Promise<void>((resolve) => {
      this.resume = resolve;
      this.endPiece?.();
    });
    this.controller.signal.throwIfAborted();
    this.pieceRows = rows;
  };

  private measure(): void {
    if (this.pieceRows > 0) this.pieceMsPerRow = (performance.now() - this.pieceStartedAt) / this.pieceRows;
  }
}
