/**
 * Chart redraws take turns: each runs in a task of its own, one after another, never inside an animation frame.
 * A Plotly redraw costs 20–40 ms of main thread; two in one frame, or one in the frame that also commits React's
 * update, make a task longer than 50 ms (a long task, felt as a stutter). Taking turns keeps each task short and
 * lets input and rendering run between redraws.
 */
export type Draw = () => Promise<void>;

export class DrawQueue {
  private readonly waiting: Draw[] = [];
  private running = false;

  /** `nextTask(run)` runs `run` in a later task (a zero-delay timeout in the page). */
  constructor(private readonly nextTask: (run: () => void) => void) {}

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
      draw()
        .catch(() => undefined)
        .finally(() => this.runNext());
    });
  }
}

/** The page's one queue: every chart's redraws take turns in it. */
export const chartDraws = new DrawQueue((run) => setTimeout(run, 0));
