/**
 * One serial queue for every command the page sends the worker, and the background work (training)
 * that runs whenever the queue is empty. Commands run one at a time in arrival order; a command can
 * supersede others (abort them, queued or running, through their AbortSignal), and every arriving
 * command aborts the background work's current wait so it runs promptly. No flags: who may run when is
 * decided here, in one place.
 */

/** A command for the queue; `kind` names it so later commands can supersede it. */
export interface Command<K extends string, T> {
  kind: K;
  /** Kinds this command cancels when it is queued: those waiting in the queue and the one running. */
  supersedes?: readonly K[];
  /** The work; it should return early (any value) once `signal` is aborted. */
  run(signal: AbortSignal): Promise<T>;
}

/** What the queue runs while no command waits; `signal` aborts when a command arrives. */
export type BackgroundWork = (signal: AbortSignal) => Promise<void>;

interface Entry<K extends string> {
  kind: K;
  controller: AbortController;
  run(signal: AbortSignal): Promise<unknown>;
  settle(result: { value: unknown } | { error: unknown } | { aborted: true }): void;
}

/** Result of a command: its value, or `superseded` when a later command cancelled it before or while it ran. */
export type Outcome<T> = { status: 'done'; value: T } | { status: 'superseded' };

/** The error an aborted wait rejects with (DOMException 'AbortError' where available). */
export function abortError(): Error {
  return new DOMException('The command was superseded', 'AbortError');
}

/** True for the rejection of an aborted wait. */
export function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

/** Resolves with `promise`, or rejects with an AbortError as soon as `signal` aborts. */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(abortError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** Waits `ms` milliseconds, or rejects with an AbortError when `signal` aborts first. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return abortable(new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))), signal).finally(() => clearTimeout(timer));
}

export class CommandQueue<K extends string> {
  private readonly waiting: Entry<K>[] = [];
  private running: Entry<K> | null = null;
  private background: BackgroundWork | null = null;
  private backgroundController: AbortController | null = null;
  private wake: (() => void) | null = null;
  private idleWaiters: Array<() => void> = [];
  private closed = false;

  /**
   * `onError` hears errors the background work throws (it keeps being called); `yieldToEvents` lets
   * queued messages arrive between background iterations.
   */
  constructor(
    private readonly onError: (error: unknown) => void,
    private readonly yieldToEvents: () => Promise<void>,
  ) {
    void this.pump();
  }

  /** Queues a command; resolves when it has run or was superseded (a thrown error rejects). */
  enqueue<T>(command: Command<K, T>): Promise<Outcome<T>> {
    if (this.closed) return Promise.resolve({ status: 'superseded' });
    for (const kind of command.supersedes ?? []) this.abortKind(kind);
    this.backgroundController?.abort();
    return new Promise<Outcome<T>>((resolve, reject) => {
      this.waiting.push({
        kind: command.kind,
        controller: new AbortController(),
        run: command.run,
        settle: (result) => {
          if ('error' in result) reject(result.error);
          else if ('aborted' in result) resolve({ status: 'superseded' });
          else resolve({ status: 'done', value: result.value as T });
        },
      });
      this.wake?.();
    });
  }

  /** Sets (or clears, with null) the work run repeatedly while no command waits. */
  setBackground(work: BackgroundWork | null): void {
    this.background = work;
    if (!work) this.backgroundController?.abort();
    this.wake?.();
  }

  /** True while a command of `kind` waits or runs (and has not been superseded). */
  has(kind: K): boolean {
    const live = (entry: Entry<K> | null) => entry !== null && entry.kind === kind && !entry.controller.signal.aborted;
    return live(this.running) || this.waiting.some(live);
  }

  /** Resolves once no command waits or runs (background work may go on). */
  whenIdle(): Promise<void> {
    if (!this.running && this.waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Supersedes everything queued, stops background work and ends the queue. */
  close(): void {
    this.closed = true;
    this.running?.controller.abort();
    for (const entry of this.waiting.splice(0)) entry.settle({ aborted: true });
    this.setBackground(null);
  }

  private abortKind(kind: K): void {
    if (this.running?.kind === kind) this.running.controller.abort();
    for (const entry of this.waiting) if (entry.kind === kind) entry.controller.abort();
  }

  private async pump(): Promise<void> {
    while (!this.closed) {
      const entry = this.waiting.shift();
      if (entry) {
        await this.runEntry(entry);
        continue;
      }
      for (const resolve of this.idleWaiters.splice(0)) resolve();
      if (this.background) {
        this.backgroundController = new AbortController();
        try {
          await this.background(this.backgroundController.signal);
        } catch (error) {
          if (!isAbortError(error)) this.onError(error);
        }
        this.backgroundController = null;
        await this.yieldToEvents();
        continue;
      }
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = null;
    }
  }

  private async runEntry(entry: Entry<K>): Promise<void> {
    if (entry.controller.signal.aborted) {
      entry.settle({ aborted: true });
      return;
    }
    this.running = entry;
    try {
      const value = await entry.run(entry.controller.signal);
      entry.settle(entry.controller.signal.aborted ? { aborted: true } : { value });
    } catch (error) {
      entry.settle(isAbortError(error) ? { aborted: true } : { error });
    } finally {
      this.running = null;
    }
  }
}
