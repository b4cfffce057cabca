/**
 * Chart redraws take turns: each runs in a task of its own, one after another, outside animation frames (a resize
 * still redraws in one). A Plotly redraw costs 20–40 ms of main thread; two in one task, or one in the frame that
 * also commits React's update, make a task longer than 50 ms (a long task, felt as a stutter). Taking turns keeps
 * each task short and lets input run between redraws. A redraw that has not settled after STALL_MS lets the next
 * one go, so one stuck chart cannot stop the others.
 */
export type Draw = () => Promise<void>;

const STALL_MS = 3_000;

export class DrawQueue {
  private readonly waiting: Draw[] = [];
  private running = false;

  /** `nextTask(run)` runs `run` in a later task (a zero-delay timeout in the page); `stalled()` resolves after STALL_MS. */
  constructor(
    private readonly nextTask: (run: () => void) => void,
    private readonly stalled: () => Promise<void>,
  ) {}

  /** Queues `draw` (once: a draw already waiting keeps its place). */
  enqueue(draw: Draw): void {
    if (this.waiting.includes(draw)) return;
    this.waiting.push(draw);
    if (!this.running) this.runNext();
  }

  /** Drops `draw` if it still waits (its chart was disposed). */
  cancel(draw: Draw): void {
    const index = this.waiting.indexOf(draw);
    if (index >= 0) this.waiting.splice(index, 1);
  }

  get size(): number {
    return this.waiting.length;
  }

  private runNext(): void {
    this.running = true;
    this.nextTask(() => {
      const draw = this.waiting.shift();
      if (!draw) {
        this.running = false;
        return;
      }
      Promise.race([draw().catch(() => undefined), this.stalled()]).finally(() => this.runNext());
    });
  }
}

/** The page's one queue: every chart's redraws take turns in it. */
export const chartDraws = new DrawQueue(
  (run) => setTimeout(run, 0),
  () => new Promise((resolve) => setTimeout(resolve, STALL_MS)),
);
