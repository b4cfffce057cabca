/**
 * Keeps at most one request in flight and only the newest waiting: a pointer that moves faster than the worker
 * answers gets the answer for where it is now, not for every place it passed. Plain TypeScript, no React.
 */
export class LatestOnly<A, R> {
  private inFlight = false;
  private waiting: { args: A } | null = null;
  private closed = false;

  /** `send` asks; `deliver` gets each answer with the arguments it answers (not called after `close`). */
  constructor(
    private readonly send: (args: A) => Promise<R>,
    private readonly deliver: (result: R, args: A) => void,
  ) {}

  /** Asks now when nothing is in flight; otherwise replaces whatever waits. */
  request(args: A): void {
    if (this.closed) return;
    if (this.inFlight) {
      this.waiting = { args };
      return;
    }
    this.inFlight = true;
    this.send(args).then(
      (result) => this.settle(args, result),
      () => this.settle(args, null),
    );
  }

  /** Drops what waits (the pointer left); an answer in flight is still delivered. */
  cancel(): void {
    this.waiting = null;
  }

  /** Stops for good: nothing waits, nothing more is delivered. */
  close(): void {
    this.closed = true;
    this.waiting = null;
  }

  private settle(args: A, result: R | null): void {
    this.inFlight = false;
    if (this.closed) return;
    if (result !== null) this.deliver(result, args);
    const next = this.waiting;
    this.waiting = null;
    if (next) this.request(next.args);
  }
}
